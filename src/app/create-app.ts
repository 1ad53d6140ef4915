import type { KeyStore } from '../store/key-store';
import type { ToolServices } from '../tools/services';
import type { GitPrefsStore, GitTokenStore } from '../store/git-prefs';
import type { SettingsStore } from '../store/settings-store';
import { McpPrefsStore, McpSecretKeyStore, type McpServerPrefs } from '../store/mcp-prefs';
import type { McpManagerOptions } from '../mcp/index';
import { idbTrustStore } from '../store/trust-store';
import { UserExtensionsStore } from '../store/user-extensions-store';
import type { TrustStore } from '../agent/extensions/trust/project-trust';
import {
  bootWorkspace,
  type BackendPreference,
  type BackendStatus,
  type WorkspaceHandle,
} from '../workspace/boot-workspace';
import type { EarlyBoot } from './boot/early-boot';
import { createChat } from './chat/chat';
import { createExtensions } from './extensions/extensions';
import { createSend } from './commands/send';
import type { CodeIntel } from '../tools/code-intel/types';
import { createGit } from './git';
import { createInteraction } from './interaction';
import { createMcp } from './mcp';
import { mcpCommands } from './mcp-commands';
import { createReplay } from './replay';
import { runtimeLoader } from './runtime-loader';
import type { ExportedFile } from './sessions/transfer';
import { createSessions } from './sessions/sessions-app';
import { createSettings } from './settings';
import { createStore, type ReadonlyStore } from './store';
import { createTasks } from './tasks';
import { createView } from './view';
import { createWorkbench } from './workbench';
import type { EmbedDeps } from './embed/embed';
import type { EmbedStartup } from './embed/boot-embed';
import type * as EmbedKitModule from './embed/kit';

// The composition root: one store per concern, wired together here and nowhere else. src/ui reads
// the stores (useStore) and calls their actions; nothing here touches React.

export interface AppOptions {
  /** The workspace the early script started (src/app/boot); without it, one is booted here. */
  boot?: Pick<EarlyBoot, 'handle' | 'choose' | 'bindCommands'>;
  bootTimeoutMs?: number;
  settingsStore?: SettingsStore;
  keyStore?: KeyStore;
  gitPrefs?: GitPrefsStore;
  gitTokens?: GitTokenStore;
  /** When to open the last session (default: after the first frame is painted). */
  painted?: Promise<void>;
  /** The session database's name (tests use their own). */
  sessionsDb?: string;
  /** How the chat puts a fold off (default: the next frame); tests call `chat.flush()` instead. */
  schedule?: (flush: () => void) => void;
  /** Saves an exported file (default: the browser's download). */
  download?: (file: ExportedFile) => Promise<void>;
  /** Where the user's MCP servers and their secrets are kept (tests use their own). */
  mcpPrefs?: McpServerPrefs;
  mcpSecrets?: McpSecretKeyStore;
  mcpOptions?: Partial<McpManagerOptions>;
  /** Where the answers to "Trust this project?" are kept (default: the settings database); one for extensions and MCP. */
  trustStore?: TrustStore;
  /** Where the user's own skills, commands, agents and settings.json are kept (tests use their own). */
  userExtensionsStore?: Pick<UserExtensionsStore, 'load' | 'save'>;
  /** Idle time after a turn before Notification hooks hear `idle_prompt` (default 60 s). */
  extensionsIdleMs?: number;
  /** Quiet time after a change to `.claude/` before the extensions load again. */
  extensionsDebounceMs?: number;
  /** Running in an iframe for a host page (`?embed=1`): its own sessions, the host's handshake. */
  embed?: Omit<EmbedDeps, 'actions'>;
  /** The embed's code (src/app/embed/kit.ts), loaded by the caller only when embedding: required with `embed`. */
  embedKit?: EmbedKit;
  /** The embed's handshake when src/boot.ts started it ahead of the app (else it starts here). */
  embedStartup?: EmbedStartup;
}

export type EmbedKit = typeof EmbedKitModule;

/** The embed's sessions live apart from the visitor's own, which a host never sees. */
export const EMBED_SESSIONS_DB = 'tidepool-embed-sessions';
/** An embed's MCP servers live apart from the visitor's own (none, unless added inside the frame). */
export const EMBED_MCP_DB = 'tidepool-embed-mcp';

export type App = ReturnType<typeof createApp>;

async function browserDownload(file: ExportedFile): Promise<void> {
  const { downloadText } = await import('./download');
  downloadText(file.name, file.text, file.type);
}

