import { createPacer } from '../lib/yield';
import type { Cmd, Repo } from './context';
import type { GitStats } from './git-fs';
import type { FileState, Side } from './worktree-state';

// The same answer as worktree-state.ts's walk (HEAD, index and working tree side by side), read
// the direct way: HEAD's trees once, `.git/index` parsed here, the working tree listed with
// readdir/lstat, and a file hashed only when the index's stat cache does not vouch for it.
// isomorphic-git's walk does the same comparisons through a generic three-way iterator that
// allocates several promises and objects per path per side: on a 20,000-file clone the first
// `git status` took seconds, most of them in the garbage collector. Index forms this does not read
// (version 4, conflict stages, intent-to-add) return null and the walk answers instead.
// Skip-worktree entries (a sparse checkout: files outside the cloned folder) are read as git reads
// them: unchanged, whether or not a file is there. isomorphic-git's walk does not know that flag.

/** One stage-0 index entry: its blob and the stat cache git compares the working file against. */
export interface IndexEntry extends StatCache {
  path: string;
  oid: string;
  /** Where the entry starts in the file (its stat fields are rewritten there on a refresh). */
  offset: number;
  /** Outside a sparse checkout: git takes the entry as unchanged and leaves the working tree alone. */
  skipWorktree?: boolean;
}

/** Bits of an index entry's flags, and of version 3's extended flags (git's read-cache.h). */
const CE_EXTENDED = 0x4000;
const CE_SKIP_WORKTREE = 0x4000;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const decoder = new TextDecoder();

/** `.git/index` versions 2 and 3 without conflicts or intent-to-add entries; null for anything else. */
export function parseIndex(bytes: Uint8Array): IndexEntry[] | null {
  if (bytes.byteLength < 12) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (decoder.decode(bytes.subarray(0, 4)) !== 'DIRC') return null;
  const version = view.getUint32(4);
  if (version !== 2 && version !== 3) return null;
  const count = view.getUint32(8);
  const entries: IndexEntry[] = [];
  let at = 12;
  for (let n = 0; n < count; n++) {
    if (at + 62 > bytes.byteLength) return null;
    const flags = view.getUint16(at + 60);
    // Merge stages: the walk knows what they mean.
    if ((flags >> 12) & 3) return null;
    let name = at + 62;
    let skipWorktree = false;
    if (flags & CE_EXTENDED) {
      if (version !== 3 || name + 2 > bytes.byteLength) return null;
      const extended = view.getUint16(name);
      // Intent-to-add (and anything newer): the walk's.
      if (extended & ~CE_SKIP_WORKTREE) return null;
      skipWorktree = (extended & CE_SKIP_WORKTREE) !== 0;
      name += 2;
    }
    let end = name + (flags & 0xfff);
    if ((flags & 0xfff) === 0xfff) end = bytes.indexOf(0, name);
    if (end < 0 || end >= bytes.byteLength) return null;
    let oid = '';
    for (let i = 0; i < 20; i++) oid += HEX[bytes[at + 40 + i]];
    entries.push({
      path: decoder.decode(bytes.subarray(name, end)),
      oid,
      ctimeSeconds: view.getUint32(at),
      ctimeNanoseconds: view.getUint32(at + 4),
      mtimeSeconds: view.getUint32(at + 8),
      mtimeNanoseconds: view.getUint32(at + 12),
      ino: view.getUint32(at + 20),
      mode: view.getUint32(at + 24),
      uid: view.getUint32(at + 28),
      gid: view.getUint32(at + 32),
      size: view.getUint32(at + 36),
      offset: at,
      ...(skipWorktree ? { skipWorktree } : {}),
    });
    // Entries are padded with 1–8 NULs to a multiple of eight bytes.
    at += Math.ceil((end - at + 1) / 8) * 8;
  }
  return entries;
}

const U32 = 2 ** 32;

/** The fields of git's stat cache: what an index entry records of its file, and what is compared. */
export interface StatCache {
  ctimeSeconds: number;
  ctimeNanoseconds: number;
  mtimeSeconds: number;
  mtimeNanoseconds: number;
  ino: number;
  uid: number;
  gid: number;
  size: number;
  mode: number;
}

