import type { RestoredFile } from '../../workspace/file-tree';
import type { AgentHooks } from '../../agent/agent-hooks';
import type { AgentEvent, RuleLists } from '../../agent/events';
import { attempt, err, ok, type Result } from '../../lib/result';
import type { Provider, ProviderEvent } from '../../providers/types';
import type { LiveSession, LiveSessionOptions, PersistenceStatus } from '../../session/live-session';
import type { SessionStore, SessionSummary, StoreProblem } from '../../store/session-store';
import { storageEstimate, type StorageEstimate } from '../../store/quota';
import { readTabSession, writeTabSession } from '../../store/tab-session';
import type { Tool } from '../../tools/types';
import type { WorkspaceHandle } from '../../workspace/boot-workspace';
import type { Workspace } from '../../workspace/types';
import type { Notify } from '../notify';
import type { Runtime } from '../runtime-loader';
import { providerReady, type SettingsApp } from '../settings';
import { createStore, type ReadonlyStore } from '../store';
import { liveConversation, unsavedConversation, type Conversation } from './conversation';

// The stored sessions of this tab: reopening the last one after a reload, starting, switching,
// renaming and deleting them, the lease ("open in another tab") and storage-full notices. The open
// session's agent follows the user's settings: its mode and rules are set from them (never from a
// log), its provider is rebuilt when the provider changes unless a replay holds it.

/** The session a tab wanted is written by another tab. */
export interface ElsewhereNotice {
  sessionId: string;
  title: string;
  /** opened: it was open elsewhere when this tab tried; taken: another tab took it from this one. */
  reason: 'opened' | 'taken';
  /** This tab already started a new session instead (so "Open a new session" just dismisses). */
  startedNew?: boolean;
}

export interface SessionsState {
  /** The stored session open in this tab; null until it opens (or when storage is refused). */
  current: { id: string; title: string } | null;
  /** What the chat and the workbench follow; null while a session is being switched. */
  conversation: Conversation | null;
  /** Writes did not fit: the message for the banner with Retry. */
  storageFull: string | null;
  /** The session is written by another tab: offer Take over / Open a new session. */
  elsewhere: ElsewhereNotice | null;
  /**
   * While the last session reopens after a reload: its files' paths, read before their contents
   * (names first), so the file tree is browsable at once. Null once the files are in the workspace.
   */
  restoring: { root: string; paths: readonly string[] } | null;
}

export interface SessionsDeps {
  runtime: () => Promise<Runtime>;
  settings: SettingsApp;
  notify: Notify;
  workspace: Pick<WorkspaceHandle, 'workspace' | 'replaceFiles'>;
  /** Resolves after the first frame is painted: opening a session pulls the agent chunk, which must not delay it. */
  painted?: Promise<void>;
  /** The session database's name (default: the app's; tests use their own). */
  sessionsDb?: string;
  /** Hooks and tools of each new agent's extensions (src/app/extensions). */
  agentExtras?: (rt: Runtime) => { tools: Tool[]; hooks: AgentHooks };
  /** Reopen the last session on load (default). An embed starts fresh: its host hands it the files. */
  reopenLast?: boolean;
}

type Common = Pick<LiveSessionOptions, 'store' | 'provider' | 'tools' | 'agent' | 'onStatus'>;

/** Stands in until a model is set up; sending is refused before it is ever asked. */
const noProvider: Provider = {
  id: 'none',
  model: '',
  async *stream(): AsyncIterable<ProviderEvent> {
    yield {
      type: 'error',
      error: {
        kind: 'auth',
        message: 'No model is set up yet.',
        hint: 'Open Settings and choose a provider.',
        retryable: false,
      },
    };
  },
};

const INTERRUPTED = 'The last turn was cut off when the page closed; it is marked interrupted.';
const sameRules = (a: RuleLists, b: RuleLists): boolean => JSON.stringify(a) === JSON.stringify(b);
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function afterFirstPaint(): Promise<void> {
  return new Promise((resolve) =>
    typeof requestAnimationFrame === 'function'
      ? requestAnimationFrame(() => setTimeout(resolve, 0))
      : setTimeout(resolve, 0),
  );
}

export type SessionsLifecycle = ReturnType<typeof createSessionLifecycle>;

