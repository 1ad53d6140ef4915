import type { Workspace } from '../workspace/types';
import { cloneRepo } from './clone-core';
import type { GitProgress, GitRemoteAccess } from './context';
import { gitCacheFor, gitFsFor, treeOf } from './git-fs';
import type { GitHttpClient } from './http';
import { loadIsoGit } from './load';
import { DEFAULT_MAX_BYTES } from './limits';
import type { RemoteError } from './remote-errors';
import { parseRepoUrl, type RepoRef } from './repo-url';
import { remoteOrigin } from './token-binding';

// Open a repository from a pasted URL (`?repo=` or the home-screen field): parse it strictly, clone
// it shallowly (depth 1, one branch) into the workspace with progress, and say why when it fails.
// Nothing from the URL runs; the token goes to the repository's own origin and nowhere else.

export interface OpenRepoOptions {
  url: string;
  workspace: Workspace;
  /** CORS proxy base URL, used for hosts known to send no CORS headers (and as a fallback). */
  corsProxy?: string;
  /** Route every host through the proxy. */
  proxyAll?: boolean;
  /** Token for the repository's host (never sent elsewhere). */
  token?: string;
  /** Branch to check out; default the one in the URL (`/tree/<branch>`), else the remote's default. */
  ref?: string;
  onProgress?: (event: GitProgress) => void;
  signal?: AbortSignal;
  /** Stop and report `too-large` past this many downloaded bytes. Default 300 MB. */
  maxBytes?: number;
  /** Checkout limits: files, and bytes once inflated (fast-checkout.ts CHECKOUT_LIMITS by default). */
  checkoutLimits?: { files?: number; bytes?: number };
  /** Where to clone; default the workspace root when it is empty, else `<root>/<name>`. */
  dir?: string;
  http?: GitHttpClient;
}

export type OpenRepoResult =
  | { ok: true; branch: string; commit: string; fileCount: number; dir: string; repo: RepoRef }
  | { ok: false; error: RemoteError };

export { DEFAULT_MAX_BYTES } from './limits';

export async function openRepo(options: OpenRepoOptions): Promise<OpenRepoResult> {
  const parsed = parseRepoUrl(options.url);
  if (!parsed.ok) return { ok: false, error: { kind: 'invalid-url', message: parsed.message, hint: parsed.hint } };
  const repo = parsed.repo;
  const { workspace } = options;
  const rootEmpty = (await workspace.list(workspace.root)).length === 0;
  const dir = options.dir
    ? workspace.resolve(options.dir)
    : rootEmpty
      ? workspace.root
      : `${workspace.root}/${repo.name}`;
  if (dir !== workspace.root && (await workspace.stat(dir))) {
    return {
      ok: false,
      error: {
        kind: 'invalid-url',
        message: `${dir} already exists in the workspace.`,
        hint: 'Open it from the file tree, or remove it first.',
      },
    };
  }
  const [git, fs] = [await loadIsoGit(), gitFsFor(workspace)];
  const token = options.token;
  const access = (proxyAll: boolean): GitRemoteAccess => ({
    corsProxy: options.corsProxy,
    proxyAll,
    tokenFor: (origin) => (token && origin === remoteOrigin(repo.cloneUrl) ? token : undefined),
  });
  const attempt = (proxyAll: boolean) =>
    cloneRepo({
      git,
      fs,
      tree: treeOf(workspace),
      cache: gitCacheFor(fs),
      dir,
      url: repo.cloneUrl,
      ref: options.ref ?? repo.branch,
      depth: 1,
      singleBranch: true,
      access: access(proxyAll),
      http: options.http,
      signal: options.signal,
      maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
      checkoutLimits: options.checkoutLimits,
      onProgress: options.onProgress,
    });

  let outcome = await attempt(!!options.proxyAll);
  // A host we thought sends CORS headers may not: with a proxy configured, try once through it.
  if (
    !outcome.ok &&
    outcome.error.kind === 'network' &&
    options.corsProxy &&
    !options.proxyAll &&
    !options.signal?.aborted
  ) {
    await cleanUp(workspace, dir, rootEmpty);
    const retry = await attempt(true);
    if (retry.ok || retry.error.kind !== 'proxy-down') outcome = retry;
  }
  if (!outcome.ok) {
    await cleanUp(workspace, dir, rootEmpty);
    return outcome;
  }
  const files = await workspace.listFiles(dir);
  const fileCount = files.filter((f) => !f.slice(dir.length).startsWith('/.git/')).length;
  return { ok: true, branch: outcome.branch ?? 'HEAD', commit: outcome.commit, fileCount, dir, repo };
}

/** A failed clone leaves the workspace as it found it. */
async function cleanUp(workspace: Workspace, dir: string, rootWasEmpty: boolean): Promise<void> {
  if (dir !== workspace.root) {
    await workspace.remove(dir, { recursive: true }).catch(() => undefined);
    return;
  }
  if (!rootWasEmpty) return;
  for (const entry of await workspace.list(dir))
    await workspace.remove(entry.path, { recursive: true }).catch(() => undefined);
}
