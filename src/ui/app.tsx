import { lazy, Suspense, useEffect, useRef, useState, type CSSProperties, type RefObject } from 'react';
import { Composer } from './composer';
import type { ShellHandoff } from './shell-handoff';
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
import { useWorkbench } from './workbench/use-workbench';
import { ReplayPlayer } from './sessions/replay-player';
import { SessionBanners } from './sessions/session-banners';
import { Splitter, usePersistedSize } from './splitter';

const SourceControlPanel = lazy(() => import('./git/source-control').then((m) => ({ default: m.SourceControlPanel })));
const SettingsDialog = lazy(() => import('./settings-dialog').then((m) => ({ default: m.SettingsDialog })));
const SessionsPanel = lazy(() => import('./sessions/sessions-panel').then((m) => ({ default: m.SessionsPanel })));
const RewindDialog = lazy(() => import('./sessions/rewind-dialog').then((m) => ({ default: m.RewindDialog })));
const ExportDialog = lazy(() => import('./sessions/export-dialog').then((m) => ({ default: m.ExportDialog })));

const embedded = new URLSearchParams(location.search).has('embed');

// Neither side of the chat/workbench split collapses below these (desktop; narrower screens switch views).
const CHAT_MIN = 360;
const BENCH_MIN = 320;

/** The width of an element, kept current as the window or the layout changes. */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(() => window.innerWidth);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

export function App({ controller, handoff = null }: { controller: Controller; handoff?: ShellHandoff | null }) {
  const state = useAppState();
  const { chat } = state;
  const [workspaceOpen, setWorkspaceOpen] = useState(() => !embedded && window.innerWidth >= 960);
  const git = useGit();
  const [sourceControlOpen, setSourceControlOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const mainWidth = useWidth(mainRef);
  const [benchWidth, setBenchWidth] = usePersistedSize('tidepool.layout.workbenchWidth');
  const benchMax = Math.max(BENCH_MIN, mainWidth - CHAT_MIN);
  const benchSize = Math.round(Math.min(Math.max(benchWidth ?? mainWidth * 0.4, BENCH_MIN), benchMax));

  // Esc stops the agent from anywhere but a dialog of its own (settings handles its own Esc).
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (
        event.key !== 'Escape' ||
        event.defaultPrevented ||
        !controller.getState().chat.running ||
        controller.getState().settingsOpen
      )
        return;
      event.preventDefault();
      controller.stop();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller]);

  // Esc Esc (when the agent is idle and nothing else is open) opens the rewind dialog, as /rewind does.
  useEffect(() => {
    let lastEsc = 0;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented || !controller.canRewind()) return;
      if (document.querySelector('dialog[open], [role="dialog"]')) return;
      const now = event.timeStamp;
      if (now - lastEsc < 600) {
        lastEsc = 0;
        controller.openSessionDialog('rewind');
      } else lastEsc = now;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller]);

  useEffect(() => {
    if (state.openFile) setWorkspaceOpen(true);
  }, [state.openFile]);

  // Made here, not in the panel, so it sees every turn even while the panel is closed.
  const { state: bench } = useWorkbench();
  useEffect(() => {
    if (bench.review) setWorkspaceOpen(true);
  }, [bench.review]);

  const permission = chat.permissions[0];
  const showFirstRun = chat.items.length === 0 && state.loaded && (state.firstRun || !state.providerReady);

  return (
    <div className={`app${embedded ? ' is-embed' : ''}${workspaceOpen ? ' workspace-open' : ''}`}>
      <HeaderBar
        state={state}
        onSettings={() => controller.openSettings()}
        onSessions={() => controller.openSessionDialog('sessions')}
        onCycleMode={() => controller.cycleMode()}
        onToggleWorkspace={() => setWorkspaceOpen((o) => !o)}
        workspaceOpen={workspaceOpen}
        onSourceControl={() => setSourceControlOpen((o) => !o)}
        sourceControlOpen={sourceControlOpen}
      />
      <main className="main" ref={mainRef} style={{ '--bench-w': `${benchSize}px` } as CSSProperties}>
        <section className="chat" aria-label="Chat">
          <Transcript items={chat.items}>
            {showFirstRun && (
              <FirstRun
                providerReady={state.providerReady}
                onSetKey={() => controller.openSettings()}
                onLocal={() => controller.openSettings('ollama')}
                onTry={(text) => void controller.send(text)}
                onSample={() => void controller.startSampleReplay()}
              />
            )}
            {chat.items.length === 0 && state.loaded && (
              <RepoHome git={git} onSettings={() => controller.openSettings()} />
            )}
          </Transcript>
          {chat.items.length > 0 && (
            <RepoStatus git={git} showReadme={false} onSettings={() => controller.openSettings()} />
          )}
          {state.reloadNeeded && (
            <div className="notice notice-info banner" role="status">
              The workspace backend changes on the next load.{' '}
              <button type="button" className="link" onClick={() => location.reload()}>
                Reload now
              </button>
            </div>
          )}
          <SessionBanners state={state} controller={controller} />
          {state.replay && (
            <ReplayPlayer replay={state.replay} controller={controller} providerReady={state.providerReady} />
          )}
          {chat.running && chat.todos.some((t) => t.status !== 'completed') && <TodoList todos={chat.todos} />}
          {permission && (
            <PermissionDialog
              request={permission}
              queued={chat.permissions.length - 1}
              onAnswer={(id, answer) => controller.answerPermission(id, answer)}
            />
          )}
          <Composer
            running={chat.running}
            onSend={(text) => void controller.send(text)}
            onStop={() => controller.stop()}
            onCycleMode={() => controller.cycleMode()}
            focusKey={`${state.settingsOpen}-${permission?.callId ?? ''}`}
            canFocus={!permission && !state.settingsOpen && !state.sessionDialog}
            draft={state.draft}
            handoff={handoff}
          />
        </section>
        {workspaceOpen && (
          <Splitter
            label="Resize workbench"
            orientation="vertical"
            size={benchSize}
            min={BENCH_MIN}
            max={benchMax}
            grow={-1}
            onResize={setBenchWidth}
            onReset={() => setBenchWidth(null)}
          />
        )}
        {workspaceOpen && <WorkspacePanel workspace={controller.workspace} openFile={state.openFile} />}
        {sourceControlOpen && (
          <Suspense fallback={null}>
            <SourceControlPanel
              workspace={controller.workspace}
              controller={git}
              onClose={() => setSourceControlOpen(false)}
            />
          </Suspense>
        )}
      </main>
      {state.sessionDialog && (
        <Suspense fallback={null}>
          {state.sessionDialog === 'sessions' && <SessionsPanel controller={controller} state={state} />}
          {state.sessionDialog === 'rewind' && <RewindDialog controller={controller} />}
          {state.sessionDialog === 'export' && <ExportDialog controller={controller} />}
        </Suspense>
      )}
      {state.settingsOpen && (
        <Suspense fallback={null}>
          <SettingsDialog controller={controller} state={state} />
        </Suspense>
      )}
    </div>
  );
}
