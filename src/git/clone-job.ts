import { FileTree } from '../workspace/file-tree';
import { cloneRepo, type CloneOutcome } from './clone-core';
import type { GitProgress } from './context';
import { createTreeGitFs } from './git-fs';
import type { GitHttpClient } from './http';
import { loadIsoGit } from './load';

// One clone as a self-contained job: fetch, inflate and check out into a private in-memory tree,
// then hand the result over as batches of files. In the browser this runs in a Web Worker
// (clone-worker.ts) so the page never waits on it; under Node it runs in-process, same code.
// Every file keeps the mtime the checkout gave it, and `.git/index` records those: written back
// with the same path, size and mtime, the first `git status` trusts the index instead of hashing.

/** What a clone job needs: plain data only, so it can cross to a worker. */
export interface CloneJob {
  /** Absolute directory the repository lands in (the job's tree is rooted there). */
  dir: string;
  url: string;
  ref?: string;
  depth?: number;
  singleBranch?: boolean;
  corsProxy?: string;
  proxyAll?: boolean;
  /** The token and the one origin it may go to. */
  token?: { origin: string; value: string };
  maxBytes?: number;
  checkoutLimits?: { files?: number; bytes?: number };
  /** Check out only this repo-relative folder (a sparse checkout; sparse-folder.ts). */
  folder?: string;
  /** Files per batch (default 500) and bytes per batch (default 4 MB), whichever comes first. */
  batchFiles?: number;
  batchBytes?: number;
}

export interface FileRecord {
  /** Absolute path. */
  path: string;
  /** File contents, or null for an empty directory (a submodule's place). */
  bytes: Uint8Array | null;
  mode: number;
  mtimeMs: number;
}

export interface FileBatch {
  files: FileRecord[];
  /** Files sent so far, this batch included, and the total the job will send. */
  sent: number;
  total: number;
  /** Bytes of all the files the job will send (the first batch tells the page what is coming). */
  totalBytes: number;
}

export type CloneJobOutcome = (CloneOutcome & { ok: false }) | { ok: true; branch: string | null; commit: string };

export interface CloneJobHooks {
  onProgress?: (event: GitProgress) => void;
  /** Awaited: the next batch waits until this one is taken (written, or posted to the page). */
  onBatch: (batch: FileBatch) => void | Promise<void>;
  signal?: AbortSignal;
  http?: GitHttpClient;
}

export async function runCloneJob(job: CloneJob, hooks: CloneJobHooks): Promise<CloneJobOutcome> {
  const git = await loadIsoGit();
  const tree = new FileTree(job.dir);
  const fs = createTreeGitFs(tree);
  const outcome = await cloneRepo({
    git,
    fs,
    tree,
    cache: {},
    dir: job.dir,
    url: job.url,
    ref: job.ref,
    depth: job.depth,
    singleBranch: job.singleBranch,
    access: {
      corsProxy: job.corsProxy,
      proxyAll: job.proxyAll,
      tokenFor: (origin) => (job.token && origin === job.token.origin ? job.token.value : undefined),
    },
    http: hooks.http,
    signal: hooks.signal,
    maxBytes: job.maxBytes,
    checkoutLimits: job.checkoutLimits,
    folder: job.folder,
    // Only the page opens repositories through a job, and it can offer one folder instead.
    offerFolder: true,
    onProgress: hooks.onProgress,
  });
  if (!outcome.ok) return outcome;
  await emitBatches(tree, job, hooks);
  return outcome;
}

/** The whole tree as batches: the working files first (so they show early), `.git` last. */
export async function emitBatches(
  tree: FileTree,
  job: Pick<CloneJob, 'dir' | 'batchFiles' | 'batchBytes'>,
  hooks: Pick<CloneJobHooks, 'onBatch'>,
): Promise<void> {
  const maxFiles = job.batchFiles ?? 500;
  const maxBytes = job.batchBytes ?? 4 * 1024 * 1024;
  const gitdir = `${job.dir === '/' ? '' : job.dir}/.git/`;
  const paths: string[] = [];
  const gitPaths: string[] = [];
  for (const path of tree.allPaths()) {
    const node = tree.get(path)!;
    // Directories travel implicitly with their files; only empty ones need a record.
    if (node.kind === 'dir' && (node.children.size > 0 || path === tree.root)) continue;
    (path.startsWith(gitdir) ? gitPaths : paths).push(path);
  }
  paths.sort();
  const all = paths.concat(gitPaths);
  let totalBytes = 0;
  for (const path of all) {
    const node = tree.get(path)!;
    if (node.kind === 'file') totalBytes += node.bytes.byteLength;
  }
  let files: FileRecord[] = [];
  let bytes = 0;
  let sent = 0;
  for (const path of all) {
    const node = tree.get(path)!;
    const record: FileRecord =
      node.kind === 'dir'
        ? { path, bytes: null, mode: node.mode, mtimeMs: node.mtimeMs }
        : { path, bytes: node.bytes, mode: node.mode, mtimeMs: node.mtimeMs };
    files.push(record);
    bytes += record.bytes?.byteLength ?? 0;
    if (files.length >= maxFiles || bytes >= maxBytes) {
      sent += files.length;
      await hooks.onBatch({ files, sent, total: all.length, totalBytes });
      files = [];
      bytes = 0;
    }
  }
  if (files.length) {
    sent += files.length;
    await hooks.onBatch({ files, sent, total: all.length, totalBytes });
  }
}
