import type { GitProgress, GitRemoteAccess } from './context';
import type { FileTree } from '../workspace/file-tree';
import { CheckoutLimitError, fastCheckout } from './fast-checkout';
import type { GitFs } from './git-fs';
import type { GitHttpClient } from './http';
import type { IsoGit } from './load';
import { classifyRemoteError, type RemoteError } from './remote-errors';
import { remoteOptions } from './transport';
import { TOO_LARGE_FOLDER_HINT, TOO_LARGE_HINT } from './limits';
import { FolderMissingError } from './sparse-folder';

// The one clone routine under both `git clone` and open-by-URL: proxy/auth per transport.ts, a byte
// budget, abort, progress as phases with percent. Failures come back classified, not thrown.

export interface CloneRequest {
  git: IsoGit;
  fs: GitFs;
  /** The in-page tree under `fs`, when there is one: a fresh clone is then checked out straight into it. */
  tree?: FileTree | null;
  cache: object;
  dir: string;
  url: string;
  ref?: string;
  /** Commits of history to fetch; undefined for all. */
  depth?: number;
  singleBranch?: boolean;
  noCheckout?: boolean;
  remote?: string;
  access?: GitRemoteAccess;
  http?: GitHttpClient;
  signal?: AbortSignal;
  /** Stop past this many bytes downloaded. */
  maxBytes?: number;
  /** Checkout limits (fast-checkout.ts CHECKOUT_LIMITS by default): files, and bytes once inflated. */
  checkoutLimits?: { files?: number; bytes?: number };
  /** Check out only this repo-relative folder (sparse-folder.ts); needs `tree`. */
  folder?: string;
  /** The caller can clone one folder instead (the page can; the shell's `git clone` cannot). */
  offerFolder?: boolean;
  onProgress?: (event: GitProgress) => void;
}

export type CloneOutcome = { ok: true; branch: string | null; commit: string } | { ok: false; error: RemoteError };

export async function cloneRepo(req: CloneRequest): Promise<CloneOutcome> {
  if (req.folder && !req.tree)
    return {
      ok: false,
      error: {
        kind: 'no-folder',
        message: 'One folder can only be cloned into the page’s own files.',
        hint: 'Clone the whole repository.',
      },
    };
  const report = req.onProgress;
  // While the pack downloads isomorphic-git reports nothing; a byte count keeps the bar alive.
  let shown = 0;
  const onBytes = (bytes: number) => {
    if (report && bytes - shown >= 64 * 1024) {
      shown = bytes;
      report({ phase: 'Downloading', loaded: bytes, total: 0 });
    }
  };
  const remote = remoteOptions(req.url, req.access, {
    http: req.http,
    signal: req.signal,
    maxBytes: req.maxBytes,
    onBytes,
  });
  try {
    await req.git.clone({
      fs: req.fs,
      http: remote.http,
      dir: req.dir,
      url: req.url,
      corsProxy: remote.corsProxy,
      ref: req.ref,
      remote: req.remote,
      depth: req.depth,
      singleBranch: req.singleBranch,
      noCheckout: req.noCheckout || !!req.tree,
      cache: req.cache,
      onAuth: remote.onAuth,
      onAuthFailure: remote.onAuthFailure,
      onProgress: report
        ? (p) => {
            req.signal?.throwIfAborted();
            report({
              phase: p.phase,
              loaded: p.loaded,
              total: p.total,
              percent: p.total ? Math.min(100, Math.round((p.loaded / p.total) * 100)) : undefined,
            });
          }
        : () => req.signal?.throwIfAborted(),
    });
  } catch (error) {
    return {
      ok: false,
      error: classifyRemoteError(error, {
        url: req.url,
        host: remote.host,
        corsProxy: remote.corsProxy,
        hasToken: remote.hasToken,
        ref: req.ref,
      }),
    };
  }
  const branch = (await req.git.currentBranch({ fs: req.fs, dir: req.dir })) ?? null;
  const commit = await req.git.resolveRef({ fs: req.fs, dir: req.dir, ref: 'HEAD' });
  if (req.tree && !req.noCheckout) {
    try {
      await fastCheckout({
        git: req.git,
        fs: req.fs,
        tree: req.tree,
        cache: req.cache,
        dir: req.dir,
        gitdir: `${req.dir === '/' ? '' : req.dir}/.git`,
        commit,
        onProgress: report,
        maxFiles: req.checkoutLimits?.files,
        maxBytes: req.checkoutLimits?.bytes,
        folder: req.folder,
      });
    } catch (error) {
      if (error instanceof FolderMissingError)
        return {
          ok: false,
          error: {
            kind: 'no-folder',
            message: error.message,
            hint: 'Check the folder’s name and its case (as on the repository’s page), or clone a different one.',
            remedies: ['folder'],
          },
        };
      if (error instanceof CheckoutLimitError)
        return {
          ok: false,
          error: {
            kind: 'too-large',
            message: error.message,
            hint: req.folder
              ? 'Clone a smaller folder of it, or work on it with git on your own machine.'
              : req.offerFolder
                ? TOO_LARGE_FOLDER_HINT
                : TOO_LARGE_HINT,
            remedies: req.folder || req.offerFolder ? ['folder'] : undefined,
          },
        };
      return {
        ok: false,
        error: {
          kind: 'network',
          message: `Checkout failed: ${error instanceof Error ? error.message : String(error)}`,
          hint: 'The repository may contain paths Tidepool refuses to write.',
        },
      };
    }
  }
  return { ok: true, branch, commit };
}
