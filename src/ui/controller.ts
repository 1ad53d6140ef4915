import type { Agent } from '../agent/agent';
import { builtinCommands, parseSlashCommand, runSlashCommand, type CommandOutcome } from '../agent/commands';
import type { AgentEvent, PermissionAnswer, PermissionMode } from '../agent/events';
import { costOf, lookupModel } from '../providers/catalog';
import { getPreset } from '../providers/presets';
import { emptyUsage, type Provider, type ProviderConfig, type ProviderEvent, type Usage, type WireFormat } from '../providers/types';
import { KeyStore, originOf } from '../store/key-store';
import { defaultSettings, SettingsStore, type BackendChoice, type PermissionRuleSet, type Settings } from '../store/settings-store';
import { bootWorkspace, type BackendStatus, type BootOptions, type WorkspaceHandle } from '../workspace/boot-workspace';
import type { Workspace } from '../workspace/types';
import { emptyChat, reduceChat, type ChatState, type LocalAction } from './chat-state';

// The page's one piece of state with a lifetime: settings, the key in memory, the workspace,
// the agent (loaded after first paint), and the chat folded from the agent's events.
// React reads it through useSyncExternalStore; nothing here touches the DOM.

export const MODES: PermissionMode[] = ['default', 'acceptEdits', 'plan', 'bypassPermissions'];

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
  rules: PermissionRuleSet;
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

/** Stands in until a model is set up; sending is refused before it is ever asked. */
const noProvider: Provider = {
  id: 'none',
  model: '',
  async *stream(): AsyncIterable<ProviderEvent> {
    yield {
      type: 'error',
      error: { kind: 'auth', message: 'No model is set up yet.', hint: 'Open Settings and choose a provider.', retryable: false },
    };
  },
};

export interface ControllerOptions {
  settingsStore?: SettingsStore;
  keyStore?: KeyStore;
  bootTimeoutMs?: number;
  /** Commands both shells add (`git`, from src/ui/git). */
  shellCommands?: Pick<BootOptions, 'customCommands' | 'hostCommands'>;
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
  private queue: Array<AgentEvent | LocalAction> = [];
  private flushScheduled = false;
  private settingsLoaded: Promise<void>;
  private resolveSettings!: (backend: BackendChoice) => void;

  constructor(options: ControllerOptions = {}) {
    this.settingsStore = options.settingsStore ?? new SettingsStore();
    this.keyStore = options.keyStore ?? new KeyStore();
    const preference = new Promise<BackendChoice>((resolve) => (this.resolveSettings = resolve));
    this.workspaceHandle = bootWorkspace({ preference, timeoutMs: options.bootTimeoutMs, ...options.shellCommands });
    performance.mark('tidepool:workspace-ready');
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
    };
    this.workspaceHandle.onStatus((backend) => this.set({ backend }));
    this.settingsLoaded = this.loadSettings();
    // After first paint: opening the session pulls the agent chunk, which must not delay the message box.
    const painted = new Promise<void>((resolve) =>
      typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => setTimeout(resolve, 0)) : setTimeout(resolve, 0),
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
      const { settings, firstRun } = await this.settingsStore.load();
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
      this.notice('warning', 'This browser refused storage: the session works but is not saved.', { hint: error instanceof Error ? error.message : undefined });
      return;
    }
    const common = {
      store,
      provider: this.currentProvider(runtime),
      tools: runtime.builtinTools,
      agent: { mode: this.state.mode, rules: this.state.rules },
      onStatus: (status: PersistenceStatus) => this.onPersistence(status),
    };
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
          this.notice('info', 'The last turn was cut off when the page closed; it is marked interrupted.', { hint: 'Send “continue” to pick it up.' });
        }
        return;
      } catch (error) {
        const locked = error instanceof runtime.SessionLockedError;
        this.notice('warning', locked ? 'Your last session is open in another tab, so this tab starts a new one.' : 'The last session could not be reopened; starting a new one.', {
          hint: locked ? 'Close the other tab and reload to continue it here.' : error instanceof Error ? error.message : undefined,
        });
      }
    }
    try {
      this.attachSession(await runtime.LiveSession.create({ ...common, workspace: this.workspace }));
    } catch (error) {
      this.notice('warning', 'The session could not be saved on this device; it works until you close the page.', { hint: error instanceof Error ? error.message : undefined });
    }
  }

  private attachSession(session: LiveSession): void {
    this.session = session;
    this.agent = session.agent;
    writeTabSession(session.id);
    // Release the lease and write what is pending when the page goes away (best effort).
    window.addEventListener('pagehide', () => void session.close().catch(() => undefined), { once: true });
    // The stored events rebuild the chat exactly as it was; notes shown meanwhile stay after it.
    let chat = emptyChat();
    for (const event of session.events) chat = reduceChat(chat, event);
    const shown = this.state.chat.items;
    this.state = { ...this.state, chat: { ...chat, items: [...chat.items, ...shown], running: false, permissions: [] } };
    session.agent.subscribe((event) => this.enqueue(event));
    this.flush();
  }

  private onPersistence(status: PersistenceStatus): void {
    if (status.kind === 'storage-full') {
      this.notice('warning', 'Browser storage is full: new changes are kept in this tab but not saved.', { hint: 'Free space (clear old site data), then keep working; saving resumes by itself.' });
      void this.session?.retryWrites().catch(() => undefined);
    } else if (status.kind === 'locked') {
      this.notice('warning', 'Another tab took this session over; this tab no longer saves it.', { hint: 'Reload to follow it there.' });
    } else if (status.kind === 'error') {
      console.warn('[tidepool] session save failed:', status.error);
    }
  }

  private enqueue(event: AgentEvent | LocalAction): void {
    this.queue.push(event);
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
    if (persist) {
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

  private notice(tone: 'info' | 'warning' | 'error', title: string, extra: { hint?: string; body?: string; markdown?: boolean } = {}): void {
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
        if (!result.ok && result.reason === 'nothing-to-compact') this.notice('info', 'Nothing to compact: the conversation is already short.');
        else if (!result.ok && result.reason === 'provider-error') this.notice('error', result.error.message, { hint: result.error.hint });
        break;
      }
      case 'open-file':
        if (outcome.template !== undefined && !(await this.workspace.stat(outcome.path))) {
          await this.workspace.writeFile(outcome.path, outcome.template);
        }
        this.set({ openFile: { path: outcome.path, nonce: Date.now() } });
        break;
    }
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
      this.agent.setProvider(this.currentProvider(runtime));
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
}