/** A working file's stat as isomorphic-git normalises it into the index. */
function statCacheOf(stat: GitStats): StatCache {
  const cSeconds = Math.floor(stat.ctimeMs / 1000);
  const mSeconds = Math.floor(stat.mtimeMs / 1000);
  return {
    ctimeSeconds: cSeconds % U32,
    ctimeNanoseconds: Math.floor((stat.ctimeMs - cSeconds * 1000) * 1_000_000) % U32,
    mtimeSeconds: mSeconds % U32,
    mtimeNanoseconds: Math.floor((stat.mtimeMs - mSeconds * 1000) * 1_000_000) % U32,
    ino: stat.ino % U32,
    uid: stat.uid % U32,
    gid: stat.gid % U32,
    size: stat.size % U32,
    mode: workMode(stat),
  };
}

/**
 * The index's stat cache holds for this file: every field git compares (and the mode, whatever
 * core.filemode says) is equal, so the index's oid is the file's. Anything unequal is hashed.
 */
export function sameStatCache(work: StatCache | undefined, stage: StatCache | undefined): boolean {
  if (!work || !stage) return false;
  return (
    work.mtimeSeconds === stage.mtimeSeconds &&
    work.mtimeNanoseconds === stage.mtimeNanoseconds &&
    work.ctimeSeconds === stage.ctimeSeconds &&
    work.ctimeNanoseconds === stage.ctimeNanoseconds &&
    work.ino === stage.ino &&
    work.uid === stage.uid &&
    work.gid === stage.gid &&
    work.size === stage.size &&
    work.mode === stage.mode
  );
}

/**
 * The index with the stat fields of `fresh` entries rewritten from their files and its checksum
 * redone: what git (and isomorphic-git's walk) do when a file whose time changed still has the
 * same content, so the next status trusts the cache again instead of hashing the file each time.
 */
export async function refreshedIndex(
  bytes: Uint8Array,
  fresh: readonly { entry: IndexEntry; stat: GitStats }[],
): Promise<Uint8Array> {
  const out = new Uint8Array(bytes);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (const { entry, stat } of fresh) {
    const at = entry.offset;
    const c = statCacheOf(stat);
    const fields = [c.ctimeSeconds, c.ctimeNanoseconds, c.mtimeSeconds, c.mtimeNanoseconds, stat.dev % U32, c.ino];
    fields.forEach((v, i) => view.setUint32(at + i * 4, v));
    view.setUint32(at + 28, c.uid);
    view.setUint32(at + 32, c.gid);
    view.setUint32(at + 36, c.size);
  }
  const end = out.byteLength - 20;
  out.set(new Uint8Array(await crypto.subtle.digest('SHA-1', out.subarray(0, end))), end);
  return out;
}

/** git's mode for a working-tree entry. */
function workMode(stat: GitStats): number {
  if (stat.isSymbolicLink()) return 0o120000;
  return stat.mode & 0o111 ? 0o100755 : 0o100644;
}

/** Path order of the walk: depth first, siblings by their names; that is, `/` before any other character. */
export function walkOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x === 47) return -1;
    if (y === 47) return 1;
    return x - y;
  }
  return a.length - b.length;
}

/** The pathspec tests of worktree-state.ts, passed in so the two files do not import each other's code. */
export interface PathFilter {
  /** Could `dir` hold a match? */
  worthWalking(dir: string): boolean;
  /** Is `path` itself a match? */
  matches(path: string): boolean;
}

export interface ScanRequest {
  /** Commit to compare against, or null for an unborn branch. */
  headOid: string | null;
  hashUntracked: boolean;
  filter: PathFilter;
  /** Whether the refreshed stat cache may be written back (not in a read-only run). */
  mayWrite: boolean;
}

