import { lazy, Suspense, useEffect, useState } from 'react';
import type { Workspace } from '../../workspace/types';
import { FileTreeView } from './file-tree-view';

const EditorPane = lazy(() => import('./editor-pane').then((m) => ({ default: m.EditorPane })));

/** The tree beside the editor's tabs; `openFile` (from /memory, a card, the chat) opens a tab. */
export function FilesView({ workspace, openFile, changed }: { workspace: Workspace; openFile: { path: string; nonce: number } | null; changed: ReadonlySet<string> }) {
  const [tabs, setTabs] = useState<string[]>([]);
  const [active, setActive] = useState<string | null>(null);
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
    <>
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
      {tabs.length > 0 && (
        <Suspense fallback={<p className="muted pad">Loading the editor…</p>}>
          <EditorPane workspace={workspace} tabs={tabs} active={active} onActivate={setActive} onClose={close} />
        </Suspense>
      )}
    </>
  );
}
