import type { CustomCommand } from 'just-bash';
import type { GitProgress, GitRemoteAccess } from '../../git/context';
import { createGitCommand } from '../../git/git-command';
import type { RemoteError } from '../../git/remote-errors';
import { parseRepoUrl, type RepoRef } from '../../git/repo-url';
import { remoteOrigin, tokenLabel, tokenOrigin } from '../../git/token-binding';
import { KeyStore } from '../../store/key-store';
import type { HostCommand } from '../../workspace/host-command';
import type { Workspace } from '../../workspace/types';

// Git for the page: opening a repository from a URL (`?repo=` or the home-screen field) with
// progress and named failures, recent repos, the CORS proxy setting and per-host tokens, and the
// `git` command both shells get. Tokens live in their own KeyStore database, like API keys: on
// this device only, bound to the exact origin they were saved for (git/token-binding.ts), so a
// link can never point a stored token at another host, port or plain http.

export interface RecentRepo {
  url: string;
  label: string;
  openedAt: number;
}

export interface OpenedRepo {
  repo: RepoRef;
  dir: string;
  branch: string;
  commit: string;
  fileCount: number;
  readme: { path: string; text: string } | null;
}

export type OpenState =
  | { kind: 'idle' }
  | { kind: 'cloning'; label: string; url: string; progress: GitProgress | null }
  | { kind: 'failed'; url: string; error: RemoteError }
  | { kind: 'opened'; opened: OpenedRepo };

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

const SETTINGS_KEY = 'tidepool:git-settings';
const RECENT_KEY = 'tidepool:recent-repos';
const MAX_RECENT = 8;

function readJson<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

function writeJson(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage refused: the value holds for this page only.
  }
}

function loadRecent(): RecentRepo[] {
  const list = readJson<unknown>(RECENT_KEY, []);
  if (!Array.isArray(list)) return [];
  // Only what still parses as a repository URL is ever shown or reopened.
  return list
    .filter(
      (r): r is RecentRepo =>
        !!r && typeof r.url === 'string' && typeof r.label === 'string' && typeof r.openedAt === 'number',
    )
    .filter((r) => parseRepoUrl(r.url).ok)
    .slice(0, MAX_RECENT);
}

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

