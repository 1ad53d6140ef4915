import type { RemoteLimits } from './limits';
import type { Workspace } from '../workspace/types';
import { normalizePath } from '../workspace/paths';
import { fatal } from './errors';
import type { GitFs } from './git-fs';
import type { GitHttpClient } from './http';
import type { IsoGit } from './load';

// What every git subcommand receives: the loaded library, the fs over the workspace tree, where it
// stands, and the way out (stdout/stderr). Subcommands are plain functions of this.

export interface GitProgress {
  phase: string;
  loaded: number;
  total: number;
  /** 0–100 when `total` is known. */
  percent?: number;
}

/** How remotes are reached from a browser: the CORS proxy and per-host tokens (from the key store). */
export interface GitRemoteAccess {
  /** Base URL of a CORS proxy (`@isomorphic-git/cors-proxy` style); used for hosts that send no CORS headers. */
  corsProxy?: string;
  /** Send the proxy every remote, not only the hosts known to lack CORS. */
  proxyAll?: boolean;
  /** The token saved for exactly this origin (`https://github.com`), or undefined. Only ever sent there. */
  tokenFor?: (origin: string) => string | undefined;
}

export interface RunGitContext {
  workspace: Workspace;
  /** Absolute directory the command runs in. */
  cwd: string;
  /** Exported environment (GIT_AUTHOR_NAME, GIT_AUTHOR_DATE, …). */
  env?: Record<string, string>;
  onProgress?: (event: GitProgress) => void;
  /** Injected HTTP client; default fetch. */
  http?: GitHttpClient;
  remote?: GitRemoteAccess;
  signal?: AbortSignal;
  /** Values of `git config --global`; mutate to persist. Default: per workspace, in memory. */
  globalConfig?: Map<string, string>;
  /** Caps on what clone, fetch and pull take in (limits.ts defaults). */
  limits?: RemoteLimits;
}

export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface Repo {
  /** Working tree root, absolute. */
  dir: string;
  gitdir: string;
}

export interface Cmd {
  git: IsoGit;
  fs: GitFs;
  /** isomorphic-git's object/pack cache, kept per workspace: pack files never change once written. */
  cache: object;
  ctx: RunGitContext;
  cwd: string;
  env: Record<string, string>;
  /** `-c key=value` overrides for this run. */
  overrides: Map<string, string>;
  globalConfig: Map<string, string>;
  out(text: string): void;
  err(text: string): void;
  /** The repository around cwd, or `fatal: not a git repository`. */
  repo(): Promise<Repo>;
  /** The repository around cwd, or null. */
  findRepo(): Promise<Repo | null>;
}

export async function findRepoRoot(fs: GitFs, root: string, cwd: string): Promise<Repo | null> {
  let dir = normalizePath(cwd);
  for (;;) {
    try {
      const s = await fs.promises.stat(`${dir === '/' ? '' : dir}/.git`);
      if (s.isDirectory()) return { dir, gitdir: `${dir === '/' ? '' : dir}/.git` };
    } catch {
      // not here; try the parent
    }
    if (dir === root || dir === '/') return null;
    dir = dir.slice(0, dir.lastIndexOf('/')) || '/';
  }
}

export function notARepo(): never {
  return fatal('not a git repository (or any of the parent directories): .git');
}

/** A user path (relative to cwd, or absolute) as a path relative to the repo root; '' for the root. */
export function repoPath(repo: Repo, cwd: string, path: string): string {
  const abs = normalizePath(path.startsWith('/') ? path : `${cwd}/${path}`);
  if (abs === repo.dir) return '';
  const prefix = repo.dir === '/' ? '/' : `${repo.dir}/`;
  if (!abs.startsWith(prefix)) fatal(`${path}: '${path}' is outside repository at '${repo.dir}'`);
  return abs.slice(prefix.length);
}

/** A repo-relative path as git shows it to someone standing in cwd (`../a.txt`, `sub/b.txt`). */
export function pathFromCwd(repo: Repo, cwd: string, path: string): string {
  const from = relativeDir(repo, cwd);
  if (!from) return path;
  const fromParts = from.split('/');
  const toParts = path.split('/');
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) common++;
  return [...fromParts.slice(common).map(() => '..'), ...toParts.slice(common)].join('/');
}

/** cwd relative to the repo root ('' at the root). */
export function relativeDir(repo: Repo, cwd: string): string {
  const abs = normalizePath(cwd);
  if (abs === repo.dir) return '';
  const prefix = repo.dir === '/' ? '/' : `${repo.dir}/`;
  return abs.startsWith(prefix) ? abs.slice(prefix.length) : '';
}
