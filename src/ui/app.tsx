import {
  lazy,
  Suspense,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type RefObject,
} from 'react';
import { Composer } from './composer';
import type { ShellHandoff } from '../app/boot/shell-handoff';
import { providerReady } from '../app/settings';
import { HeaderBar } from './header-bar';
import { PermissionDialog } from './permission-dialog';
import { Transcript } from './transcript';
import { useApp, useStore } from './use-store';
import { createStore } from '../app/store';
import type { EmbedState } from '../app/embed/embed';
import { Splitter, usePersistedSize } from './splitter';

const SourceControlPanel = lazy(() => import('./git/source-control').then((m) => ({ default: m.SourceControlPanel })));
const SettingsDialog = lazy(() => import('./settings-dialog').then((m) => ({ default: m.SettingsDialog })));
const SessionsPanel = lazy(() => import('./sessions/sessions-panel').then((m) => ({ default: m.SessionsPanel })));
const RewindDialog = lazy(() => import('./sessions/rewind-dialog').then((m) => ({ default: m.RewindDialog })));
const McpRequests = lazy(() => import('./mcp/mcp-requests'));
// Shown only when a turn asks, a project arrives or a replay starts: loaded then (and preloaded at idle), not before the composer.
const AskUserDialog = lazy(() => import('./ask-user-dialog').then((m) => ({ default: m.AskUserDialog })));
const PlanApprovalDialog = lazy(() => import('./plan-dialogs').then((m) => ({ default: m.PlanApprovalDialog })));
const EnterPlanDialog = lazy(() => import('./plan-dialogs').then((m) => ({ default: m.EnterPlanDialog })));
const WorktreeReviewPanel = lazy(() =>
  import('./extensions/worktree-review').then((m) => ({ default: m.WorktreeReviewPanel })),
);
const TrustDialog = lazy(() => import('./extensions/trust-dialog').then((m) => ({ default: m.TrustDialog })));
// The repository home and status bar come with the session (after the composer is live).
const RepoHome = lazy(() => import('./git/repo-home').then((m) => ({ default: m.RepoHome })));
const RepoStatus = lazy(() => import('./git/repo-home').then((m) => ({ default: m.RepoStatus })));
const McpTrustBanner = lazy(() => import('./mcp/mcp-project').then((m) => ({ default: m.McpTrustBanner })));
const TodoList = lazy(() => import('./todo-list').then((m) => ({ default: m.TodoList })));
const EmbedRefusal = lazy(() => import('./embed-chrome').then((m) => ({ default: m.EmbedRefusal })));
const TaskGraphList = lazy(() => import('./task-lists').then((m) => ({ default: m.TaskGraphList })));
const LessonLinkDialog = lazy(() =>
  import('./sessions/lesson-link-dialog').then((m) => ({ default: m.LessonLinkDialog })),
);
const ReplayPlayer = lazy(() => import('./sessions/replay-player').then((m) => ({ default: m.ReplayPlayer })));
// The workbench and the first-run welcome come right after the composer (both wait for the first
// commit): the message box is the first thing a visitor uses.
const FirstRun = lazy(() => import('./first-run').then((m) => ({ default: m.FirstRun })));
const WorkspacePanel = lazy(() => import('./workspace-panel').then((m) => ({ default: m.WorkspacePanel })));
// Storage full, or the session open in another tab: rare, so their code loads when one shows.
const SessionBanners = lazy(() => import('./sessions/session-banners').then((m) => ({ default: m.SessionBanners })));
// A session whose files are kept in memory only (a repository too big to store): rare too.
const MemoryOnlyNotices = lazy(() =>
  import('./sessions/memory-only-notices').then((m) => ({ default: m.MemoryOnlyNotices })),
);
const ExportDialog = lazy(() => import('./sessions/export-dialog').then((m) => ({ default: m.ExportDialog })));

/** Stands in for the embed store when the page is not embedded. */
const NOT_EMBEDDED = createStore<EmbedState>({
  status: 'waiting',
  hostOrigin: null,
  view: null,
  theme: 'auto',
  endpoint: null,
});

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