export class GitController {
  private state: GitUiState;
  private readonly listeners = new Set<() => void>();
  /** Token by the origin it is bound to. */
  private readonly tokens = new Map<string, string>();
  private readonly tokenStore: KeyStore;
  private tokensLoaded: Promise<void>;
  private abort: AbortController | null = null;
  private ready: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly workspace: () => Workspace,
    private readonly hooks: { onOpened?: (opened: OpenedRepo) => void } = {},
    tokenStore?: KeyStore,
  ) {
    this.tokenStore = tokenStore ?? new KeyStore('tidepool-git-tokens');
    const stored = readJson<Partial<GitSettings>>(SETTINGS_KEY, {});
    this.state = {
      open: { kind: 'idle' },
      recent: loadRecent(),
      settings: { corsProxy: normaliseProxyUrl(typeof stored.corsProxy === 'string' ? stored.corsProxy : '') ?? '' },
      tokenHosts: [],
    };
    this.tokensLoaded = this.loadTokens();
  }

  getState = (): GitUiState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<GitUiState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Opening waits for this (the restored session replaces the files once, and must go first). */
  setReady(ready: Promise<unknown>): void {
    this.ready = ready.catch(() => undefined);
  }

  private async loadTokens(): Promise<void> {
    try {
      const origins = await this.tokenStore.origins();
      for (const origin of origins) {
        const token = await this.tokenStore.get(origin);
        if (token) this.tokens.set(origin, token);
      }
      this.showTokens();
    } catch {
      // No storage: tokens can still be used for this page once entered.
    }
  }

  private showTokens(): void {
    this.set({ tokenHosts: [...this.tokens.keys()].map(tokenLabel).sort() });
  }

  /** How remotes are reached right now: read per command, so a settings change applies at once. */
  access(): GitRemoteAccess {
    return {
      corsProxy: this.state.settings.corsProxy || undefined,
      // Exact origin match (scheme, host, port): a token is never offered anywhere else.
      tokenFor: (origin) => this.tokens.get(origin),
    };
  }

  /** `git` for the lite shell (just-bash) and for the WebContainer shell (answered in the page). */
  shellCommands(): { customCommands: CustomCommand[]; hostCommands: HostCommand[] } {
    const git = createGitCommand({ workspace: this.workspace, remote: () => this.access() });
    const host: HostCommand = {
      name: 'git',
      run: async (args, ctx) => {
        const { runGit } = await import('../../git/cli');
        return runGit(args, {
          workspace: this.workspace(),
          cwd: ctx.cwd,
          env: ctx.env,
          signal: ctx.signal,
          remote: this.access(),
        });
      },
    };
    return { customCommands: [git], hostCommands: [host] };
  }

  saveSettings(settings: GitSettings): { ok: true } | { ok: false; message: string } {
    const corsProxy = normaliseProxyUrl(settings.corsProxy);
    if (corsProxy === null)
      return { ok: false, message: 'The CORS proxy must be an http(s) URL without a user name, query or fragment.' };
    writeJson(SETTINGS_KEY, { corsProxy });
    this.set({ settings: { corsProxy } });
    return { ok: true };
  }

  /**
   * Saves (or, with an empty token, forgets) the token for one host: `github.com` binds it to
   * https://github.com only; `http://host:port` to that plain-http origin only.
   */
  async saveToken(hostInput: string, token: string): Promise<{ ok: true } | { ok: false; message: string }> {
    const origin = tokenOrigin(hostInput);
    if (!origin.ok) return { ok: false, message: origin.error };
    await this.tokensLoaded;
    try {
      await this.tokenStore.set(origin.value, token.trim());
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    if (token.trim()) this.tokens.set(origin.value, token.trim());
    else this.tokens.delete(origin.value);
    this.showTokens();
    return { ok: true };
  }

  /** Forgets every saved token, on this device and in this page ("Forget stored keys"). */
  async forgetAllTokens(): Promise<void> {
    await this.tokensLoaded;
    this.tokens.clear();
    this.showTokens();
    await this.tokenStore.forgetAll();
  }

  async forgetToken(host: string): Promise<void> {
    await this.saveToken(host, '');
  }

  cancel(): void {
    this.abort?.abort();
  }

  dismiss(): void {
    if (this.state.open.kind !== 'cloning') this.set({ open: { kind: 'idle' } });
  }

  /** Clones `url` shallowly into the workspace. Never throws: the outcome lands in `open`. */
  async open(url: string): Promise<void> {
    if (this.state.open.kind === 'cloning') return;
    const parsed = parseRepoUrl(url);
    if (!parsed.ok) {
      this.set({
        open: { kind: 'failed', url, error: { kind: 'invalid-url', message: parsed.message, hint: parsed.hint } },
      });
      return;
    }
    const repo = parsed.repo;
    const abort = new AbortController();
    this.abort = abort;
    this.set({
      open: {
        kind: 'cloning',
        label: repo.label,
        url: repo.cloneUrl,
        progress: { phase: 'Connecting', loaded: 0, total: 0 },
      },
    });
    try {
      await Promise.all([this.ready, this.tokensLoaded]);
      const { openRepo } = await import('../../git/open-repo');
      let last = 0;
      const result = await openRepo({
        url,
        workspace: this.workspace(),
        corsProxy: this.state.settings.corsProxy || undefined,
        token: this.tokens.get(remoteOrigin(repo.cloneUrl) ?? ''),
        signal: abort.signal,
        onProgress: (progress) => {
          // A few updates per second are plenty for a bar; every object would be thousands.
          const now = performance.now();
          if (now - last < 80 && progress.percent !== 100) return;
          last = now;
          if (this.state.open.kind === 'cloning') this.set({ open: { ...this.state.open, progress } });
        },
      });
      if (!result.ok) {
        this.set({ open: { kind: 'failed', url: repo.cloneUrl, error: result.error } });
        return;
      }
      const readme = await this.readReadme(result.dir);
      const opened: OpenedRepo = {
        repo,
        dir: result.dir,
        branch: result.branch,
        commit: result.commit,
        fileCount: result.fileCount,
        readme,
      };
      const recent = [
        { url: repo.branch ? url.trim() : repo.cloneUrl, label: repo.label, openedAt: Date.now() },
        ...this.state.recent.filter((r) => r.label !== repo.label),
      ].slice(0, MAX_RECENT);
      writeJson(RECENT_KEY, recent);
      this.set({ open: { kind: 'opened', opened }, recent });
      this.hooks.onOpened?.(opened);
    } catch (error) {
      this.set({
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
      if (this.abort === abort) this.abort = null;
    }
  }

  private async readReadme(dir: string): Promise<{ path: string; text: string } | null> {
    const ws = this.workspace();
    const entries = await ws.list(dir).catch(() => []);
    const names = entries.filter((e) => e.kind === 'file').map((e) => e.path.slice(e.path.lastIndexOf('/') + 1));
    const name =
      ['README.md', 'readme.md', 'README.markdown', 'README', 'README.txt', 'Readme.md'].find((n) =>
        names.includes(n),
      ) ?? names.find((n) => /^readme(\.|$)/i.test(n));
    if (!name) return null;
    const path = `${dir === '/' ? '' : dir}/${name}`;
    const text = await ws.readText(path).catch(() => null);
    // A README is for reading; a huge one is cut rather than hang the page.
    return text === null ? null : { path, text: text.length > 200_000 ? `${text.slice(0, 200_000)}\n\n…` : text };
  }

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
    void this.open(url);
  }

  /**
   * The repository at `dir` (default: the opened one, else the workspace root) as a git bundle with
   * all its refs and history, named after the repository. A workspace without a repository gets a
   * message saying so, not a file.
   */
  async exportBundle(dir?: string): Promise<import('../../git/export-bundle').BundleExport> {
    const open = this.state.open;
    const opened = open.kind === 'opened' ? open.opened : null;
    const target = dir ?? opened?.dir ?? this.workspace().root;
    const { exportBundle } = await import('../../git/export-bundle');
    return exportBundle(this.workspace(), target, opened && opened.dir === target ? opened.repo.name : undefined);
  }

  forgetRecent(): void {
    writeJson(RECENT_KEY, []);
    this.set({ recent: [] });
  }
}
