import { lazy, Suspense, useEffect, useState } from 'react';
import type { EmbedView } from '../lib/embed-protocol';
import type { Workspace } from '../workspace/types';
import { FilesView } from './workbench/files-view';
import { useApp, useStore } from './use-store';
import './workbench/workbench.css';

const ReviewPane = lazy(() => import('./workbench/review-pane').then((m) => ({ default: m.ReviewPane })));
const TerminalPane = lazy(() => import('./workbench/terminal-pane').then((m) => ({ default: m.TerminalPane })));
const PreviewPane = lazy(() => import('./workbench/preview-pane').then((m) => ({ default: m.PreviewPane })));
// Shown only while a background command runs.
const BackgroundTaskList = lazy(() => import('./task-lists').then((m) => ({ default: m.BackgroundTaskList })));

type Tab = 'files' | 'review' | 'terminal' | 'preview';
const tabs: Array<[Tab, string]> = [
  ['files', 'Files'],
  ['review', 'Review'],
  ['terminal', 'Terminal'],
  ['preview', 'Preview'],
];

/** Files + editor, terminal and preview: usable with or without a model. */
export function WorkspacePanel({
  workspace,
  openFile,
  view = null,
}: {
  workspace: Workspace;
  openFile: { path: string; nonce: number } | null;
  /** The pane an embedding host chose (`editor` is the files pane, where the editor lives). */
  view?: EmbedView | null;
}) {
  const [tab, setTab] = useState<Tab>(() => (view === 'preview' || view === 'terminal' ? view : 'files'));
  // The terminal and the preview stay mounted once opened: the shell keeps its state, and a
  // preview opened in a new tab keeps being served (its relay lives in the preview pane).
  const [terminalOpened, setTerminalOpened] = useState(false);
  const [previewOpened, setPreviewOpened] = useState(false);
  const app = useApp();
  const workbench = app.workbench;
  const background = useStore(app.tasks.store, (s) => s.background);
  const bench = useStore(workbench.store, (s) => s);

  useEffect(() => {
    if (view) setTab(view === 'editor' ? 'files' : view);
  }, [view]);
  useEffect(() => {
    if (openFile) setTab('files');
  }, [openFile]);
  useEffect(() => {
    if (bench.review) setTab('review');
  }, [bench.review]);

  useEffect(() => {
    if (tab === 'terminal') setTerminalOpened(true);
    if (tab === 'preview') setPreviewOpened(true);
  }, [tab]);

  return (
    <section className="workspace-panel" aria-label="Workspace">
      <div className="tabs" role="tablist" aria-label="Workspace views">
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            className={tab === id ? 'is-active' : ''}
            onClick={() => setTab(id)}
          >
            {label}
          </button>
        ))}
      </div>
      {background.length > 0 && (
        <Suspense fallback={null}>
          <BackgroundTaskList tasks={background} onStop={(id) => void app.tasks.stop(id)} />
        </Suspense>
      )}
      <div
        className="tab-panel files-panel"
        role="tabpanel"
        id="panel-files"
        aria-labelledby="tab-files"
        hidden={tab !== 'files'}
      >
        <FilesView workspace={workspace} openFile={openFile} changed={bench.changed} />
      </div>
      <div
        className="tab-panel"
        role="tabpanel"
        id="panel-review"
        aria-labelledby="tab-review"
        hidden={tab !== 'review'}
      >
        {tab === 'review' && (
          <Suspense fallback={<p className="muted pad">Loading the diff…</p>}>
            <ReviewPane workbench={workbench} state={bench} root={workspace.root} />
          </Suspense>
        )}
      </div>
      <div
        className="tab-panel"
        role="tabpanel"
        id="panel-terminal"
        aria-labelledby="tab-terminal"
        hidden={tab !== 'terminal'}
      >
        {terminalOpened && (
          <Suspense fallback={<p className="muted pad">Loading the terminal…</p>}>
            <TerminalPane workspace={workspace} active={tab === 'terminal'} bash={bench.bash} />
          </Suspense>
        )}
      </div>
      <div
        className="tab-panel"
        role="tabpanel"
        id="panel-preview"
        aria-labelledby="tab-preview"
        hidden={tab !== 'preview'}
      >
        {previewOpened && (
          <Suspense fallback={null}>
            <PreviewPane workspace={workspace} />
          </Suspense>
        )}
      </div>
    </section>
  );
}
