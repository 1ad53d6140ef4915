import type { Agent } from '../agent/agent';
import { builtinCommands, parseSlashCommand, runSlashCommand, type CommandOutcome } from '../agent/commands';
import type { CheckpointStorage } from '../agent/checkpoints';
import { PERMISSION_MODES, type AgentEvent, type PermissionAnswer, type PermissionMode } from '../agent/events';
import { costOf, lookupModel } from '../providers/catalog';
import { getPreset } from '../providers/presets';
import {
  emptyUsage,
  type Provider,
  type ProviderConfig,
  type ProviderEvent,
  type Usage,
  type WireFormat,
} from '../providers/types';
import { KeyStore, originOf } from '../store/key-store';
import type { EarlyBoot } from './early-boot';
import { defaultSettings, SettingsStore, type BackendChoice, type Settings } from '../store/settings-store';
import type { RuleLists } from '../agent/events';
import { bootWorkspace, type BackendStatus, type BootOptions, type WorkspaceHandle } from '../workspace/boot-workspace';
import type { Workspace } from '../workspace/types';
import { emptyChat, reduceChat, type ChatItem, type ChatState, type LocalAction } from './chat-state';
import { foldChat, insertTurnChanges } from './turn-changes-chat';
import { storageEstimate, type StorageEstimate } from '../store/quota';
import type { ElsewhereNotice, ReplayView, SessionDialog } from './sessions/types';

// The page's one piece of state with a lifetime: settings, the key in memory, the workspace,
// the agent (loaded after first paint), and the chat folded from the agent's events.
// React reads it through useSyncExternalStore; nothing here touches the DOM.

export const MODES: readonly PermissionMode[] = PERMISSION_MODES;

export interface AppState {
  /** Settings have loaded from storage. */
  loaded: boolean;
  firstRun: boolean;
  settings: Settings;
  /** A key is held for the current base URL's origin. Never the key itself. */
  hasKey: boolean;
  providerReady: boolean;
  providerLabel: string;
  backend: BackendStatus;
  chat: ChatState;
  mode: PermissionMode;
  rules: RuleLists;
  usage: Usage;
  usageByModel: Record<string, Usage>;
  lastInputTokens: number;
  costUsd: number | null;
  contextWindow: number | null;
  settingsOpen: boolean;
  /** A preset the settings form should start on (the first-run "local model" button). */
  settingsPreset: string | null;
  /** The workspace panel should show this file (a nonce so the same path can be asked twice). */
  openFile: { path: string; nonce: number } | null;
  /** The backend choice changed: it applies after a reload. */
  reloadNeeded: boolean;
  /** The stored session open in this tab; null until it opens (or when storage is refused). */
  session: { id: string; title: string } | null;
  sessionDialog: SessionDialog;
  /** Text to put back in the message box (after a rewind); the nonce lets the same text come twice. */
  draft: { text: string; nonce: number } | null;
  /** Writes did not fit: the message for the banner with Retry. */
  storageFull: string | null;
  /** The session is written by another tab: offer Take over / Open a new session. */
  elsewhere: ElsewhereNotice | null;
  replay: ReplayView | null;
}

export interface ProviderForm {
  preset: string;
  format: WireFormat;
  baseUrl: string;
  apiKey: string;
  model: string;
  backend: BackendChoice;
}

type Runtime = typeof import('./runtime');
type LiveSession = import('../session/live-session').LiveSession;
type PersistenceStatus = import('./runtime').PersistenceStatus;
type SessionStore = import('./runtime').SessionStore;
export type SessionSummary = import('./runtime').SessionSummary;
export type RewindPoint = import('./runtime').RewindPoint;
type ReplayProviderT = InstanceType<Runtime['ReplayProvider']>;
export type TurnChanges = import('../session/turn-changes').TurnChanges;

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

export interface ControllerOptions {
  settingsStore?: SettingsStore;
  keyStore?: KeyStore;
  bootTimeoutMs?: number;
  /** Commands both shells add (`git`, from src/ui/git); only when the controller boots the workspace. */
  shellCommands?: Pick<BootOptions, 'customCommands' | 'hostCommands'>;
  /** A workspace already live (src/boot.ts starts it before the app loads); its backend choice is settled here. */
  boot?: Pick<EarlyBoot, 'handle' | 'choose'>;
}

const TAB_SESSION_KEY = 'tidepool:tab-session';

function readTabSession(): string | null {
  try {
    return sessionStorage.getItem(TAB_SESSION_KEY);
  } catch {
    return null;
  }
}

function writeTabSession(id: string): void {
  try {
    sessionStorage.setItem(TAB_SESSION_KEY, id);
  } catch {
    // Storage refused: a reload then waits for the old lease to go stale, nothing worse.
  }
}

export function isProviderReady(settings: Settings, apiKey: string): boolean {
  if (!settings.preset || !settings.model.trim() || !originOf(settings.baseUrl)) return false;
  const needsKey = getPreset(settings.preset)?.needsKey ?? false;
  return !needsKey || apiKey.length > 0;
}

