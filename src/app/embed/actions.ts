import type { AgentEvent } from '../../agent/events';
import type { EmbedMode } from '../../lib/embed-protocol';
import type { Workspace } from '../../workspace/types';
import type { ChatApp } from '../chat/chat';
import type { McpApp } from '../mcp';
import type { ReplayApp } from '../replay';
import type { SessionsApp } from '../sessions/sessions-app';
import { providerReady, type SettingsApp } from '../settings';
import type { ViewApp } from '../view';
import type { EmbedActions, EmbedFileActions } from './embed';

// What a host may do to the frame, built from the app's stores: files, the open file, the
// message box's text, the mode (never bypassPermissions: the protocol refuses it before it gets
// here, and the type has no such member), a prompt, Stop, and the open conversation's events.

export interface EmbedActionDeps {
  workspace: () => Workspace;
  replaceFiles: (files: Record<string, string>) => void;
  settings: SettingsApp;
  sessions: SessionsApp;
  chat: Pick<ChatApp, 'stop'>;
  view: ViewApp;
  send: (text: string) => Promise<void>;
  mcp: Pick<McpApp, 'setHostTools'>;
  replay: Pick<ReplayApp, 'start'>;
  /** Fetches a recording (a test seam; default: the browser's fetch, no credentials). */
  fetch?: typeof fetch;
}

/** A recording larger than this is refused before it is read: the frame's memory is the visitor's. */
export const MAX_RECORDING_BYTES = 20 * 1024 * 1024;

/** Workspace-relative, as the host named it. */
const relative = (root: string, path: string): string =>
  path.startsWith(root + '/') ? path.slice(root.length + 1) : path.replace(/^\/+/, '');

/** The host's files: they need the workspace only, so the frame answers them before the app is up. */
export function embedFileActions(deps: Pick<EmbedActionDeps, 'workspace' | 'replaceFiles'>): EmbedFileActions {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return {
    async setFiles(files) {
      deps.replaceFiles(files);
    },
    async applyDiff(create, destroy) {
      const workspace = deps.workspace();
      for (const path of destroy) await workspace.remove(path, { recursive: true }).catch(() => undefined);
      for (const [path, text] of Object.entries(create)) await workspace.writeFile(path, text);
    },
    async getFiles() {
      const workspace = deps.workspace();
      const out: Record<string, string> = {};
      for (const path of await workspace.listFiles()) {
        const rel = relative(workspace.root, path);
        // Git's own files are not the host's; binary files do not fit a path → text map.
        if (rel === '.git' || rel.startsWith('.git/')) continue;
        try {
          out[rel] = decoder.decode(await workspace.readFile(path));
        } catch {
          continue;
        }
      }
      return out;
    },
    relativePath: (path) => relative(deps.workspace().root, path),
  };
}

export function embedActions(deps: EmbedActionDeps): EmbedActions {
  const { settings, sessions } = deps;
  return {
    ...embedFileActions(deps),
    ready: sessions.ready,
    openFile(path) {
      deps.view.openFile(path);
    },
    setPrompt(prompt) {
      deps.view.putDraft(prompt);
    },
    setMode(mode: EmbedMode) {
      settings.setMode(mode);
    },
    async send(prompt) {
      await settings.loaded;
      if (sessions.store.get().conversation?.agent.running) return 'The agent is still working: stop it first.';
      if (!providerReady(settings.store.get())) {
        // The visitor sees why nothing happens: the frame's Settings open on their side.
        deps.view.openSettings();
        return 'No model is set up in the frame yet: the visitor chooses one in its Settings.';
      }
      await deps.send(prompt);
      return null;
    },
    stop() {
      deps.chat.stop();
    },
    async registerTools(port) {
      const result = await deps.mcp.setHostTools(port);
      if (!result.ok) throw new Error(result.error);
    },
    async useEndpoint(endpoint) {
      await settings.loaded;
      settings.useHostEndpoint(endpoint);
    },
    async replay(url, speed) {
      if (sessions.store.get().conversation?.agent.running) return 'The agent is still working: stop it first.';
      let text: string;
      try {
        // Anonymous: a recording is public data, and the visitor's cookies are not the host's to spend.
        const response = await (deps.fetch ?? fetch)(url, { credentials: 'omit', mode: 'cors' });
        if (!response.ok) return `The recording could not be fetched (HTTP ${response.status}).`;
        const length = Number(response.headers.get('content-length') ?? 0);
        if (length > MAX_RECORDING_BYTES) return `The recording is over ${MAX_RECORDING_BYTES / 1048576} MB.`;
        text = await response.text();
        if (text.length > MAX_RECORDING_BYTES) return `The recording is over ${MAX_RECORDING_BYTES / 1048576} MB.`;
      } catch (error) {
        return `The recording could not be fetched: ${error instanceof Error ? error.message : String(error)} (it must be served with CORS).`;
      }
      const started = await deps.replay.start(text, { speed });
      return started.ok ? null : started.error;
    },
    subscribe(listener: (event: AgentEvent) => void) {
      let current = sessions.store.get().conversation;
      let off = current?.subscribe(listener) ?? (() => undefined);
      const unsubscribe = sessions.store.subscribe(() => {
        const next = sessions.store.get().conversation;
        if (next === current) return;
        off();
        current = next;
        off = current?.subscribe(listener) ?? (() => undefined);
      });
      return () => {
        off();
        unsubscribe();
      };
    },
  };
}
