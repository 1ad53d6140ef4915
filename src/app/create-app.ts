import type { KeyStore } from '../store/key-store';
import type { GitPrefsStore, GitTokenStore } from '../store/git-prefs';
import type { SettingsStore } from '../store/settings-store';
import {
  bootWorkspace,
  type BackendPreference,
  type BackendStatus,
  type WorkspaceHandle,
} from '../workspace/boot-workspace';
import type { EarlyBoot } from './boot/early-boot';
import { createChat } from './chat/chat';
import { createSend } from './commands/send';
import { createGit } from './git';
import { createReplay } from './replay';
import { runtimeLoader } from './runtime-loader';
import type { ExportedFile } from './sessions/transfer';
import { createSessions } from './sessions/sessions-app';
import { createSettings } from './settings';
import { createStore, type ReadonlyStore } from './store';
import { createView } from './view';
import { createWorkbench } from './workbench';
import { embedActions } from './embed/actions';
import { createEmbed, type EmbedDeps } from './embed/embed';
import { EmbedSettingsStore } from './embed/settings-store';

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
  /** Running in an iframe for a host page (`?embed=1`): its own sessions, the host's handshake. */
  embed?: Omit<EmbedDeps, 'actions'>;
}

/** The embed's sessions live apart from the visitor's own, which a host never sees. */
export const EMBED_SESSIONS_DB = 'tidepool-embed-sessions';

export type App = ReturnType<typeof createApp>;

async function browserDownload(file: ExportedFile): Promise<void> {
  const { downloadText } = await import('./download');
  downloadText(file.name, file.text, file.type);
}

export function createApp(options: AppOptions = {}) {
  const runtime = runtimeLoader();
  const view = createView();
  const chat = createChat({ schedule: options.schedule });
  const notify = chat.notify;

  // Git comes first: both shells get its `git`, and a cloned repo's README opens in the editor.
  let handle: WorkspaceHandle;
  const workspace = () => handle.workspace;
  const git = createGit({
    workspace,
    onOpened: (opened) => opened.readme && view.openFile(opened.readme.path),
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
    settingsStore: options.settingsStore ?? (options.embed ? new EmbedSettingsStore() : undefined),
    keyStore: options.keyStore,
    runtime,
    notify,
    chooseBackend: (preference) => chooseBackend(preference),
  });
  const sessions = createSessions({
    runtime,
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
  const replay = createReplay({
    runtime,
    lifecycle: sessions,
    settings,
    view,
    notify,
    workspace,
    replaceFiles: (files) => handle.replaceFiles(files),
  });
  const { send } = createSend({ settings, view, chat, sessions, workspace, backend });

  // The chat and the workbench follow the open conversation; the usage meter follows the model.
  sessions.store.subscribe(() => {
    const conversation = sessions.store.get().conversation;
    chat.attach(conversation);
    workbench.attach(conversation);
  });
  let providerVersion = settings.store.get().providerVersion;
  settings.store.subscribe(() => {
    if (settings.store.get().providerVersion === providerVersion) return;
    providerVersion = settings.store.get().providerVersion;
    chat.refreshUsage();
  });
  git.setReady(sessions.ready);

  const embed = options.embed
    ? createEmbed({
        ...options.embed,
        actions: embedActions({
          workspace,
          replaceFiles: (files) => handle.replaceFiles(files),
          settings,
          sessions,
          chat,
          view,
          send,
        }),
      })
    : null;
  embed?.start();

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
    git,
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
    },
  };
}
