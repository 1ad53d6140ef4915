import { lazy, Suspense, useEffect, useState } from 'react';
import type { Workspace } from '../workspace/types';
import { FileTreeView } from './workbench/file-tree-view';

const EditorPane = lazy(() => import('./workbench/editor-pane').then((m) => ({ default: m.EditorPane })));
const TerminalPane = lazy(() => import('./workbench/terminal-pane').then((m) => ({ default: m.TerminalPane })));
const PreviewPane = lazy(() => import('./workbench/preview-pane').then((m) => ({ default: m.PreviewPane })));

type Tab = 'files' | 'terminal' | 'preview';
const tabs: Array<[Tab, string]> = [
  ['files', 'Files'],
  ['terminal', 'Terminal'],
  ['preview', 'Preview'],
];

/** Files + editor, terminal and preview: usable with or without a model. */
export function WorkspacePanel({ workspace, openFile }: { workspace: Workspace; openFile: { path: string; nonce: number } | null }) {
  const [tab, setTab] = useState<Tab>('files');
  const [file, setFile] = useState<string | null>(null);
  const [terminalOpened, setTerminalOpened] = useState(false);

  useEffect(() => {
    if (openFile) {
      setFile(openFile.path);
      setTab('files');
    }
  }, [openFile]);

  useEffect(() => {
    if (tab === 'terminal') setTerminalOpened(true);
  }, [tab]);

  return (
    <section className="workspace-panel" aria-label="Workspace">
      <div className="tabs" role="tablist" aria-label="Workspace views">
        {tabs.map(([id, label]) => (
          <button key={id} type="button" role="tab" id={`tab-${id}`} aria-selected={tab === id} aria-controls={`panel-${id}`} className={tab === id ? 'is-active' : ''} onClick={() => setTab(id)}>
            {label}
          </button>
        ))}
      </div>
      <div className="tab-panel files-panel" role="tabpanel" id="panel-files" aria-labelledby="tab-files" hidden={tab !== 'files'}>
        <FileTreeView workspace={workspace} selected={file} onOpen={setFile} />
        {file && (
          <Suspense fallback={<p className="muted pad">Loading the editor…</p>}>
            <EditorPane workspace={workspace} path={file} />
          </Suspense>
        )}
      </div>
      <div className="tab-panel" role="tabpanel" id="panel-terminal" aria-labelledby="tab-terminal" hidden={tab !== 'terminal'}>
        {terminalOpened && (
          <Suspense fallback={<p className="muted pad">Loading the terminal…</p>}>
            <TerminalPane workspace={workspace} active={tab === 'terminal'} />
          </Suspense>
        )}
      </div>
      <div className="tab-panel" role="tabpanel" id="panel-preview" aria-labelledby="tab-preview" hidden={tab !== 'preview'}>
        {tab === 'preview' && (
          <Suspense fallback={null}>
            <PreviewPane workspace={workspace} />
          </Suspense>
        )}
      </div>
    </section>
  );
}