/** What changed, or null when the index is in a form only the walk reads. */
export async function scanStates(cmd: Cmd, repo: Repo, req: ScanRequest): Promise<FileState[] | null> {
  const { git, fs, cache } = cmd;
  const { dir, gitdir } = repo;
  let indexBytes: Uint8Array | null = null;
  try {
    indexBytes = (await fs.promises.readFile(`${gitdir}/index`)) as Uint8Array;
  } catch {
    indexBytes = null; // no index yet: nothing staged
  }
  const index = indexBytes ? parseIndex(indexBytes) : [];
  if (!index) return null;

  const head = new Map<string, Side>();
  // Paths that are folders of HEAD or the index, and submodule paths (never walked, never reported).
  const trackedDirs = new Set<string>(['']);
  const gitlinks = new Set<string>();
  const addDirs = (path: string): void => {
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) trackedDirs.add(path.slice(0, i));
  };
  const readHead = async (oid: string, prefix: string): Promise<void> => {
    const { tree } = await git.readTree({ fs, dir, gitdir, oid, cache });
    for (const e of tree) {
      const path = `${prefix}${e.path}`;
      if (e.type === 'tree') {
        trackedDirs.add(path);
        if (req.filter.worthWalking(path)) await readHead(e.oid, `${path}/`);
      } else if (e.type === 'commit') gitlinks.add(path);
      else if (req.filter.worthWalking(path)) head.set(path, { oid: e.oid, mode: parseInt(e.mode, 8) });
    }
  };
  if (req.headOid) await readHead(req.headOid, '');

  const stage = new Map<string, IndexEntry>();
  for (const entry of index) {
    addDirs(entry.path);
    if (entry.mode === 0o160000) gitlinks.add(entry.path);
    else if (req.filter.worthWalking(entry.path)) stage.set(entry.path, entry);
  }

  const work = new Map<string, Side>();
  const fresh: { entry: IndexEntry; stat: GitStats }[] = [];
  const base = dir === '/' ? '' : dir;
  // On the page the tree answers synchronously, so the awaits below never leave the task: give
  // the main thread back every few milliseconds (20,000 files would be one task of ~250 ms).
  const pacer = createPacer();
  const listDir = async (rel: string): Promise<void> => {
    let names: string[];
    try {
      names = await fs.promises.readdir(rel ? `${base}/${rel}` : dir);
    } catch {
      return;
    }
    for (const name of names) {
      await pacer.pace();
      const path = rel ? `${rel}/${name}` : name;
      if (gitlinks.has(path) || !req.filter.worthWalking(path)) continue;
      const tracked = head.has(path) || stage.has(path) || trackedDirs.has(path);
      // Untracked: ignored paths (and whole ignored folders) are not walked at all; `.git` never is.
      if (!tracked && (await git.isIgnored({ fs, dir, gitdir, filepath: path }))) continue;
      const abs = `${base}/${path}`;
      let stat: GitStats;
      try {
        stat = await fs.promises.lstat(abs);
      } catch {
        continue; // gone since readdir
      }
      if (stat.isDirectory()) {
        await listDir(path);
        continue;
      }
      if (!req.filter.matches(path)) continue;
      const entry = stage.get(path);
      let oid = '';
      if (entry && (entry.skipWorktree || sameStatCache(statCacheOf(stat), entry))) oid = entry.oid;
      else if (entry || head.has(path) || req.hashUntracked) {
        const bytes = stat.isSymbolicLink()
          ? new TextEncoder().encode(await fs.promises.readlink(abs))
          : ((await fs.promises.readFile(abs)) as Uint8Array);
        oid = (await git.hashBlob({ object: bytes })).oid;
        if (entry && oid === entry.oid && workMode(stat) === entry.mode) fresh.push({ entry, stat });
      }
      work.set(path, { oid, mode: workMode(stat) });
    }
  };
  await listDir('');
  for (const entry of stage.values())
    if (entry.skipWorktree && !work.has(entry.path) && req.filter.matches(entry.path))
      work.set(entry.path, { oid: entry.oid, mode: entry.mode });
  // A read-only run (the permission gate's view) must not write, not even this.
  if (fresh.length && indexBytes && req.mayWrite) {
    await fs.promises.writeFile(`${gitdir}/index`, await refreshedIndex(indexBytes, fresh)).catch(() => undefined);
  }

  const paths = new Set<string>();
  for (const path of head.keys()) if (req.filter.matches(path)) paths.add(path);
  for (const path of stage.keys()) if (req.filter.matches(path)) paths.add(path);
  for (const path of work.keys()) paths.add(path);
  return [...paths].sort(walkOrder).map((path) => {
    const state: FileState = { path };
    const h = head.get(path);
    const s = stage.get(path);
    const w = work.get(path);
    if (h) state.head = h;
    if (s) state.stage = { oid: s.oid, mode: s.mode };
    if (w) state.work = w;
    return state;
  });
}