export function App({ handoff = null }: { handoff?: ShellHandoff | null }) {
  const app = useApp();
  const chat = useStore(app.chat.store, (s) => s.chat);
  const view = useStore(app.view.store, (s) => s);
  const loaded = useStore(app.settings.store, (s) => s.loaded);
  const firstRun = useStore(app.settings.store, (s) => s.firstRun);
  const ready = useStore(app.settings.store, providerReady);
  const reloadNeeded = useStore(app.settings.store, (s) => s.reloadNeeded);
  const replay = useStore(app.replay.store, (s) => s.replay);
  const lessonLink = useStore(app.replay.store, (s) => s.link);
  const review = useStore(app.workbench.store, (s) => s.review);
  const asking = useStore(app.interaction.store, (s) => s);
  const taskGraph = useStore(app.tasks.store, (s) => s.graph);
  const mcpAsks = useStore(app.mcp.store, (s) => s.elicitations.length + s.samplings.length > 0);
  // The project's .mcp.json waits for an answer (the banner's own condition; its code loads then).
  const mcpProjectAsks = useStore(
    app.mcp.store,
    (s) => s.project.status === 'unknown' || s.project.status === 'changed',
  );
  const trustAsk = useStore(app.extensions.store, (s) => s.trustAsk);
  const sessionBanner = useStore(app.sessions.store, (s) => !!s.storageFull || !!s.elsewhere);
  const memoryOnly = useStore(app.sessions.memoryOnly.store, (s) => !!s.kept || !!s.lost);
  const worktrees = useStore(app.extensions.store, (s) => s.worktrees);
  // Read so the message box completes custom commands as soon as they load.
  useStore(app.extensions.store, (s) => s.commands);
  const embedded = app.embed !== null;
  const embedState = useStore(app.embed?.store ?? NOT_EMBEDDED, (s) => s);
  const embed = embedded ? embedState : null;
  const [workspaceOpen, setWorkspaceOpen] = useState(() => (embed ? embed.view !== null : window.innerWidth >= 960));
  const [sourceControlOpen, setSourceControlOpen] = useState(false);
  // True once the composer has committed: what waits for it keeps its code off the first load's path.
  const [committed, setCommitted] = useState(false);
  useEffect(() => setCommitted(true), []);
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
        !app.chat.store.get().chat.running ||
        app.view.store.get().settingsOpen
      )
        return;
      event.preventDefault();
      app.chat.stop();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [app]);

  // Esc Esc (when the agent is idle and nothing else is open) opens the rewind dialog, as /rewind does.
  useEffect(() => {
    let lastEsc = 0;
    const canRewind = (): boolean =>
      !!app.sessions.store.get().conversation?.live &&
      !app.chat.store.get().chat.running &&
      !app.view.store.get().settingsOpen &&
      app.view.store.get().sessionDialog === null;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented || !canRewind()) return;
      if (document.querySelector('dialog[open], [role="dialog"]')) return;
      const now = event.timeStamp;
      if (now - lastEsc < 600) {
        lastEsc = 0;
        app.view.openSessionDialog('rewind');
      } else lastEsc = now;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [app]);

  useEffect(() => {
    if (embed?.view) setWorkspaceOpen(true);
  }, [embed?.view]);
  // The embedding page's colours, before the frame paints (styles.css: :root[data-theme]).
  const theme = embed?.theme ?? 'auto';
  useLayoutEffect(() => {
    const root = document.documentElement;
    if (theme === 'auto') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    if (view.openFile) setWorkspaceOpen(true);
  }, [view.openFile]);
  useEffect(() => {
    if (review) setWorkspaceOpen(true);
  }, [review]);

  // A host the frame refused after it loaded (a browser that does not say who framed it up front).
  if (embed?.status === 'refused')
    return (
      <Suspense fallback={null}>
        <EmbedRefusal origin={embed.hostOrigin} />
      </Suspense>
    );

  const permission = chat.permissions[0];
  const showFirstRun = committed && chat.items.length === 0 && loaded && (firstRun || !ready);
  const openSettings = (): void => app.view.openSettings();

  return (
    <div className={`app${embedded ? ' is-embed' : ''}${workspaceOpen ? ' workspace-open' : ''}`}>
      <HeaderBar
        onToggleWorkspace={() => setWorkspaceOpen((o) => !o)}
        workspaceOpen={workspaceOpen}
        onSourceControl={embedded ? undefined : () => setSourceControlOpen((o) => !o)}
        sourceControlOpen={sourceControlOpen}
        embed={embed}
      />
      <main className="main" ref={mainRef} style={{ '--bench-w': `${benchSize}px` } as CSSProperties}>
        <section className="chat" aria-label="Chat">
          <Transcript items={chat.items}>
            {showFirstRun && (
              <Suspense fallback={null}>
                <FirstRun
                  providerReady={ready}
                  onSetKey={openSettings}
                  onLocal={() => app.view.openSettings('ollama')}
                  onTry={(text) => void app.send(text)}
                  onSample={() =>
                    void app.replay.startSample().then((started) => {
                      if (!started.ok) app.chat.notify('error', started.error);
                    })
                  }
                />
              </Suspense>
            )}
            {chat.items.length === 0 && loaded && !embedded && (
              <Suspense fallback={null}>
                <RepoHome onSettings={openSettings} />
              </Suspense>
            )}
          </Transcript>
          {chat.items.length > 0 && (
            <Suspense fallback={null}>
              <RepoStatus showReadme={false} onSettings={openSettings} />
            </Suspense>
          )}
          {reloadNeeded && (
            <div className="notice notice-info banner" role="status">
              The workspace backend changes on the next load.{' '}
              <button type="button" className="link" onClick={() => location.reload()}>
                Reload now
              </button>
            </div>
          )}
          {sessionBanner && (
            <Suspense fallback={null}>
              <SessionBanners />
            </Suspense>
          )}
          {memoryOnly && (
            <Suspense fallback={null}>
              <MemoryOnlyNotices />
            </Suspense>
          )}
          {mcpProjectAsks && (
            <Suspense fallback={null}>
              <McpTrustBanner />
            </Suspense>
          )}
          {replay && (
            <Suspense fallback={null}>
              <ReplayPlayer replay={replay} providerReady={ready} />
            </Suspense>
          )}
          {lessonLink && (
            <Suspense fallback={null}>
              <LessonLinkDialog link={lessonLink} />
            </Suspense>
          )}
          {chat.running && chat.todos.some((t) => t.status !== 'completed') && (
            <Suspense fallback={null}>
              <TodoList todos={chat.todos} />
            </Suspense>
          )}
          {taskGraph.some((t) => t.status !== 'completed') && (
            <Suspense fallback={null}>
              <TaskGraphList tasks={taskGraph} />
            </Suspense>
          )}
          {chat.canContinue && !chat.running && (
            <div className="notice notice-warning banner continue-bar" role="status">
              The agent stopped at its request limit for one message.{' '}
              <button type="button" className="primary" onClick={() => void app.chat.continueTurn()}>
                Continue
              </button>
            </div>
          )}
          {asking.question && (
            <Suspense fallback={null}>
              <AskUserDialog
                request={asking.question}
                onAnswer={(id, answers) => app.interaction.answerQuestions(id, answers)}
              />
            </Suspense>
          )}
          {asking.plan && (
            <Suspense fallback={null}>
              <PlanApprovalDialog
                request={asking.plan}
                onDecide={(id, decision) => app.interaction.decidePlan(id, decision)}
              />
            </Suspense>
          )}
          {asking.enterPlan && (
            <Suspense fallback={null}>
              <EnterPlanDialog
                id={asking.enterPlan.id}
                onDecide={(id, agreed) => app.interaction.decideEnterPlan(id, agreed)}
              />
            </Suspense>
          )}
          {mcpAsks && (
            <Suspense fallback={null}>
              <McpRequests />
            </Suspense>
          )}
          {worktrees.length > 0 && (
            <Suspense fallback={null}>
              {worktrees.map((review) => (
                <WorktreeReviewPanel
                  key={review.agentId}
                  review={review}
                  root={app.workspace.root}
                  onDecide={(apply) => app.extensions.reviewWorktree(review.agentId, apply)}
                />
              ))}
            </Suspense>
          )}
          {trustAsk && (
            <Suspense fallback={null}>
              <TrustDialog ask={trustAsk} onAnswer={(trusted) => void app.extensions.answerTrust(trusted)} />
            </Suspense>
          )}
          {permission && (
            <PermissionDialog
              request={permission}
              queued={chat.permissions.length - 1}
              onAnswer={(id, answer) => app.chat.answerPermission(id, answer)}
            />
          )}
          <Composer
            running={chat.running}
            busyText={
              replay?.status === 'playing' || replay?.status === 'paused'
                ? 'The recording is playing: Take over to continue it yourself.'
                : undefined
            }
            onSend={(text) => void app.send(text)}
            onStop={() => app.chat.stop()}
            onCycleMode={() => app.settings.cycleMode()}
            mentionOptions={app.mcp.mentionOptions}
            focusKey={`${view.settingsOpen}-${permission?.callId ?? ''}`}
            canFocus={
              !permission &&
              !mcpAsks &&
              !trustAsk &&
              !asking.question &&
              !asking.plan &&
              !asking.enterPlan &&
              !view.settingsOpen &&
              !view.sessionDialog
            }
            draft={view.draft}
            handoff={handoff}
            extraCommands={app.extraCommands}
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
        {workspaceOpen && (
          // The placeholder holds the panel's place so nothing moves when it arrives.
          <Suspense fallback={<section className="workspace-panel" aria-busy="true" />}>
            {committed ? (
              <WorkspacePanel workspace={app.workspace} openFile={view.openFile} view={embed?.view ?? null} />
            ) : (
              <section className="workspace-panel" aria-busy="true" />
            )}
          </Suspense>
        )}
        {sourceControlOpen && (
          <Suspense fallback={null}>
            <SourceControlPanel
              workspace={app.workspace}
              controller={app.git}
              onClose={() => setSourceControlOpen(false)}
            />
          </Suspense>
        )}
      </main>
      {view.sessionDialog && (
        <Suspense fallback={null}>
          {view.sessionDialog === 'sessions' && <SessionsPanel />}
          {view.sessionDialog === 'rewind' && <RewindDialog />}
          {view.sessionDialog === 'export' && <ExportDialog />}
        </Suspense>
      )}
      {view.settingsOpen && (
        <Suspense fallback={null}>
          <SettingsDialog />
        </Suspense>
      )}
    </div>
  );
}