export class Controller {
  readonly workspaceHandle: WorkspaceHandle;
  private state: AppState;
  private readonly listeners = new Set<() => void>();
  private readonly settingsStore: SettingsStore;
  private readonly keyStore: KeyStore;
  /** Held in memory only, for the origin in `state.settings.baseUrl`. */
  private apiKey = '';
  private runtime: Promise<Runtime> | null = null;
  private agent: Agent | null = null;
  /** The stored session the agent runs in; null when IndexedDB is unavailable (nothing is saved). */
  private session: LiveSession | null = null;
  private sessionReady: Promise<void>;
  private store: SessionStore | null = null;
  /** The replay being played in the open session, if any. */
  private replayRun: {
    provider: ReplayProviderT;
    abort: AbortController;
    finalFiles: Record<string, Uint8Array>;
  } | null = null;
  private queue: Array<AgentEvent | LocalAction> = [];
  private readonly eventListeners = new Set<(event: AgentEvent | LocalAction) => void>();
  private flushScheduled = false;
  /** The open session's past turns with what each changed (from its checkpoints); null while being derived. */
  private sessionTurns: TurnChanges[] | null = null;
  private readonly sessionTurnListeners = new Set<(turns: TurnChanges[] | null) => void>();
  private settingsLoaded: Promise<void>;
  /** A mode or rules change made before settings had loaded, to apply over what loads. */
  private earlyPrefs: Pick<Settings, 'mode' | 'rules'> | null = null;
  private resolveSettings!: (backend: BackendChoice) => void;

  constructor(options: ControllerOptions = {}) {
    this.settingsStore = options.settingsStore ?? new SettingsStore();
    this.keyStore = options.keyStore ?? new KeyStore();
    if (options.boot) {
      this.workspaceHandle = options.boot.handle;
      this.resolveSettings = options.boot.choose;
    } else {
      const preference = new Promise<BackendChoice>((resolve) => (this.resolveSettings = resolve));
      this.workspaceHandle = bootWorkspace({ preference, timeoutMs: options.bootTimeoutMs, ...options.shellCommands });
    }
    const settings = defaultSettings();
    this.state = {
      loaded: false,
      firstRun: false,
      settings,
      hasKey: false,
      providerReady: false,
      providerLabel: '',
      backend: this.workspaceHandle.status(),
      chat: emptyChat(),
      mode: settings.mode,
      rules: settings.rules,
      usage: emptyUsage(),
      usageByModel: {},
      lastInputTokens: 0,
      costUsd: null,
      contextWindow: null,
      settingsOpen: false,
      settingsPreset: null,
      openFile: null,
      reloadNeeded: false,
      session: null,
      sessionDialog: null,
      draft: null,
      storageFull: null,
      elsewhere: null,
      replay: null,
    };
    this.workspaceHandle.onStatus((backend) => this.set({ backend }));
    this.settingsLoaded = this.loadSettings();
    // After first paint: opening the session pulls the agent chunk, which must not delay the message box.
    const painted = new Promise<void>((resolve) =>
      typeof requestAnimationFrame === 'function'
        ? requestAnimationFrame(() => setTimeout(resolve, 0))
        : setTimeout(resolve, 0),
    );
    this.sessionReady = Promise.all([this.settingsLoaded, painted]).then(() => this.openSession());
  }

  get workspace(): Workspace {
    return this.workspaceHandle.workspace;
  }

  getState = (): AppState => this.state;

