import type { CustomCommand } from 'just-bash';
import type { GitProgress, GitRemoteAccess } from '../git/context';
import { createGitCommand } from '../git/git-command';
import type { RemoteError } from '../git/remote-errors';
import { parseRepoUrl, type RepoRef } from '../git/repo-url';
import { err, ok, type Result } from '../lib/result';
import { remoteOrigin, tokenLabel, tokenOrigin } from '../git/token-binding';
import { GitPrefsStore, GitTokenStore, type GitPrefs, type RecentRepo } from '../store/git-prefs';
import type { HostCommand } from '../workspace/host-command';
import type { Workspace } from '../workspace/types';
import { createStore, type ReadonlyStore } from './store';

// Git for the page: opening a repository from a URL (`?repo=` or the home-screen field) with
// progress and named failures, recent repos, the CORS proxy setting and per-host tokens, and the
// `git` command both shells get. Tokens are bound to the exact origin they were saved for
// (git/token-binding.ts), so a link can never point a stored token at another host, port or plain http.

export type { RecentRepo } from '../store/git-prefs';

export interface OpenedRepo {
  repo: RepoRef;
  dir: string;
  branch: string;
  commit: string;
  fileCount: number;
  readme: { path: string; text: string } | null;
  /** The one folder checked out (repo-relative), when the clone was of one folder. */
  folder?: string;
}

/** How to open a repository: all of it (default), or one folder of it. */
export interface OpenOptions {
  /** Check out only this folder (as the user typed it; a sparse checkout). */
  folder?: string;
  /** Keep the files in memory only: the session does not save them (for a repository the storage cannot hold). */
  memoryOnly?: boolean;
}

export type OpenState =
  | { kind: 'idle' }
  /** A `?repo=` link waits for the user: a link alone never clones (nor touches the open session). */
  | { kind: 'confirm'; label: string; url: string }
  | { kind: 'cloning'; label: string; url: string; progress: GitProgress | null }
  /** `source` and `folder`: what was asked for, so a remedy (one folder) can try again from it. */
  | ({ kind: 'failed'; url: string; error: RemoteError; source?: string } & OpenOptions)
  | { kind: 'opened'; opened: OpenedRepo }
  /** A clone that the page left part-way (a reload, a crash): its files are incomplete and say so. */
  | { kind: 'incomplete'; label: string; url: string; dir: string; folder?: string };

export interface GitSettings {
  /** CORS proxy base URL; '' for none. */
  corsProxy: string;
}

export interface GitUiState {
  open: OpenState;
  recent: RecentRepo[];
  settings: GitSettings;
  /** Where a token is saved (never the tokens): `github.com` for https, `http://host:port` for plain http. */
  tokenHosts: string[];
}

export interface GitDeps {
  workspace: () => Workspace;
  /** A repository was opened (the app shows its README). */
  onOpened?: (opened: OpenedRepo) => void;
  /** Starts a new, empty session: a repository opened from a link is cloned into one, not into the user's work. */
  freshSession?: () => Promise<Result<void>>;
  /**
   * From now on the open session keeps its files in memory only (not saved; a reload loses them).
   * `source` (the URL as given) and `folder` are kept with the session, so it can be cloned again.
   */
  keepFilesInMemory?: (request: { source: string; folder?: string }) => Promise<Result<void>>;
  prefs?: GitPrefsStore;
  tokens?: GitTokenStore;
}

export type GitApp = ReturnType<typeof createGit>;

const MAX_RECENT = 8;

/** `http(s)://host[:port][/path]`, or null: the only shape a proxy setting may take. */
export function normaliseProxyUrl(raw: string): string | null {
  const text = raw.trim();
  if (!text) return '';
  try {
    const url = new URL(text);
    if (
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      url.username ||
      url.password ||
      url.search ||
      url.hash
    )
      return null;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return null;
  }
}

