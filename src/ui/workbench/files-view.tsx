import { lazy, Suspense, useEffect, useRef, useState, type CSSProperties } from 'react';
import { Splitter, usePersistedSize } from '../splitter';
import type { Workspace } from '../../workspace/types';

// The tree's code loads after the first commit (the composer is live first, typing never waits for
// it); src/main.tsx fetches it at first paint, so it shows a moment later, not an idle period later.
const FileTreeView = lazy(() => import('./file-tree-view').then((m) => ({ default: m.FileTreeView })));
const EditorPane = lazy(() => import('./editor-pane').then((m) => ({ default: m.EditorPane })));

/** The tree beside the editor's tabs; `openFile` (from /memory, a card, the chat) opens a tab. */
export function FilesView({
  workspace,
  openFile,
  changed,
}: {
  workspace: Workspace;
  openFile: { path: string; nonce: number } | null;
  changed: ReadonlySet<string>;
}) {
  const [tabs, setTabs] = useState<string[]>([]);
  const [treeWanted, setTreeWanted] = useState(false);
  useEffect(() => setTreeWanted(true), []);
  const [active, setActive] = useState<string | null>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const [boxHeight, setBoxHeight] = useState(600);
  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => el.clientHeight > 0 && setBoxHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const [treeHeight, setTreeHeight] = usePersistedSize('tidepool.layout.treeHeight');
  // The tree keeps room for a few rows and the editor for its tabs and some lines.
  const treeMax = Math.max(80, boxHeight - 160);
  const treeSize = Math.round(Math.min(Math.max(treeHeight ?? boxHeight * 0.38, 80), treeMax));
  const open = (path: string): void => {
    setTabs((t) => (t.includes(path) ? t : [...t, path]));
    setActive(path);
  };
  useEffect(() => {
    if (openFile) open(workspace.resolve(openFile.path));
  }, [openFile, workspace]);
  const close = (path: string): void => {
    setTabs((t) => {
      const next = t.filter((p) => p !== path);
      if (active === path) setActive(next[Math.min(t.indexOf(path), next.length - 1)] ?? null);
      return next;
    });
  };
  return (
    <div className="files-split" ref={boxRef} style={{ '--tree-h': `${treeSize}px` } as CSSProperties}>
      {treeWanted ? (
        <Suspense fallback={<div className="file-tree-pending" aria-busy="true" />}>
          <FileTreeView
            workspace={workspace}
            selected={active}
            changed={changed}
            onOpen={open}
            onRenamed={(from, to) => {
              close(from);
              if (to) open(to);
            }}
          />
        </Suspense>
      ) : (
        <div className="file-tree-pending" aria-busy="true" />
      )}
      {tabs.length > 0 && (
        <Splitter
          label="Resize file tree"
          orientation="horizontal"
          size={treeSize}
          min={80}
          max={treeMax}
          grow={1}
          onResize={setTreeHeight}
          onReset={() => setTreeHeight(null)}
        />
      )}
      {tabs.length > 0 && (
        <Suspense fallback={<p className="muted pad">Loading the editor…</p>}>
          <EditorPane workspace={workspace} tabs={tabs} active={active} onActivate={setActive} onClose={close} />
        </Suspense>
      )}
    </div>
  );
}