  /** Settles once the last session (and its files) has been restored or a new one started. */
  whenSessionReady(): Promise<void> {
    return this.sessionReady;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<AppState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private async loadSettings(): Promise<void> {
    try {
      const loaded = await this.settingsStore.load();
      const { firstRun } = loaded;
      let settings = loaded.settings;
      if (this.earlyPrefs) {
        // The mode (or rules) changed while settings loaded, e.g. Shift+Tab right after the page opened.
        settings = { ...settings, ...this.earlyPrefs };
        this.earlyPrefs = null;
        void this.settingsStore.save(settings).catch(() => undefined);
      }
      this.apiKey = (await this.keyStore.get(settings.baseUrl)) ?? '';
      this.resolveSettings(settings.backend);
      this.set({
        loaded: true,
        firstRun,
        settings,
        mode: settings.mode,
        rules: settings.rules,
        hasKey: this.apiKey.length > 0,
        providerReady: isProviderReady(settings, this.apiKey),
        providerLabel: getPreset(settings.preset)?.label ?? '',
        contextWindow: lookupModel(settings.model)?.contextWindow ?? null,
      });
    } catch (error) {
      // Private windows in some browsers refuse IndexedDB: run with defaults rather than not at all.
      console.warn('[tidepool] settings unavailable:', error instanceof Error ? error.message : error);
      this.resolveSettings('auto');
      this.set({ loaded: true, firstRun: true });
    }
  }

  /** Loads the agent, tools and provider adapters; called after first paint so sending is instant. */
  preloadRuntime(): Promise<Runtime> {
    this.runtime ??= import('./runtime');
    return this.runtime;
  }

  private providerConfig(): ProviderConfig {
    const s = this.state.settings;
    const preset = getPreset(s.preset);
    return {
      preset: s.preset,
      format: s.format,
      baseUrl: s.baseUrl,
      apiKey: this.apiKey,
      model: s.model,
      ...(preset?.headers ? { headers: { ...preset.headers } } : {}),
    };
  }

  private async ensureAgent(): Promise<Agent> {
    await this.sessionReady;
    if (this.agent) return this.agent;
    // No session store (IndexedDB refused): run unsaved rather than not at all.
    const runtime = await this.preloadRuntime();
    const agent = new runtime.Agent({
      workspace: this.workspace,
      provider: this.currentProvider(runtime),
      tools: runtime.builtinTools,
      mode: this.state.mode,
      rules: this.state.rules,
    });
    agent.subscribe((event) => this.enqueue(event));
    this.agent = agent;
    return agent;
  }

  private currentProvider(runtime: Runtime): Provider {
    return this.state.providerReady ? runtime.createProvider(this.providerConfig()) : noProvider;
  }

  /**
   * Reopens the last session (conversation and files) so a reload loses nothing, or starts one.
   * Runs after first paint; the lite workspace is usable meanwhile.
   */
  private async openSession(): Promise<void> {
    const runtime = await this.preloadRuntime();
    let store: Awaited<ReturnType<Runtime['openSessionStore']>>;
    try {
      store = await runtime.openSessionStore();
    } catch (error) {
      this.notice('warning', 'This browser refused storage: the session works but is not saved.', {
        hint: error instanceof Error ? error.message : undefined,
      });
      return;
    }
    this.store = store;
    // Once per page: ask the browser not to evict the sessions under storage pressure.
    void runtime.requestPersistentStorage();
    const common = this.liveOptions(runtime, store);
    const last = await store.lastSession().catch(() => undefined);
    if (last) {
      try {
        const opened = await runtime.LiveSession.open({
          ...common,
          sessionId: last.id,
          // This very tab wrote it before a reload (sessionStorage survives reloads, not other tabs):
          // its old lease is its own, so take it back rather than wait for it to go stale.
          takeOver: readTabSession() === last.id,
          createWorkspace: ({ files }) => {
            this.workspaceHandle.replaceFiles(files);
            return this.workspace;
          },
        });
        this.attachSession(opened.session);
        if (opened.interrupted) {
          this.notice('info', 'The last turn was cut off when the page closed; it is marked interrupted.', {
            hint: 'Send “continue” to pick it up.',
          });
        }
        return;
      } catch (error) {
        const locked = error instanceof runtime.SessionLockedError;
        if (locked)
          this.set({ elsewhere: { sessionId: last.id, title: last.title, reason: 'opened', startedNew: true } });
        this.notice(
          'warning',
          locked
            ? 'Your last session is open in another tab, so this tab starts a new one.'
            : 'The last session could not be reopened; starting a new one.',
          {
            hint: locked
              ? 'Close the other tab and reload to continue it here.'
              : error instanceof Error
                ? error.message
                : undefined,
          },
        );
      }
    }
    try {
      this.attachSession(await runtime.LiveSession.create({ ...common, workspace: this.workspace }));
    } catch (error) {
      this.notice('warning', 'The session could not be saved on this device; it works until you close the page.', {
        hint: error instanceof Error ? error.message : undefined,
      });
    }
  }

  private liveOptions(runtime: Runtime, store: SessionStore) {
    return {
      store,
      provider: this.currentProvider(runtime),
      tools: runtime.builtinTools,
      agent: { mode: this.state.mode, rules: this.state.rules },
      onStatus: (status: PersistenceStatus) => this.onPersistence(status),
    };
  }

  private attachSession(session: LiveSession): void {
    this.session = session;
    void this.refreshSessionTitle();
    this.agent = session.agent;
    writeTabSession(session.id);
    // Release the lease and write what is pending when the page goes away (best effort).
    window.addEventListener('pagehide', () => void session.close().catch(() => undefined), { once: true });
    // The stored events rebuild the chat exactly as it was; notes shown meanwhile stay after it.
    const { chat, turnEnds } = foldChat(session.events);
    const shown = this.state.chat.items;
    this.state = {
      ...this.state,
      chat: { ...chat, items: [...chat.items, ...shown], running: false, permissions: [] },
    };
    void this.restoreTurnChanges(session, chat.items, turnEnds);
    session.agent.subscribe((event) => {
      // A session switched away from may still say its last words (an abort): they are not this chat's.
      if (this.session !== session) return;
      this.enqueue(event);
      if (event.type === 'turn-started' || event.type === 'turn-ended') void this.refreshSessionTitle();
    });
    this.flush();
  }

  private onPersistence(status: PersistenceStatus): void {
    if (status.kind === 'storage-full') {
      this.set({ storageFull: status.error.message });
    } else if (status.kind === 'saved') {
      if (this.state.storageFull) this.set({ storageFull: null });
    } else if (status.kind === 'locked') {
      const id = this.session?.id;
      if (id) this.set({ elsewhere: { sessionId: id, title: this.state.session?.title ?? '', reason: 'taken' } });
      this.notice('warning', 'Another tab took this session over; this tab no longer saves it.', {
        hint: 'Take it back, or open a new session here.',
      });
    } else if (status.kind === 'error') {
      console.warn('[tidepool] session save failed:', status.error);
    }
  }

  private enqueue(event: AgentEvent | LocalAction): void {
    this.queue.push(event);
    for (const listener of this.eventListeners) listener(event);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // One React update per frame however fast the deltas come; the timer covers hidden tabs.
    const flush = (): void => {
      if (!this.flushScheduled) return;
      this.flushScheduled = false;
      this.flush();
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
    setTimeout(flush, 50);
  }

  private flush(): void {
    const events = this.queue;
    this.queue = [];
    let chat = this.state.chat;
    const patch: Partial<AppState> = {};
    let persist = false;
    for (const event of events) {
      chat = reduceChat(chat, event);
      if (event.type === 'mode-changed') {
        patch.mode = event.mode;
        persist = true;
      } else if (event.type === 'rules-changed') {
        patch.rules = { allow: event.allow, ask: event.ask, deny: event.deny };
        persist = true;
      }
    }
    if (this.agent) {
      patch.usage = { ...this.agent.totalUsage };
      patch.usageByModel = { ...this.agent.usageByModel };
      // The agent's own estimate of the next request, against the window it compacts for.
      const context = this.agent.contextUsage();
      patch.lastInputTokens = context.estimatedTokens;
      patch.contextWindow = context.contextWindow;
      patch.costUsd = this.costOfAll(this.agent.usageByModel);
    }
    this.set({ ...patch, chat });
    if (persist && !this.state.loaded) {
      // Settings are still loading: saving now would write the defaults over the stored ones
      // (provider, base URL…). loadSettings applies this choice on top of what it reads.
      this.earlyPrefs = { mode: this.state.mode, rules: this.state.rules };
    } else if (persist) {
      const settings = { ...this.state.settings, mode: this.state.mode, rules: this.state.rules };
      this.state = { ...this.state, settings };
      void this.settingsStore.save(settings).catch(() => undefined);
    }
  }

  private costOfAll(byModel: Record<string, Usage>): number | null {
    let total = 0;
    let known = false;
    for (const [model, usage] of Object.entries(byModel)) {
      const cost = costOf(model, usage);
      if (cost !== undefined) {
        total += cost;
        known = true;
      }
    }
    return known ? total : null;
  }

  private notice(
    tone: 'info' | 'warning' | 'error',
    title: string,
    extra: { hint?: string; body?: string; markdown?: boolean } = {},
  ): void {
    this.enqueue({ type: 'local-notice', tone, title, ...extra });
  }

  /** The message box's Send: a slash command, or a turn for the agent. */
  async send(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed) return;
    const command = parseSlashCommand(trimmed);
    if (command) {
      this.enqueue({ type: 'local-command', text: trimmed });
      const outcomes = await runSlashCommand(builtinCommands, command, {
        model: this.state.providerReady ? this.state.settings.model : '',
        providerLabel: this.state.providerLabel,
        baseUrl: this.state.settings.baseUrl,
        backend: { kind: this.state.backend.backend, reason: this.state.backend.reason },
        mode: this.state.mode,
        rules: this.state.rules,
        usage: this.state.usage,
        usageByModel: this.state.usageByModel,
        costUsd: this.state.costUsd,
        costOf: (model, usage) => costOf(model, usage) ?? null,
        contextWindow: this.state.contextWindow,
        lastInputTokens: this.state.lastInputTokens,
        running: this.state.chat.running,
        workspace: this.workspace,
        sessionTitle: this.state.session?.title || undefined,
        storage: command.name === 'status' ? await this.storageInfo() : undefined,
      });
      for (const outcome of outcomes) await this.apply(outcome);
      return;
    }
    await this.prompt(trimmed);
  }

  private async prompt(text: string): Promise<void> {
    await this.settingsLoaded;
    if (this.state.chat.running) {
      this.notice('info', 'The agent is still working. Wait for it, or press Stop (Esc) first.');
      return;
    }
    if (!this.state.providerReady) {
      this.enqueue({ type: 'local-command', text });
      this.notice('warning', 'No model is set up yet.', {
        hint: 'Open Settings and choose a provider: paste an API key, or point Tidepool at a local model (Ollama, LM Studio). The files and terminal work without one.',
      });
      this.set({ settingsOpen: true });
      return;
    }
    if (this.state.firstRun) this.set({ firstRun: false });
    const agent = await this.ensureAgent();
    await agent.send(text);
  }

  private async apply(outcome: CommandOutcome): Promise<void> {
    switch (outcome.type) {
      case 'notice':
        this.notice(outcome.tone ?? 'info', '', { body: outcome.markdown, markdown: true });
        break;
      case 'clear':
        if (this.agent) this.agent.clear();
        else this.enqueue({ type: 'local-clear' });
        break;
      case 'send':
        await this.prompt(outcome.prompt);
        break;
      case 'open-settings':
        this.set({ settingsOpen: true });
        break;
      case 'set-model':
        await this.updateSettings({ ...this.state.settings, model: outcome.model });
        break;
      case 'set-mode':
        this.setMode(outcome.mode);
        break;
      case 'set-rules':
        if (this.agent) this.agent.setRules(outcome.rules);
        else this.enqueue({ type: 'rules-changed', ...outcome.rules });
        break;
      case 'compact': {
        const agent = this.agent;
        if (!agent || agent.messages.length === 0) {
          this.notice('info', 'Nothing to compact yet.');
          break;
        }
        const result = await agent.compact(outcome.instructions);
        if (!result.ok && result.reason === 'nothing-to-compact')
          this.notice('info', 'Nothing to compact: the conversation is already short.');
        else if (!result.ok && result.reason === 'provider-error')
          this.notice('error', result.error.message, { hint: result.error.hint });
        break;
      }
      case 'open-sessions':
        this.openSessionDialog('sessions');
        break;
      case 'open-rewind':
        this.openSessionDialog('rewind');
        break;
      case 'export':
        if (outcome.format === 'ask') this.openSessionDialog('export');
        else await this.downloadExport(outcome.format);
        break;
      case 'open-file':
        if (outcome.template !== undefined && !(await this.workspace.stat(outcome.path))) {
          await this.workspace.writeFile(outcome.path, outcome.template);
        }
        this.set({ openFile: { path: outcome.path, nonce: Date.now() } });
        break;
    }
  }

  /** Every agent event and page action as it arrives: the workbench tracks turns and Bash output with it. */
  onEvent(listener: (event: AgentEvent | LocalAction) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** The open session's checkpoints (the files before each turn); null when nothing is stored. */
  checkpointStorage(): CheckpointStorage | null {
    return this.session?.checkpointer.storage ?? null;
  }

  /** The open session's turns and what each changed: null when a session is attached, then the derived list. */
  onSessionTurns(listener: (turns: TurnChanges[] | null) => void): () => void {
    this.sessionTurnListeners.add(listener);
    if (this.sessionTurns) listener(this.sessionTurns);
    return () => this.sessionTurnListeners.delete(listener);
  }

  /**
   * Derives each past turn's changes from the stored checkpoints (a reload keeps no other record),
   * hands them to the workbench, and puts each turn's card back in the chat after its turn.
   */
  private async restoreTurnChanges(
    session: LiveSession,
    prefix: readonly ChatItem[],
    turnEnds: ReadonlyMap<string, number>,
  ): Promise<void> {
    this.setSessionTurns(null);
    let turns: TurnChanges[];
    try {
      turns = await session.turnChanges();
    } catch (error) {
      console.warn('[tidepool] per-turn changes could not be derived:', error);
      turns = [];
    }
    if (this.session !== session) return;
    this.setSessionTurns(turns);
    const items = insertTurnChanges(this.state.chat.items, prefix, turnEnds, turns);
    if (items) this.set({ chat: { ...this.state.chat, items } });
  }

  private setSessionTurns(turns: TurnChanges[] | null): void {
    this.sessionTurns = turns;
    for (const listener of this.sessionTurnListeners) listener(turns);
  }

  /** Adds a page-made item (a turn's changed files) to the chat. */
  post(action: LocalAction): void {
    this.enqueue(action);
  }

  stop(): void {
    this.agent?.abort();
  }

  answerPermission(callId: string, answer: PermissionAnswer): void {
    this.agent?.answerPermission(callId, answer);
  }

  setMode(mode: PermissionMode): void {
    if (this.agent) this.agent.setMode(mode);
    else this.enqueue({ type: 'mode-changed', mode });
  }

  cycleMode(): void {
    const next = MODES[(MODES.indexOf(this.state.mode) + 1) % MODES.length];
    this.setMode(next);
  }

  openSettings(preset: string | null = null): void {
    this.set({ settingsOpen: true, settingsPreset: preset });
  }

  closeSettings(): void {
    this.set({ settingsOpen: false, settingsPreset: null });
  }

  dismissFirstRun(): void {
    this.set({ firstRun: false });
  }

  /** The key saved for exactly this base URL's origin, to prefill the settings form. */
  async savedKeyFor(baseUrl: string): Promise<string> {
    return (await this.keyStore.get(baseUrl).catch(() => null)) ?? '';
  }

  /** Removes every saved key from this device (the shared-computer escape hatch). */
  async forgetAllKeys(): Promise<void> {
    await this.keyStore.forgetAll();
    this.apiKey = '';
    this.set({ hasKey: false, providerReady: isProviderReady(this.state.settings, '') });
  }

  async saveProvider(form: ProviderForm): Promise<void> {
    const settings: Settings = {
      ...this.state.settings,
      preset: form.preset,
      format: form.format,
      baseUrl: form.baseUrl.trim(),
      model: form.model.trim(),
      backend: form.backend,
    };
    const key = form.apiKey.trim();
    if (originOf(settings.baseUrl)) {
      // Saving binds the key to this origin; an emptied field forgets the key saved there.
      await this.keyStore.set(settings.baseUrl, key);
    }
    this.apiKey = originOf(settings.baseUrl) ? key : '';
    const reloadNeeded = this.state.reloadNeeded || settings.backend !== this.state.settings.backend;
    await this.updateSettings(settings);
    this.set({ settingsOpen: false, settingsPreset: null, firstRun: false, reloadNeeded });
  }

  private async updateSettings(settings: Settings): Promise<void> {
    await this.settingsStore.save(settings).catch((error: unknown) => {
      this.notice('warning', 'Settings could not be saved on this device; they apply until you reload.', {
        hint: error instanceof Error ? error.message : undefined,
      });
    });
    const ready = isProviderReady(settings, this.apiKey);
    this.set({
      settings,
      hasKey: this.apiKey.length > 0,
      providerReady: ready,
      providerLabel: getPreset(settings.preset)?.label ?? '',
      contextWindow: lookupModel(settings.model)?.contextWindow ?? null,
    });
    if (this.agent) {
      const runtime = await this.preloadRuntime();
      if (this.replayRun && !this.replayTakeOverPending) return; // a replay keeps its recording until the user takes over
      this.agent.setProvider(this.currentProvider(runtime));
      if (this.replayRun && ready) this.finishTakeOver();
    }
  }

  /** Models the endpoint lists at /models, for the settings form. Throws a readable Error. */
  async listModels(form: ProviderForm, signal: AbortSignal): Promise<string[]> {
    const runtime = await this.preloadRuntime();
    const preset = getPreset(form.preset);
    return runtime.listModelIds(
      {
        preset: form.preset,
        format: form.format,
        baseUrl: form.baseUrl.trim(),
        apiKey: form.apiKey.trim(),
        model: form.model,
        ...(preset?.headers ? { headers: { ...preset.headers } } : {}),
      },
      signal,
    );
  }

  async openFile(path: string): Promise<void> {
    this.set({ openFile: { path, nonce: Date.now() } });
  }

  // ── sessions: list, switch, rewind, fork, export, import, replay ─────────

  private replayTakeOverPending = false;

  openSessionDialog(dialog: SessionDialog): void {
    this.set({ sessionDialog: dialog });
  }

  closeSessionDialog(): void {
    this.set({ sessionDialog: null });
  }

  /** Esc Esc and /rewind: only when there is something to go back to and nothing else is open. */
  canRewind(): boolean {
    return !!this.session && !this.state.chat.running && !this.state.settingsOpen && this.state.sessionDialog === null;
  }

  private async refreshSessionTitle(): Promise<void> {
    const session = this.session;
    if (!session) return;
    const meta = await session.meta.catch(() => undefined);
    if (this.session === session) this.set({ session: { id: session.id, title: meta?.title ?? '' } });
  }

  async storageInfo(): Promise<StorageEstimate | undefined> {
    const estimate = await storageEstimate();
    return estimate.quotaBytes || estimate.usedBytes ? estimate : undefined;
  }

  /** Saved sessions, last used first; `search` matches title and content. */
  async listSessions(search = ''): Promise<SessionSummary[]> {
    await this.sessionReady;
    if (!this.store) return [];
    return this.store.listSessions({ search });
  }

  private async requireStore(): Promise<{ runtime: Runtime; store: SessionStore }> {
    await this.sessionReady;
    const runtime = await this.preloadRuntime();
    if (!this.store) throw new Error('This browser refused storage, so sessions cannot be kept.');
    return { runtime, store: this.store };
  }

  /** Closes the open session and attaches the one `make` opens, with a fresh chat. */
  private async switchSession(
    make: (runtime: Runtime, common: ReturnType<Controller['liveOptions']>) => Promise<LiveSession>,
  ): Promise<void> {
    const { runtime, store } = await this.requireStore();
    this.stopReplay();
    const old = this.session;
    old?.agent.abort();
    this.session = null;
    this.agent = null;
    if (old) await old.close().catch(() => undefined);
    this.queue = [];
    this.state = { ...this.state, chat: emptyChat(), session: null, elsewhere: null, storageFull: null, replay: null };
    try {
      this.attachSession(await make(runtime, this.liveOptions(runtime, store)));
    } catch (error) {
      // Never leave the page without a session: start an empty one and say why.
      this.attachSession(
        await runtime.LiveSession.create({ ...this.liveOptions(runtime, store), workspace: this.emptyWorkspace() }),
      );
      throw error;
    }
    this.set({ firstRun: false });
  }

  private emptyWorkspace(): Workspace {
    this.workspaceHandle.replaceFiles({});
    return this.workspace;
  }

  async newSession(): Promise<void> {
    await this.switchSession((runtime, common) =>
      runtime.LiveSession.create({ ...common, workspace: this.emptyWorkspace() }),
    );
    this.set({ sessionDialog: null });
  }

  /**
   * Opens a stored session in place of the current one. While another tab writes it, nothing
   * changes and the page offers Take over (`takeOver`) or a new session instead.
   */
  async openStoredSession(sessionId: string, options: { takeOver?: boolean } = {}): Promise<void> {
    const { runtime, store } = await this.requireStore();
    if (sessionId === this.session?.id && !options.takeOver) {
      this.set({ sessionDialog: null });
      return;
    }
    if (!options.takeOver) {
      const probe = await store.claimSession(sessionId);
      if (!probe.ok) {
        const meta = await store.getSession(sessionId);
        this.set({ elsewhere: { sessionId, title: meta?.title ?? '', reason: 'opened' }, sessionDialog: null });
        return;
      }
      await probe.release();
    }
    let interrupted = false;
    await this.switchSession(async (_runtime, common) => {
      const opened = await runtime.LiveSession.open({
        ...common,
        sessionId,
        takeOver: options.takeOver ?? false,
        createWorkspace: ({ files }) => {
          this.workspaceHandle.replaceFiles(files);
          return this.workspace;
        },
      });
      interrupted = opened.interrupted;
      return opened.session;
    });
    this.set({ sessionDialog: null });
    if (interrupted)
      this.notice('info', 'The last turn was cut off when the page closed; it is marked interrupted.', {
        hint: 'Send “continue” to pick it up.',
      });
  }

  /** "Open last session": the most recently used one other than this. */
  async openLastSession(): Promise<void> {
    const last = (await this.listSessions()).find((s) => s.id !== this.session?.id);
    if (last) await this.openStoredSession(last.id);
  }

  dismissElsewhere(): void {
    this.set({ elsewhere: null });
  }

  async renameSession(sessionId: string, title: string): Promise<void> {
    const { store } = await this.requireStore();
    await store.renameSession(sessionId, title);
    if (sessionId === this.session?.id) await this.refreshSessionTitle();
  }

  /** Deletes a stored session; deleting the open one starts a new, empty session. */
  async deleteSession(sessionId: string): Promise<void> {
    const { store } = await this.requireStore();
    if (sessionId === this.session?.id) {
      await this.switchSession((runtime, common) =>
        runtime.LiveSession.create({ ...common, workspace: this.emptyWorkspace() }),
      );
    }
    await store.deleteSession(sessionId);
  }

  async retryWrites(): Promise<void> {
    try {
      await this.session?.retryWrites();
      this.set({ storageFull: null });
    } catch (error) {
      this.set({ storageFull: error instanceof Error ? error.message : String(error) });
    }
  }

  // ── rewind and fork ──

  async rewindPoints(): Promise<RewindPoint[]> {
    const runtime = await this.preloadRuntime();
    return this.session ? runtime.rewindPoints(this.session.events) : [];
  }

  /** Goes back to just before user message `turnId`; its text returns to the message box. */
  async rewindTo(turnId: string, options: { files: boolean; conversation: boolean }): Promise<string | null> {
    const session = this.session;
    if (!session) return 'No stored session to rewind.';
    const result = await session.rewind(turnId, options);
    if (!result.ok) return result.reason;
    if (options.conversation) {
      const { chat, turnEnds } = foldChat(session.events);
      this.queue = [];
      this.set({ chat });
      void this.restoreTurnChanges(session, chat.items, turnEnds);
    } else void this.restoreTurnChanges(session, [], new Map());
    this.set({ sessionDialog: null, draft: { text: result.prompt, nonce: Date.now() } });
    const what =
      options.files && options.conversation ? 'files and conversation' : options.files ? 'files' : 'conversation';
    this.notice('info', `Rewound the ${what} to before “${result.prompt.slice(0, 60)}”.`, {
      hint:
        options.files && result.files
          ? `${result.files.written.length} file(s) restored, ${result.files.removed.length} removed.`
          : undefined,
    });
    this.flush();
    return null;
  }

  /** "Fork from here": a new, independent session with the conversation and files as they were before `turnId`. */
  async forkFrom(turnId: string): Promise<string | null> {
    const session = this.session;
    if (!session) return 'No stored session to fork.';
    const result = await session.fork(turnId, { include: 'before' });
    if (!result.ok) return result.reason;
    await this.openStoredSession(result.sessionId);
    this.set({ draft: result.prompt ? { text: result.prompt, nonce: Date.now() } : null });
    this.notice('info', 'Forked: this is a new session; the original is unchanged in Sessions.');
    return null;
  }

  // ── export and import ──

  /** Every saved key (and the one in memory), so an export can be scrubbed of them. */
  private async savedKeys(): Promise<string[]> {
    const keys = new Set<string>();
    if (this.apiKey) keys.add(this.apiKey);
    for (const origin of await this.keyStore.origins().catch(() => [] as string[])) {
      const key = await this.keyStore.get(origin).catch(() => null);
      if (key) keys.add(key);
    }
    return [...keys];
  }

  /** The open session as a file: JSON with files and checkpoints, or Markdown of the conversation. Never carries a key. */
  async exportSession(format: 'json' | 'markdown'): Promise<{ name: string; text: string; type: string }> {
    const { runtime } = await this.requireStore();
    const session = this.session;
    if (!session) throw new Error('No session is open.');
    const title = this.state.session?.title || 'session';
    const base = runtime.exportFileName(title);
    if (format === 'markdown') {
      let text = await session.exportMarkdown();
      for (const key of await this.savedKeys()) if (key.length >= 8) text = text.split(key).join('[redacted]');
      return { name: base.replace(/\.json$/, '.md'), text, type: 'text/markdown' };
    }
    const text = await session.exportJson({ checkpoints: true, redact: await this.savedKeys(), pretty: true });
    return { name: base, text, type: 'application/json' };
  }

  private async downloadExport(format: 'json' | 'markdown'): Promise<void> {
    try {
      const file = await this.exportSession(format);
      const { downloadText } = await import('./sessions/download');
      downloadText(file.name, file.text, file.type);
    } catch (error) {
      this.notice('error', 'The session could not be exported.', {
        hint: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** Imports an exported session as a new stored session. On failure nothing changed and the importer's reason is returned. */
  async importSession(text: string): Promise<{ ok: true; id: string; title: string } | { ok: false; error: string }> {
    const { runtime, store } = await this.requireStore();
    const result = await runtime.importSession(store, text);
    return result.ok ? { ok: true, id: result.meta.id, title: result.meta.title } : result;
  }

  // ── replay ──

  /** Plays an exported session (the bundled sample, or a user's file) in a new session: recorded model, live tools. */
  async startReplay(json: string, options: { speed?: number } = {}): Promise<string | null> {
    const runtime = await this.preloadRuntime();
    const loaded = await runtime.loadReplay(json);
    if (!loaded.ok) return loaded.error;
    const { replay } = loaded;
    const speed = options.speed ?? 200;
    const provider = new runtime.ReplayProvider(replay.events, { mode: 'auto', charsPerSecond: speed });
    await this.switchSession((_r, common) => {
      this.workspaceHandle.replaceFiles(replay.initialFiles);
      return runtime.LiveSession.create({
        ...common,
        provider,
        workspace: this.workspace,
        title: `Replay: ${replay.title}`,
      });
    });
    const agent = this.agent!;
    const abort = new AbortController();
    const run = { provider, abort, finalFiles: replay.finalFiles };
    this.replayRun = run;
    this.replayTakeOverPending = false;
    const turns = replay.events.filter((e) => e.type === 'turn-started').length;
    this.set({
      sessionDialog: null,
      replay: {
        title: replay.title,
        status: 'playing',
        waiting: false,
        speed,
        turn: 0,
        turns,
        filesMatch: null,
        differences: [],
      },
    });
    provider.onWaiting((step) => this.patchReplay({ waiting: step !== null }));
    void runtime
      .replayTurns(agent, replay.events, {
        signal: abort.signal,
        onTurn: (index) => this.patchReplay({ turn: index + 1 }),
      })
      .then(async () => {
        if (this.replayRun !== run || abort.signal.aborted) return;
        const differences = await this.compareFiles(run.finalFiles);
        this.patchReplay({
          status: provider.remaining === 0 ? 'finished' : 'stopped',
          waiting: false,
          filesMatch: differences.length === 0,
          differences,
        });
      });
    return null;
  }

  /** The first-run "Watch a sample session": the bundled recording in public/samples. */
  async startSampleReplay(): Promise<string | null> {
    try {
      const response = await fetch(`${import.meta.env.BASE_URL}samples/hello-tidepool.json`);
      if (!response.ok) return `The sample session could not be loaded (HTTP ${response.status}).`;
      return await this.startReplay(await response.text());
    } catch (error) {
      return `The sample session could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private async compareFiles(expected: Record<string, Uint8Array>): Promise<string[]> {
    const differences: string[] = [];
    const actual = new Set(await this.workspace.listFiles());
    const same = (a: Uint8Array, b: Uint8Array): boolean =>
      a.byteLength === b.byteLength && a.every((v, i) => v === b[i]);
    for (const [path, data] of Object.entries(expected)) {
      const abs = this.workspace.resolve(path);
      if (!actual.has(abs)) differences.push(`${path} is missing`);
      else if (!same(await this.workspace.readFile(abs), data)) differences.push(`${path} differs`);
      actual.delete(abs);
    }
    for (const extra of actual) differences.push(`${extra} was not in the recording`);
    return differences;
  }

  private patchReplay(patch: Partial<ReplayView>): void {
    if (this.state.replay) this.set({ replay: { ...this.state.replay, ...patch } });
  }

  replayPlay(): void {
    this.replayRun?.provider.setMode('auto');
    this.patchReplay({ status: 'playing', waiting: false });
  }

  replayPause(): void {
    this.replayRun?.provider.setMode('step');
    this.patchReplay({ status: 'paused' });
  }

  replayStep(): void {
    this.replayRun?.provider.next();
  }

  replaySpeed(charsPerSecond: number): void {
    this.replayRun?.provider.setSpeed(charsPerSecond);
    this.patchReplay({ speed: charsPerSecond });
  }

  /** Hands the session to the user's own provider; with none set up, Settings opens and the take-over completes on Save. */
  async replayTakeOver(): Promise<void> {
    if (!this.replayRun) return;
    if (!this.state.providerReady) {
      this.replayTakeOverPending = true;
      this.openSettings();
      return;
    }
    const runtime = await this.preloadRuntime();
    this.agent?.setProvider(this.currentProvider(runtime));
    this.finishTakeOver();
  }

  private finishTakeOver(): void {
    const run = this.replayRun;
    if (!run) return;
    run.abort.abort();
    if (this.state.chat.running) this.agent?.abort();
    this.replayRun = null;
    this.replayTakeOverPending = false;
    this.patchReplay({ status: 'taken-over', waiting: false });
    this.notice('info', `Your model (${this.state.settings.model}) has taken over this session.`, {
      hint: 'Send a message to carry on from here.',
    });
  }

  private stopReplay(): void {
    const run = this.replayRun;
    if (!run) return;
    run.abort.abort();
    this.replayRun = null;
    this.replayTakeOverPending = false;
  }

  closeReplay(): void {
    this.stopReplay();
    this.set({ replay: null });
  }
}
