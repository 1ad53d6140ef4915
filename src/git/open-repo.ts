import type { Workspace } from '../workspace/types';
import type { CloneJobOutcome } from './clone-job';
import { storageCheck } from './clone-budget';
import { runClone } from './clone-runner';
import { writeBatch } from './clone-writer';
import type { GitProgress } from './context';
import { treeOf } from './git-fs';
import type { GitHttpClient } from './http';
import { DEFAULT_MAX_BYTES } from './limits';
import type { RemoteError } from './remote-errors';
import { parseRepoUrl, type RepoRef } from './repo-url';
import { normaliseFolder } from './sparse-folder';
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
  /** Run the clone in this thread (Node, tests); default a Web Worker where there is one. */
  inProcess?: boolean;
  /** False when the files will not be saved (kept in memory only): the storage quota is not checked. */
  persist?: boolean;
  /** Check out only this folder of the repository (as typed; see sparse-folder.ts). */
  folder?: string;
}

/** Present in `<dir>/.git/` while a clone's files are still being written; see findIncompleteClone. */
export const INCOMPLETE_MARKER = 'tidepool-clone-incomplete.json';

export function markerPath(dir: string): string {
  return `${dir === '/' ? '' : dir}/.git/${INCOMPLETE_MARKER}`;
}

export type OpenRepoResult =
  | {
      ok: true;
      branch: string;
      commit: string;
      fileCount: number;
      dir: string;
      repo: RepoRef;
      /** The one folder checked out (repo-relative), when only one was. */
      folder?: string;
    }
  | { ok: false; error: RemoteError };

export { DEFAULT_MAX_BYTES } from './limits';

export async function openRepo(options: OpenRepoOptions): Promise<OpenRepoResult> {
  const parsed = parseRepoUrl(options.url);
  if (!parsed.ok) return { ok: false, error: { kind: 'invalid-url', message: parsed.message, hint: parsed.hint } };
  const repo = parsed.repo;
  let folder: string | undefined;
  if (options.folder !== undefined) {
    const named = normaliseFolder(options.folder);
    if (!named.ok)
      return {
        ok: false,
        error: {
          kind: 'no-folder',
          message: named.message,
          hint: 'Type the folder as it appears in the repository, such as packages/app.',
          remedies: ['folder'],
        },
      };
    folder = named.folder;
  }
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
  const token = options.token;
  const origin = remoteOrigin(repo.cloneUrl);
  const target = { workspace, tree: treeOf(workspace) };
  const attempt = async (proxyAll: boolean): Promise<CloneJobOutcome> => {
    let marked = false;
    const outcome = await runClone(
      {
        dir,
        url: repo.cloneUrl,
        ref: options.ref ?? repo.branch,
        depth: 1,
        singleBranch: true,
        corsProxy: options.corsProxy,
        proxyAll,
        token: token && origin ? { origin, value: token } : undefined,
        maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
        checkoutLimits: options.checkoutLimits,
        folder,
      },
      {
        signal: options.signal,
        http: options.http,
        inProcess: options.inProcess,
        onProgress: options.onProgress,
        onBatch: async (batch) => {
          if (!marked) {
            const room = await storageCheck(batch.totalBytes, options.persist !== false);
            if (room) throw room;
            // Until the last file lands the clone says it is incomplete, in the files themselves:
            // a reload part-way restores this marker with whatever was saved (see INCOMPLETE_MARKER).
            await workspace.writeFile(markerPath(dir), JSON.stringify({ url: options.url, label: repo.label, folder }));
            marked = true;
          }
          await writeBatch(target, batch, { signal: options.signal });
          options.onProgress?.({
            phase: 'Writing files',
            loaded: batch.sent,
            total: batch.total,
            percent: Math.round((batch.sent / batch.total) * 100),
          });
        },
      },
    );
    if (outcome.ok) await workspace.remove(markerPath(dir));
    return outcome;
  };

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
  const files = target.tree ? target.tree.listFiles(dir) : await workspace.listFiles(dir);
  const fileCount = files.filter((f) => !f.slice(dir.length).startsWith('/.git/')).length;
  return { ok: true, branch: outcome.branch ?? 'HEAD', commit: outcome.commit, fileCount, dir, repo, folder };
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

export interface IncompleteClone {
  /** Where the partial files are. */
  dir: string;
  url: string;
  label: string;
  /** The one folder that clone was checking out, if it was a one-folder clone. */
  folder?: string;
}

/**
 * A clone whose files were still being written when the page went away (a reload, a crash): its
 * marker came back with the saved files. Looked for at the workspace root and one level down.
 */
export async function findIncompleteClone(workspace: Workspace): Promise<IncompleteClone | null> {
  const dirs = [workspace.root];
  for (const entry of await workspace.list(workspace.root).catch(() => []))
    if (entry.kind === 'dir' && !entry.path.endsWith('/.git')) dirs.push(entry.path);
  for (const dir of dirs) {
    const text = await workspace.readText(markerPath(dir)).catch(() => null);
    if (text === null) continue;
    try {
      const { url, label, folder } = JSON.parse(text) as { url?: unknown; label?: unknown; folder?: unknown };
      if (typeof url === 'string' && parseRepoUrl(url).ok) {
        const named = typeof folder === 'string' ? normaliseFolder(folder) : null;
        return {
          dir,
          url,
          label: typeof label === 'string' ? label : url,
          ...(named?.ok ? { folder: named.folder } : {}),
        };
      }
    } catch {
      // A marker we cannot read still means the files are incomplete.
    }
    return { dir, url: '', label: dir };
  }
  return null;
}

/** Removes a clone's partial files (the incomplete marker with them). */
export async function removePartialClone(workspace: Workspace, dir: string): Promise<void> {
  await cleanUp(workspace, dir, true);
}