export function createApp(options: AppOptions = {}) {
  if (options.embed && !options.embedKit) throw new Error('createApp: `embed` needs `embedKit` (src/app/embed/kit.ts)');
  const kit = options.embed ? options.embedKit : undefined;
  const embedStartup = options.embed && kit ? (options.embedStartup ?? kit.startEmbed(options.embed)) : null;
  const runtime = runtimeLoader();
  const view = createView();
  const chat = createChat({ schedule: options.schedule });
  const notify = chat.notify;

  // Git comes first: both shells get its `git`, and a cloned repo's README opens in the editor.
  let handle: WorkspaceHandle;
  const workspace = () => handle.workspace;
  const git = createGit({
    workspace,
    onOpened: (opened) => {
      if (opened.readme) view.openFile(opened.readme.path);
      // A cloned project's .claude/ files and .mcp.json are read now (its Trust dialog shown), not after the debounce.
      void extensions.reload();
      void mcp.loadProject();
    },
    // Called only after the user confirms a linked repository, long after `sessions` exists.
    freshSession: () => sessions.newSession(),
    // The same: only a clone the user started (a remedy, "Clone again") asks for it.
    keepFilesInMemory: (request) => sessions.memoryOnly.keepFilesInMemory(request),
    prefs: options.gitPrefs,
    tokens: options.gitTokens,
  });
  let chooseBackend: (preference: BackendPreference) => void;
  if (options.boot) {
    handle = options.boot.handle;
    chooseBackend = options.boot.choose;
    options.boot.bindCommands(git.shellCommands());
  } else {
    const preference = new Promise<BackendPreference>((resolve) => (chooseBackend = resolve));
    handle = bootWorkspace({ preference, timeoutMs: options.bootTimeoutMs, ...git.shellCommands() });
  }
  const backend = createStore<BackendStatus>(handle.status());
  handle.onStatus((status) => backend.set(status));

  const settings = createSettings({
    settingsStore:
      options.settingsStore ?? embedStartup?.settingsStore ?? (kit ? new kit.EmbedSettingsStore() : undefined),
    keyStore: options.keyStore,
    runtime,
    notify,
    chooseBackend: (preference) => chooseBackend(preference),
  });
  // One trust decision per project covers its .claude/ files, CLAUDE.md and .mcp.json alike.
  const trustStore = options.trustStore ?? idbTrustStore();
  const extensions = createExtensions({
    runtime,
    settings,
    notify,
    trustStore,
    // An embed leaves the visitor's own hooks and skills out: what they do would reach the host page.
    userStore: options.userExtensionsStore ?? (options.embed ? undefined : new UserExtensionsStore()),
    debounceMs: options.extensionsDebounceMs,
    idleMs: options.extensionsIdleMs,
  });
  // Closing the tab ends the session for SessionEnd hooks (best effort: the page may go first).
  if (typeof window !== 'undefined')
    window.addEventListener('pagehide', (event) => {
      if (!event.persisted) extensions.endSession('other');
    });
  const sessions = createSessions({
    runtime,
    agentExtras: extensions.agentExtras,
    settings,
    notify,
    view,
    workspace: handle,
    painted: options.painted,
    sessionsDb: options.sessionsDb ?? (options.embed ? EMBED_SESSIONS_DB : undefined),
    reopenLast: !options.embed,
    download: options.download ?? browserDownload,
  });
  const workbench = createWorkbench(workspace);
  const interaction = createInteraction();
  const tasks = createTasks();
  const replay = createReplay({
    runtime,
    lifecycle: sessions,
    settings,
    view,
    notify,
    workspace,
    replaceFiles: (files) => handle.replaceFiles(files),
    answerPermission: (callId) =>
      sessions.store.get().conversation?.agent.answerPermission(callId, { decision: 'allow-once' }),
  });
  // MCP: the user's servers connect once the session has opened; the project's wait for trust.
  const mcpSecrets = options.mcpSecrets ?? new McpSecretKeyStore();
  const mcp = createMcp({
    // An embed never connects the visitor's own servers: their tool results would reach the host page.
    prefs: options.mcpPrefs ?? new McpPrefsStore(options.embed ? EMBED_MCP_DB : undefined),
    secrets: mcpSecrets,
    trust: trustStore,
    notify,
    workspace,
    // The same project, and so the same decision, as the extensions' Trust dialog.
    projectId: () => extensions.projectId(),
    provider: async () => (await runtime()).createProvider(settings.providerConfig()),
    start: sessions.ready,
    managerOptions: options.mcpOptions,
  });
  void mcp.ready.then(() => mcp.loadProject());
  // The open agent offers the built-in tools plus the connected MCP servers' tools, kept current.
  // MCP's set also holds ToolSearch and the resource tools, whose names lack the `mcp__` prefix:
  // every tool it ever offered is remembered so a new set replaces the old instead of adding to it
  // (a name sent twice is a request the provider refuses).
  const mcpOffered = new WeakSet<object>();
  const offerTools = (): void => {
    const agent = sessions.store.get().conversation?.agent;
    if (!agent) return;
    // Everything but the previous MCP tools stays (the built-ins, the extensions' Skill and Agent).
    const own = agent.toolList.filter((t) => !t.name.startsWith('mcp__') && !mcpOffered.has(t));
    const fresh = mcp.tools();
    for (const t of fresh) mcpOffered.add(t);
    agent.setTools([...own, ...fresh]);
  };
  let offeredTools = mcp.tools();
  mcp.store.subscribe(() => {
    if (mcp.tools() === offeredTools) return;
    offeredTools = mcp.tools();
    offerTools();
  });

  const extraCommands = () => [...extensions.store.get().commands, extensions.trustCommand, ...mcpCommands(mcp)];
  // Either way of answering the trust question (the Trust dialog, or Settings › MCP servers)
  // brings the other up to date.
  let trustAsked = extensions.store.get().trustAsk !== null;
  let trustStatus = extensions.store.get().loaded?.trust.status;
  extensions.store.subscribe(() => {
    const asked = extensions.store.get().trustAsk !== null;
    const status = extensions.store.get().loaded?.trust.status ?? trustStatus;
    // The dialog answered, or /trust changed the answer.
    const decided =
      trustStatus !== undefined && status !== trustStatus && (status === 'trusted' || status === 'distrusted');
    if ((trustAsked && !asked) || decided) void mcp.loadProject();
    trustAsked = asked;
    trustStatus = status;
  });
  // An MCP server's question waits on the user: Notification hooks hear it, as Claude Code's do.
  let elicitations = mcp.store.get().elicitations.length;
  mcp.store.subscribe(() => {
    const now = mcp.store.get().elicitations;
    if (now.length > elicitations)
      extensions.notify('An MCP server is asking for your input', 'elicitation_dialog', 'Input needed');
    elicitations = now.length;
  });
  let mcpTrust = mcp.store.get().project.status;
  mcp.store.subscribe(() => {
    const status = mcp.store.get().project.status;
    if (status !== mcpTrust && (status === 'trusted' || status === 'distrusted')) void extensions.reload();
    mcpTrust = status;
  });
  const { send } = createSend({
    settings,
    view,
    chat,
    sessions,
    workspace,
    backend,
    extraCommands,
    attachMentions: (text) => mcp.attachMentions(text),
  });

  // The chat, the workbench and the task lists follow the open conversation; its tools ask the user
  // through the interaction store's dialogs. The usage meter follows the model.
  // WebFetch goes through the same CORS proxy git uses (read per call, so a changed setting applies at once).
  // Code intelligence (the LSP tool, and the type errors an Edit brings in) over the live workspace:
  // created on the first request that lists tools; the TypeScript worker starts on the first query.
  let codeIntel: CodeIntel | undefined;
  // While a recording plays, its tools' questions get the recorded answers instead of a dialog.
  const toolServices: ToolServices = {
    ...replay.services(interaction.services),
    get web() {
      const corsProxy = git.store.get().settings.corsProxy;
      return corsProxy ? { corsProxy } : undefined;
    },
    // The client comes with the runtime chunk; tools are only listed once an agent (from that chunk) exists.
    get codeIntel() {
      const loaded = runtime.loaded();
      return loaded ? (codeIntel ??= loaded.createCodeIntel(handle.workspace)) : undefined;
    },
  };
  let attached: unknown = null;
  sessions.store.subscribe(() => {
    const conversation = sessions.store.get().conversation;
    if (conversation !== attached) {
      attached = conversation;
      interaction.clear();
      conversation?.agent.setServices({ services: toolServices });
    }
    chat.attach(conversation);
    workbench.attach(conversation);
    tasks.attach(conversation);
    extensions.follow(conversation);
    offerTools();
  });
  let providerVersion = settings.store.get().providerVersion;
  settings.store.subscribe(() => {
    if (settings.store.get().providerVersion === providerVersion) return;
    providerVersion = settings.store.get().providerVersion;
    chat.refreshUsage();
  });
  git.setReady(sessions.ready);

  if (embedStartup && kit)
    embedStartup.bind(
      kit.embedActions({
        workspace,
        replaceFiles: (files) => handle.replaceFiles(files),
        settings,
        sessions,
        chat,
        view,
        send,
        mcp,
        replay,
      }),
    );
  const embed = embedStartup?.embed ?? null;

  return {
    /** Stable for the page's life: delegates to whichever backend is live. */
    workspace: handle.workspace,
    backend: backend as ReadonlyStore<BackendStatus>,
    settings,
    view,
    chat,
    sessions,
    replay,
    workbench,
    /** Questions, plans and the plan-mode switch the agent's tools are waiting on. */
    interaction,
    /** The open session's background commands and task graph. */
    tasks,
    git,
    mcp,
    /** The workspace's skills, commands, agents, hooks and the project's trust. */
    extensions,
    /** Slash commands beside the built-in ones (custom commands, skills, MCP), for Send and completion. */
    extraCommands,
    /** The host page's channel when embedded (null otherwise). */
    embed,
    /** The message box's Send: a slash command, or a turn for the agent. */
    send,
    /** Loads the agent, tools and provider adapters; called after first paint so sending is instant. */
    preloadRuntime: runtime,
    /** Removes every saved key from this device, git tokens included (the shared-computer escape hatch). */
    async forgetAllKeys(): Promise<void> {
      await settings.forgetAllKeys();
      await git.forgetAllTokens();
      await mcpSecrets.forgetAll();
    },
  };
}