async function readReadme(ws: Workspace, dir: string): Promise<{ path: string; text: string } | null> {
  const entries = await ws.list(dir).catch(() => []);
  const names = entries.filter((e) => e.kind === 'file').map((e) => e.path.slice(e.path.lastIndexOf('/') + 1));
  const name =
    ['README.md', 'readme.md', 'README.markdown', 'README', 'README.txt', 'Readme.md'].find((n) => names.includes(n)) ??
    names.find((n) => /^readme(\.|$)/i.test(n));
  if (!name) return null;
  const path = `${dir === '/' ? '' : dir}/${name}`;
  const text = await ws.readText(path).catch(() => null);
  // A README is for reading; a huge one is cut rather than hang the page.
  return text === null ? null : { path, text: text.length > 200_000 ? `${text.slice(0, 200_000)}\n\n…` : text };
}

export function createGit(deps: GitDeps) {
  const prefsStore = deps.prefs ?? new GitPrefsStore();
  const tokenStore = deps.tokens ?? new GitTokenStore();
  const store = createStore<GitUiState>({
    open: { kind: 'idle' },
    recent: [],
    settings: { corsProxy: '' },
    tokenHosts: [],
  });
  let tokens = new Map<string, string>();
  let abort: AbortController | null = null;
  let ready: Promise<unknown> = Promise.resolve();

  const savePrefs = (): void => {
    const { settings, recent } = store.get();
    const prefs: GitPrefs = { corsProxy: settings.corsProxy, recent };
    void prefsStore.save(prefs).catch(() => undefined); // storage refused: holds for this page
  };

  const prefsLoaded = prefsStore.load().then(
    (prefs) =>
      store.set({
        // Only what still parses is ever used: a proxy of the allowed shape, repository URLs.
        settings: { corsProxy: normaliseProxyUrl(prefs.corsProxy) ?? '' },
        recent: prefs.recent.filter((r) => parseRepoUrl(r.url).ok).slice(0, MAX_RECENT),
      }),
    () => undefined,
  );
  const tokensLoaded = tokenStore.all().then(
    (all) => {
      tokens = all;
      showTokens();
    },
    () => undefined, // no storage: tokens entered now still work for this page
  );

  /** How remotes are reached right now: read per command, so a settings change applies at once. */
  const access = (): GitRemoteAccess => ({
    corsProxy: store.get().settings.corsProxy || undefined,
    // Exact origin match (scheme, host, port): a token is never offered anywhere else.
    tokenFor: (origin) => tokens.get(origin),
  });

  function showTokens(): void {
    store.set({ tokenHosts: [...tokens.keys()].map(tokenLabel).sort() });
  }

  async function saveToken(hostInput: string, token: string): Promise<Result<void>> {
    const origin = tokenOrigin(hostInput);
    if (!origin.ok) return err(origin.error);
    await tokensLoaded;
    try {
      await tokenStore.set(origin.value, token.trim());
    } catch (error) {
      return err(error instanceof Error ? error.message : String(error));
    }
    if (token.trim()) tokens.set(origin.value, token.trim());
    else tokens.delete(origin.value);
    showTokens();
    return ok(undefined);
  }

  /** A new, empty session when the open one has files (a link's clone, a memory-only clone); else nothing. */
  async function freshSessionIfFiles(): Promise<Result<void>> {
    const workspace = deps.workspace();
    const hasFiles = await workspace.list(workspace.root).then(
      (entries) => entries.length > 0,
      () => false,
    );
    if (!hasFiles || !deps.freshSession) return ok(undefined);
    const fresh = await deps.freshSession();
    return fresh.ok ? fresh : err(`No new session could be started: ${fresh.error}`);
  }

  /** Clones `url` shallowly into the workspace. Never throws: the outcome lands in `open`. */
  async function open(url: string, options: OpenOptions = {}): Promise<void> {
    if (store.get().open.kind === 'cloning') return;
    const parsed = parseRepoUrl(url);
    if (!parsed.ok) {
      store.set({
        open: { kind: 'failed', url, error: { kind: 'invalid-url', message: parsed.message, hint: parsed.hint } },
      });
      return;
    }
    const repo = parsed.repo;
    const mine = new AbortController();
    abort = mine;
    const progress = { phase: 'Connecting', loaded: 0, total: 0 };
    store.set({ open: { kind: 'cloning', label: repo.label, url: repo.cloneUrl, progress } });
    try {
      await Promise.all([ready, tokensLoaded, prefsLoaded]);
      if (options.memoryOnly) {
        // Memory-only covers the whole session: the user's own files in this one stay saved, and
        // the repository goes into a session of its own.
        const fresh = await freshSessionIfFiles();
        if (!fresh.ok) throw new Error(fresh.error);
        const kept = deps.keepFilesInMemory
          ? await deps.keepFilesInMemory({ source: url.trim(), ...(options.folder ? { folder: options.folder } : {}) })
          : err('This page cannot keep files in memory only.');
        if (!kept.ok) throw new Error(kept.error);
      }
      const { openRepo } = await import('../git/open-repo');
      let last = 0;
      const result = await openRepo({
        url,
        folder: options.folder,
        persist: !options.memoryOnly,
        workspace: deps.workspace(),
        corsProxy: store.get().settings.corsProxy || undefined,
        token: tokens.get(remoteOrigin(repo.cloneUrl) ?? ''),
        signal: mine.signal,
        onProgress: (next) => {
          // A few updates per second are plenty for a bar; every object would be thousands.
          const now = performance.now();
          if (now - last < 80 && next.percent !== 100) return;
          last = now;
          const state = store.get().open;
          if (state.kind === 'cloning') store.set({ open: { ...state, progress: next } });
        },
      });
      if (!result.ok) {
        store.set({
          open: { kind: 'failed', url: repo.cloneUrl, error: result.error, source: url, ...options },
        });
        return;
      }
      const opened: OpenedRepo = {
        repo,
        dir: result.dir,
        branch: result.branch,
        commit: result.commit,
        fileCount: result.fileCount,
        readme: await readReadme(
          deps.workspace(),
          result.folder ? `${result.dir === '/' ? '' : result.dir}/${result.folder}` : result.dir,
        ),
        ...(result.folder ? { folder: result.folder } : {}),
      };
      const recent = [
        { url: repo.branch ? url.trim() : repo.cloneUrl, label: repo.label, openedAt: Date.now() },
        ...store.get().recent.filter((r) => r.label !== repo.label),
      ].slice(0, MAX_RECENT);
      store.set({ open: { kind: 'opened', opened }, recent });
      savePrefs();
      deps.onOpened?.(opened);
    } catch (error) {
      store.set({
        open: {
          kind: 'failed',
          url: repo.cloneUrl,
          error: {
            kind: 'network',
            message: error instanceof Error ? error.message : String(error),
            hint: 'Try again; if it keeps failing, check the URL and your connection.',
          },
        },
      });
    } finally {
      if (abort === mine) abort = null;
    }
  }

  /** After a restore: a clone the last page did not finish is reported, not passed off as complete. */
  async function checkIncomplete(): Promise<void> {
    if (store.get().open.kind !== 'idle') return;
    const { findIncompleteClone } = await import('../git/open-repo');
    const found = await findIncompleteClone(deps.workspace()).catch(() => null);
    if (found && store.get().open.kind === 'idle') store.set({ open: { kind: 'incomplete', ...found } });
  }

  async function removeIncomplete(): Promise<void> {
    const state = store.get().open;
    if (state.kind !== 'incomplete') return;
    const { removePartialClone } = await import('../git/open-repo');
    await removePartialClone(deps.workspace(), state.dir);
    store.set({ open: { kind: 'idle' } });
  }

  return {
    store: store as ReadonlyStore<GitUiState>,
    access,
    open,
    saveToken,

    /** Opening waits for this (the restored session replaces the files once, and must go first). */
    setReady(promise: Promise<unknown>): void {
      ready = promise.catch(() => undefined);
      void ready.then(checkIncomplete);
    },

    /** Removes an interrupted clone's partial files, then clones the repository again. */
    async retryIncomplete(): Promise<void> {
      const state = store.get().open;
      if (state.kind !== 'incomplete') return;
      await removeIncomplete();
      if (state.url) await open(state.url, { folder: state.folder });
    },

    removeIncomplete,

    /** `git` for the lite shell (just-bash) and for the WebContainer shell (answered in the page). */
    shellCommands(): { customCommands: CustomCommand[]; hostCommands: HostCommand[] } {
      const git = createGitCommand({ workspace: deps.workspace, remote: access });
      const host: HostCommand = {
        name: 'git',
        run: async (args, ctx) => {
          const { runGit } = await import('../git/cli');
          return runGit(args, {
            workspace: deps.workspace(),
            cwd: ctx.cwd,
            env: ctx.env,
            signal: ctx.signal,
            remote: access(),
          });
        },
      };
      return { customCommands: [git], hostCommands: [host] };
    },

    saveSettings(settings: GitSettings): Result<void> {
      const corsProxy = normaliseProxyUrl(settings.corsProxy);
      if (corsProxy === null)
        return err('The CORS proxy must be an http(s) URL without a user name, query or fragment.');
      store.set({ settings: { corsProxy } });
      savePrefs();
      return ok(undefined);
    },

    async forgetToken(host: string): Promise<void> {
      await saveToken(host, '');
    },

    /** Every saved git token goes ("Forget stored keys" covers git tokens too). */
    async forgetAllTokens(): Promise<void> {
      await tokensLoaded;
      await tokenStore.forgetAll().catch(() => undefined);
      tokens = new Map();
      showTokens();
    },

    cancel(): void {
      abort?.abort();
    },

    /** Hides a failure or the opened banner, or declines a linked repository (nothing is cloned). */
    dismiss(): void {
      if (store.get().open.kind !== 'cloning') store.set({ open: { kind: 'idle' } });
    },

    /**
     * `/?repo=<url>`: opens it once, then drops the parameter so a reload does not clone again.
     * The value is only ever parsed as a repository URL (never navigated to, never rendered as HTML).
     */
    openFromLocation(): void {
      if (typeof location === 'undefined') return;
      const params = new URLSearchParams(location.search);
      const url = params.get('repo');
      if (url === null) return;
      params.delete('repo');
      const rest = params.toString();
      try {
        history.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
      } catch {
        // Sandboxed frames may refuse; the clone still happens once per load.
      }
      const parsed = parseRepoUrl(url);
      if (!parsed.ok) {
        store.set({
          open: { kind: 'failed', url, error: { kind: 'invalid-url', message: parsed.message, hint: parsed.hint } },
        });
        return;
      }
      store.set({ open: { kind: 'confirm', label: parsed.repo.label, url } });
    },

    /** The user agreed to open the linked repository: a new session when this one has files, then the clone. */
    async confirmOpen(): Promise<void> {
      const state = store.get().open;
      if (state.kind !== 'confirm') return;
      store.set({ open: { kind: 'idle' } });
      await ready;
      const fresh = await freshSessionIfFiles();
      if (!fresh.ok) {
        store.set({
          open: {
            kind: 'failed',
            url: state.url,
            error: { kind: 'network', message: fresh.error, hint: 'Nothing was cloned; your session is unchanged.' },
          },
        });
        return;
      }
      await open(state.url);
    },

    /**
     * The repository at `dir` (default: the opened one, else the workspace root) as a git bundle with
     * all its refs and history, named after the repository.
     */
    async exportBundle(dir?: string): Promise<import('../git/export-bundle').BundleExport> {
      const state = store.get().open;
      const opened = state.kind === 'opened' ? state.opened : null;
      const target = dir ?? opened?.dir ?? deps.workspace().root;
      const { exportBundle } = await import('../git/export-bundle');
      return exportBundle(deps.workspace(), target, opened && opened.dir === target ? opened.repo.name : undefined);
    },

    forgetRecent(): void {
      store.set({ recent: [] });
      savePrefs();
    },
  };
}
