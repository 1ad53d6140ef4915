import type { FileTree } from '../workspace/file-tree';
import type { GitProgress } from './context';
import type { GitFs } from './git-fs';
import { inodeOf } from './git-fs';
import type { IsoGit } from './load';
import { CHECKOUT_LIMITS, CheckoutLimitError, tooManyBytes, tooManyFiles } from './limits';
import { FolderMissingError, inFolder, sparsePatterns } from './sparse-folder';

// Checkout of a fresh clone straight into the in-page tree: read the commit's trees, write each
// blob, then write `.git/index` once. isomorphic-git's general checkout first walks the working
// tree and the index to plan, then does ~10 awaited fs calls per file; for an empty directory
// none of that planning is needed, and this was the larger half of a clone's time.
// With `folder`, only that folder's files are written (sparse-folder.ts): the rest go into the
// index flagged skip-worktree, and the limits count the files that land.

interface Entry {
  path: string;
  oid: string;
  mode: number;
}

const encoder = new TextEncoder();

/** Names a repository must not be able to write: `.git` (any case), `.`, `..`, or anything with a separator. */
function unsafeName(name: string): boolean {
  return name === '' || name === '.' || name === '..' || name.toLowerCase() === '.git' || /[/\\\0]/.test(name);
}

async function listTree(
  git: IsoGit,
  fs: GitFs,
  dir: string,
  gitdir: string,
  cache: object,
  oid: string,
  prefix: string,
  out: Entry[],
): Promise<void> {
  const { tree } = await git.readTree({ fs, dir, gitdir, oid, cache });
  for (const e of tree) {
    if (unsafeName(e.path)) throw new Error(`The repository contains an unsafe path: '${prefix}${e.path}'`);
    const path = `${prefix}${e.path}`;
    if (e.type === 'tree') await listTree(git, fs, dir, gitdir, cache, e.oid, `${path}/`, out);
    else out.push({ path, oid: e.oid, mode: parseInt(e.mode, 8) });
  }
}