export function createSessionLifecycle(deps: SessionsDeps) {
  const { settings, notify } = deps;
  const store = createStore<SessionsState>({
    current: null,
    conversation: null,
    storageFull: null,
    elsewhere: null,
    restoring: null,
  });
  let sessionStore: SessionStore | null = null;
  let runtime: Runtime | null = null;
  /** A provider someone else chose for the open session's agent (a replay's recording). */
  let held: Provider | null = null;
  let detach = (): void => undefined;
  const switchListeners = new Set<() => void>();
  const workspace = (): Workspace => deps.workspace.workspace;

  const currentProvider = (rt: Runtime): Provider =>
    held ?? (providerReady(settings.store.get()) ? rt.createProvider(settings.providerConfig()) : noProvider);

  const common = (rt: Runtime, sessions: SessionStore): Common => {
    const { mode, rules } = settings.store.get().settings;
    const extras = deps.agentExtras?.(rt);
    return {
      store: sessions,
      provider: currentProvider(rt),
      tools: extras ? [...rt.builtinTools, ...extras.tools] : rt.builtinTools,
      agent: { mode, rules, hooks: extras?.hooks },
      onStatus: onPersistence,
    };
  };

  const replaceFiles = (files: Record<string, Uint8Array> | readonly RestoredFile[]): Workspace => {
    deps.workspace.replaceFiles(files);
    return workspace();
  };

  async function refreshTitle(live: LiveSession): Promise<void> {
    const meta = await live.meta.catch(() => undefined);
    if (store.get().conversation?.live === live) store.set({ current: { id: live.id, title: meta?.title ?? '' } });
  }

  /** The agent takes the user's mode and rules, and (when it changed) provider, unless a replay holds it. */
  function followSettings(agent: Conversation['agent'], provider: boolean): void {
    const { mode, rules } = settings.store.get().settings;
    if (agent.mode !== mode) agent.setMode(mode);
    if (!sameRules(agent.rules, rules)) agent.setRules(rules);
    if (provider && runtime && !held) agent.setProvider(currentProvider(runtime));
  }

  /** Follows an agent's own mode and rule changes (an "always allow" answer) into the settings. */
  const followAgent = (event: AgentEvent): void => {
    if (event.type === 'mode-changed') settings.setMode(event.mode);
    else if (event.type === 'rules-changed')
      settings.setRules({ allow: event.allow, ask: event.ask, deny: event.deny });
  };

  function attach(conversation: Conversation): void {
    const live = conversation.live;
    // Settings may have changed while the session opened: the agent starts on the current ones.
    followSettings(conversation.agent, true);
    const off = conversation.subscribe((event) => {
      followAgent(event);
      if (live && (event.type === 'turn-started' || event.type === 'turn-ended')) void refreshTitle(live);
    });
    detach = off;
    store.set({ conversation, current: live ? { id: live.id, title: '' } : null });
    if (!live) return;
    writeTabSession(live.id);
    void refreshTitle(live);
  }

  function onPersistence(status: PersistenceStatus): void {
    if (status.kind === 'storage-full') store.set({ storageFull: status.error.message });
    else if (status.kind === 'saved') store.set({ storageFull: null });
    else if (status.kind === 'locked') {
      const current = store.get().current;
      if (current) store.set({ elsewhere: { sessionId: current.id, title: current.title, reason: 'taken' } });
      notify('warning', 'Another tab took this session over; this tab no longer saves it.', {
        hint: 'Take it back, or open a new session here.',
      });
    } else if (status.kind === 'error') console.warn('[tidepool] session save failed:', status.error);
  }

  function reportOpened(opened: { interrupted: boolean; problems: readonly { reason: string }[] }): void {
    if (opened.interrupted) notify('info', INTERRUPTED, { hint: 'Send “continue” to pick it up.' });
    if (opened.problems.length)
      notify('warning', `${opened.problems.length} damaged record(s) of this session were skipped while opening it.`, {
        body: opened.problems
          .slice(0, 5)
          .map((p) => `- ${p.reason}`)
          .join('\n'),
        markdown: true,
        hint: 'The rest of the session is intact. Export it to keep a copy.',
      });
  }

  /** Reopens the last session (conversation and files) so a reload loses nothing, or starts one. */
  async function start(): Promise<void> {
    const rt = (runtime = await deps.runtime());
    try {
      sessionStore = await rt.openSessionStore(deps.sessionsDb ? { name: deps.sessionsDb } : {});
    } catch (error) {
      notify('warning', 'This browser refused storage: the session works but is not saved.', { hint: message(error) });
      return;
    }
    const sessions = sessionStore;
    // Once per page: ask the browser not to evict the sessions under storage pressure.
    void rt.requestPersistentStorage();
    const last = deps.reopenLast === false ? undefined : await sessions.lastSession().catch(() => undefined);
    if (last) {
      // Names first: the paths are a key-only read, back well before the contents. A memory-only
      // session has no stored files to show.
      let restored = false;
      if (!last.memoryOnly)
        void sessions.listFilePaths(last.id).then(
          (paths) => {
            if (!restored && paths.length) store.set({ restoring: { root: last.root, paths } });
          },
          () => undefined,
        );
      try {
        const opened = await rt.LiveSession.open({
          ...common(rt, sessions),
          sessionId: last.id,
          // This very tab wrote it before a reload: its old lease is its own, so take it back.
          takeOver: readTabSession() === last.id,
          createWorkspace: ({ files }) => replaceFiles(files),
        });
        restored = true;
        store.set({ restoring: null });
        attach(liveConversation(opened.session));
        reportOpened(opened);
        return;
      } catch (error) {
        restored = true;
        store.set({ restoring: null });
        const locked = error instanceof rt.SessionLockedError;
        if (locked)
          store.set({ elsewhere: { sessionId: last.id, title: last.title, reason: 'opened', startedNew: true } });
        notify(
          'warning',
          locked
            ? 'Your last session is open in another tab, so this tab starts a new one.'
            : 'The last session could not be reopened; starting a new one.',
          { hint: locked ? 'Close the other tab and reload to continue it here.' : message(error) },
        );
      }
    }
    try {
      attach(liveConversation(await rt.LiveSession.create({ ...common(rt, sessions), workspace: workspace() })));
    } catch (error) {
      notify('warning', 'The session could not be saved on this device; it works until you close the page.', {
        hint: message(error),
      });
    }
  }

  const ready: Promise<void> = Promise.all([settings.loaded, deps.painted ?? afterFirstPaint()]).then(start);

  /** Writes what is pending and gives the lease up (a running turn stays cut off); `database` closes the store too. */
  async function close(options: { database?: boolean } = {}): Promise<void> {
    await ready;
    await store
      .get()
      .conversation?.live?.close()
      .catch(() => undefined);
    if (options.database) await sessionStore?.close().catch(() => undefined);
  }
  // Best effort: release the lease and write what is pending when the page goes away.
  if (typeof window !== 'undefined') window.addEventListener('pagehide', () => void close(), { once: true });

  // The agent follows the user's settings: mode, rules, and the provider when it changes.
  let providerVersion = settings.store.get().providerVersion;
  settings.store.subscribe(() => {
    const providerChanged = settings.store.get().providerVersion !== providerVersion;
    providerVersion = settings.store.get().providerVersion;
    const agent = store.get().conversation?.agent;
    if (agent) followSettings(agent, providerChanged);
  });

  async function requireStore(): Promise<Result<{ rt: Runtime; sessions: SessionStore }>> {
    await ready;
    const rt = runtime ?? (await deps.runtime());
    if (!sessionStore) return err('This browser refused storage, so sessions cannot be kept.');
    return ok({ rt, sessions: sessionStore });
  }

  /** Closes the open session and attaches the one `make` opens, with a fresh chat. */
  async function switchTo(make: (rt: Runtime, common: Common) => Promise<LiveSession>): Promise<Result<LiveSession>> {
    const required = await requireStore();
    if (!required.ok) return required;
    const { rt, sessions } = required.value;
    for (const listener of switchListeners) listener();
    const old = store.get().conversation;
    old?.agent.abort();
    detach();
    store.set({ conversation: null, current: null, elsewhere: null, storageFull: null });
    if (old?.live) await old.live.close().catch(() => undefined);
    let live: LiveSession;
    let failure: string | null = null;
    try {
      live = await make(rt, common(rt, sessions));
    } catch (error) {
      // Never leave the page without a session: start an empty one and say why.
      failure = message(error);
      live = await rt.LiveSession.create({ ...common(rt, sessions), workspace: replaceFiles({}) });
    }
    attach(liveConversation(live));
    settings.dismissFirstRun();
    return failure === null ? ok(live) : err(failure);
  }

  /** Opens a stored session in place of the current one; while another tab writes it, offers Take over instead. */
  function openStoredSession(sessionId: string, options: { takeOver?: boolean } = {}): Promise<Result<void>> {
    return attempt(() => openStored(sessionId, options));
  }

  async function openStored(sessionId: string, options: { takeOver?: boolean }): Promise<Result<void>> {
    const required = await requireStore();
    if (!required.ok) return required;
    const { rt, sessions } = required.value;
    if (sessionId === store.get().current?.id && !options.takeOver) return ok(undefined);
    if (!options.takeOver) {
      const probe = await sessions.claimSession(sessionId);
      if (!probe.ok) {
        const meta = await sessions.getSession(sessionId);
        store.set({ elsewhere: { sessionId, title: meta?.title ?? '', reason: 'opened' } });
        return ok(undefined);
      }
      await probe.release();
    }
    const opened: { interrupted: boolean; problems: readonly { reason: string }[] }[] = [];
    const switched = await switchTo(async (_rt, options_) => {
      const result = await rt.LiveSession.open({
        ...options_,
        sessionId,
        takeOver: options.takeOver ?? false,
        createWorkspace: ({ files }) => replaceFiles(files),
      });
      opened.push(result);
      return result.session;
    });
    if (!switched.ok) return switched;
    for (const result of opened) reportOpened(result);
    return ok(undefined);
  }

  /** Saved sessions, last used first; `search` matches title and content. */
  async function listSessions(search = ''): Promise<SessionSummary[]> {
    await ready;
    return sessionStore ? sessionStore.listSessions({ search }) : [];
  }

  async function newSession(): Promise<Result<void>> {
    const result = await switchTo((rt, options) => rt.LiveSession.create({ ...options, workspace: replaceFiles({}) }));
    return result.ok ? ok(undefined) : result;
  }

  return {
    store: store as ReadonlyStore<SessionsState>,
    /** Settles once the last session (and its files) has been restored or a new one started. */
    ready,
    switchTo,
    openStoredSession,
    close,

    /** The session database, or why there is none (the browser refused storage). */
    async storage(): Promise<Result<SessionStore>> {
      const required = await requireStore();
      return required.ok ? ok(required.value.sessions) : required;
    },

    /** The open conversation, made on first use when storage is refused (nothing is saved then). */
    async ensure(): Promise<Conversation> {
      await ready;
      const open = store.get().conversation;
      if (open) return open;
      const rt = (runtime ??= await deps.runtime());
      const { mode, rules } = settings.store.get().settings;
      const extras = deps.agentExtras?.(rt);
      const agent = new rt.Agent({
        workspace: workspace(),
        provider: currentProvider(rt),
        tools: extras ? [...rt.builtinTools, ...extras.tools] : rt.builtinTools,
        mode,
        rules,
        hooks: extras?.hooks,
      });
      attach(unsavedConversation(agent));
      return store.get().conversation!;
    },

    /** A replay plays its recording through the agent: the settings do not replace it until released. */
    holdProvider(provider: Provider): void {
      held = provider;
    },

    /** Gives the agent the user's own provider again. */
    releaseProvider(): void {
      held = null;
      const agent = store.get().conversation?.agent;
      if (agent && runtime) agent.setProvider(currentProvider(runtime));
    },

    /** Told before a session is switched (a replay stops). */
    onSwitch(listener: () => void): () => void {
      switchListeners.add(listener);
      return () => switchListeners.delete(listener);
    },

    async storageInfo(): Promise<StorageEstimate | undefined> {
      const estimate = await storageEstimate();
      return estimate.quotaBytes || estimate.usedBytes ? estimate : undefined;
    },

    listSessions,
    newSession,

    /** "Open last session": the most recently used one other than this. */
    async openLastSession(): Promise<Result<void>> {
      const last = (await listSessions()).find((s) => s.id !== store.get().current?.id);
      return last ? openStoredSession(last.id) : ok(undefined);
    },

    renameSession: (sessionId: string, title: string): Promise<Result<void>> =>
      attempt(async () => {
        const required = await requireStore();
        if (!required.ok) return required;
        await required.value.sessions.renameSession(sessionId, title);
        const live = store.get().conversation?.live;
        if (live?.id === sessionId) await refreshTitle(live);
        return ok(undefined);
      }),

    /** Deletes a stored session; deleting the open one starts a new, empty session. */
    deleteSession: (sessionId: string): Promise<Result<void>> =>
      attempt(async () => {
        const required = await requireStore();
        if (!required.ok) return required;
        if (sessionId === store.get().current?.id) {
          const switched = await newSession();
          if (!switched.ok) return switched;
        }
        await required.value.sessions.deleteSession(sessionId);
        return ok(undefined);
      }),

    /** Records that could not be read while listing or opening (shown under the list, not hidden). */
    problems(): readonly StoreProblem[] {
      return sessionStore?.problems ?? [];
    },

    async retryWrites(): Promise<void> {
      try {
        await store.get().conversation?.live?.retryWrites();
        store.set({ storageFull: null });
      } catch (error) {
        store.set({ storageFull: message(error) });
      }
    },

    dismissElsewhere(): void {
      store.set({ elsewhere: null });
    },

    /** The workspace emptied, for a session that starts without files. */
    emptyWorkspace(): Workspace {
      return replaceFiles({});
    },
  };
}
