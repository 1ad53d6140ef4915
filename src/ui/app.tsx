import { lazy, Suspense, useEffect, useState } from 'react';
import { Composer } from './composer';
import type { Controller } from './controller';
import { FirstRun } from './first-run';
import { HeaderBar } from './header-bar';
import { PermissionDialog } from './permission-dialog';
import { TodoList } from './todo-list';
import { Transcript } from './transcript';
import { useAppState } from './use-controller';
import { WorkspacePanel } from './workspace-panel';
import { RepoHome, RepoStatus } from './git/repo-home';
import { useGit } from './git/use-git';

const SourceControlPanel = lazy(() => import('./git/source-control').then((m) => ({ default: m.SourceControlPanel })));
const SettingsDialog = lazy(() => import('./settings-dialog').then((m) => ({ default: m.SettingsDialog })));

const embedded = new URLSearchParams(location.search).has('embed');

export function App({ controller }: { controller: Controller }) {
  const state = useAppState();
  const { chat } = state;
  const [workspaceOpen, setWorkspaceOpen] = useState(() => !embedded && window.innerWidth >= 960);
  const git = useGit();
  const [sourceControlOpen, setSourceControlOpen] = useState(false);

  // Esc stops the agent from anywhere but a dialog of its own (settings handles its own Esc).
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented || !controller.getState().chat.running || controller.getState().settingsOpen) return;
      event.preventDefault();
      controller.stop();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller]);

  useEffect(() => {
    if (state.openFile) setWorkspaceOpen(true);
  }, [state.openFile]);

  const permission = chat.permissions[0];
  const showFirstRun = chat.items.length === 0 && state.loaded && (state.firstRun || !state.providerReady);

  return (
    <div className={`app${embedded ? ' is-embed' : ''}${workspaceOpen ? ' workspace-open' : ''}`}>
      <HeaderBar
        state={state}
        onSettings={() => controller.openSettings()}
        onCycleMode={() => controller.cycleMode()}
        onToggleWorkspace={() => setWorkspaceOpen((o) => !o)}
        workspaceOpen={workspaceOpen}
        onSourceControl={() => setSourceControlOpen((o) => !o)}
        sourceControlOpen={sourceControlOpen}
      />
      <main className="main">
        <section className="chat" aria-label="Chat">
          <Transcript items={chat.items}>
            {showFirstRun && (
              <FirstRun
                providerReady={state.providerReady}
                onSetKey={() => controller.openSettings()}
                onLocal={() => controller.openSettings('ollama')}
                onTry={(text) => void controller.send(text)}
              />
            )}
            {chat.items.length === 0 && state.loaded && <RepoHome git={git} onSettings={() => controller.openSettings()} />}
          </Transcript>
          {chat.items.length > 0 && <RepoStatus git={git} showReadme={false} onSettings={() => controller.openSettings()} />}
          {state.reloadNeeded && (
            <div className="notice notice-info banner" role="status">
              The workspace backend changes on the next load.{' '}
              <button type="button" className="link" onClick={() => location.reload()}>
                Reload now
              </button>
            </div>
          )}
          {chat.running && chat.todos.some((t) => t.status !== 'completed') && <TodoList todos={chat.todos} />}
          {permission && (
            <PermissionDialog request={permission} queued={chat.permissions.length - 1} onAnswer={(id, answer) => controller.answerPermission(id, answer)} />
          )}
          <Composer
            running={chat.running}
            onSend={(text) => void controller.send(text)}
            onStop={() => controller.stop()}
            onCycleMode={() => controller.cycleMode()}
            focusKey={`${state.settingsOpen}-${permission?.callId ?? ''}`}
            canFocus={!permission && !state.settingsOpen}
          />
        </section>
        {workspaceOpen && <WorkspacePanel workspace={controller.workspace} openFile={state.openFile} />}
        {sourceControlOpen && (
          <Suspense fallback={null}>
            <SourceControlPanel workspace={controller.workspace} controller={git} onClose={() => setSourceControlOpen(false)} />
          </Suspense>
        )}
      </main>
      {state.settingsOpen && (
        <Suspense fallback={null}>
          <SettingsDialog controller={controller} state={state} />
        </Suspense>
      )}
    </div>
  );
}