/** git sorts index entries by the bytes of their paths. */
function byteOrder(a: { key: Uint8Array }, b: { key: Uint8Array }): number {
  const x = a.key;
  const y = b.key;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

interface IndexRow {
  key: Uint8Array;
  oid: string;
  mode: number;
  mtimeMs: number;
  size: number;
  ino: number;
  /** Outside a sparse checkout's folder (needs index version 3's extended flags). */
  skipWorktree?: boolean;
}

const CE_EXTENDED = 0x4000;
const CE_SKIP_WORKTREE = 0x4000;

/** Bytes of one entry: 62 fixed, 2 more for extended flags, the name, 1–8 NULs to a multiple of 8. */
const entrySize = (r: IndexRow): number => Math.ceil((62 + (r.skipWorktree ? 2 : 0) + r.key.length + 1) / 8) * 8;

/** `.git/index` as git and isomorphic-git read it: version 2, or 3 when an entry is skip-worktree. */
async function indexFile(rows: IndexRow[]): Promise<Uint8Array> {
  rows.sort(byteOrder);
  let size = 12 + 20;
  for (const r of rows) size += entrySize(r);
  const buf = new Uint8Array(size);
  const view = new DataView(buf.buffer);
  buf.set(encoder.encode('DIRC'), 0);
  view.setUint32(4, rows.some((r) => r.skipWorktree) ? 3 : 2);
  view.setUint32(8, rows.length);
  let at = 12;
  for (const r of rows) {
    const seconds = Math.floor(r.mtimeMs / 1000);
    const nanos = Math.floor((r.mtimeMs - seconds * 1000) * 1_000_000);
    // ctime = mtime, dev = uid = gid = 1: what GitStats reports, so the next status trusts these.
    const u32 = [seconds, nanos, seconds, nanos, 1, r.ino, r.mode, 1, 1, r.size];
    u32.forEach((v, i) => view.setUint32(at + i * 4, v >>> 0));
    for (let i = 0; i < 20; i++) buf[at + 40 + i] = parseInt(r.oid.slice(i * 2, i * 2 + 2), 16);
    view.setUint16(at + 60, Math.min(r.key.length, 0xfff) | (r.skipWorktree ? CE_EXTENDED : 0));
    if (r.skipWorktree) view.setUint16(at + 62, CE_SKIP_WORKTREE);
    buf.set(r.key, at + (r.skipWorktree ? 64 : 62));
    at += entrySize(r);
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', buf.subarray(0, at)));
  buf.set(digest, at);
  return buf;
}

export interface FastCheckoutRequest {
  git: IsoGit;
  fs: GitFs;
  tree: FileTree;
  cache: object;
  dir: string;
  gitdir: string;
  /** The commit to check out (HEAD of the fresh clone). */
  commit: string;
  onProgress?: (event: GitProgress) => void;
  /** Refuse a tree of more entries than this (default CHECKOUT_LIMITS.files). */
  maxFiles?: number;
  /** Refuse once the checked-out files pass this many bytes, inflated (default CHECKOUT_LIMITS.bytes). */
  maxBytes?: number;
  /** Check out only this repo-relative folder (normalised: no slashes at either end). */
  folder?: string;
}

export { CHECKOUT_LIMITS, CheckoutLimitError } from './limits';

export async function fastCheckout(req: FastCheckoutRequest): Promise<void> {
  const { git, fs, tree, cache, dir, gitdir } = req;
  const { commit } = await git.readCommit({ fs, dir, gitdir, oid: req.commit, cache });
  const entries: Entry[] = [];
  await listTree(git, fs, dir, gitdir, cache, commit.tree, '', entries);
  const maxFiles = req.maxFiles ?? CHECKOUT_LIMITS.files;
  const maxBytes = req.maxBytes ?? CHECKOUT_LIMITS.bytes;
  const folder = req.folder;
  const rows: IndexRow[] = [];
  let wanted = entries;
  if (folder) {
    // The index still lists every file: past ten times the file limit even that is too much to hold.
    if (entries.length > maxFiles * 10) throw tooManyFiles(entries.length, maxFiles * 10);
    wanted = [];
    for (const e of entries) {
      if (inFolder(e.path, folder)) wanted.push(e);
      else
        rows.push({
          key: encoder.encode(e.path),
          oid: e.oid,
          mode: e.mode,
          mtimeMs: 0,
          size: 0,
          ino: 0,
          skipWorktree: true,
        });
    }
    if (!wanted.length) throw new FolderMissingError(folder);
  }
  if (wanted.length > maxFiles)
    throw folder
      ? new CheckoutLimitError(
          `The folder ${folder} has ${wanted.length.toLocaleString('en')} files; a tab holds at most ${maxFiles.toLocaleString('en')}.`,
        )
      : tooManyFiles(wanted.length, maxFiles);
  let done = 0;
  let bytes = 0;
  for (const e of wanted) {
    const abs = `${dir === '/' ? '' : dir}/${e.path}`;
    if (e.mode === 0o160000) {
      // A submodule: git leaves an empty directory and records the commit in the index.
      tree.mkdir(abs, { recursive: true });
    } else {
      const { blob } = await git.readBlob({ fs, dir, gitdir, oid: e.oid, cache });
      bytes += blob.byteLength;
      if (bytes > maxBytes) throw tooManyBytes(maxBytes);
      if (e.mode === 0o120000) await fs.promises.symlink(new TextDecoder().decode(blob), abs);
      else {
        tree.writeFile(abs, blob);
        if (e.mode === 0o100755) tree.setMode(abs, 0o755);
      }
    }
    const stat = tree.stat(abs)!;
    rows.push({
      key: encoder.encode(e.path),
      oid: e.oid,
      mode: e.mode,
      mtimeMs: stat.mtimeMs,
      size: e.mode === 0o160000 ? 0 : stat.size,
      ino: e.mode === 0o160000 ? 0 : inodeOf(abs),
    });
    done++;
    if (req.onProgress && (done % 50 === 0 || done === wanted.length)) {
      req.onProgress({
        phase: 'Updating workdir',
        loaded: done,
        total: wanted.length,
        percent: Math.round((done / wanted.length) * 100),
      });
    }
  }
  tree.writeFile(`${gitdir}/index`, await indexFile(rows));
  if (folder) {
    tree.mkdir(`${gitdir}/info`, { recursive: true });
    tree.writeFile(`${gitdir}/info/sparse-checkout`, sparsePatterns(folder));
    await git.setConfig({ fs, dir, gitdir, path: 'core.sparseCheckout', value: true });
  }
}
