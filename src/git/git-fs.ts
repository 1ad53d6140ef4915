import { FileTree } from '../workspace/file-tree';
import { dirname, normalizePath } from '../workspace/paths';
import type { Workspace } from '../workspace/types';

// isomorphic-git's `fs` (promises API) over the workspace's file tree, so `.git` and the working
// tree live in the one truth the editor, terminal and tools see. Straight onto the FileTree when the
// workspace has one (synchronous map lookups: statusMatrix on 2,000 files never awaits I/O), else
// through the async Workspace interface.

export type GitFsErrorCode = 'ENOENT' | 'EEXIST' | 'ENOTDIR' | 'ENOTEMPTY' | 'EISDIR' | 'EINVAL';

export class GitFsError extends Error {
  readonly code: GitFsErrorCode;
  readonly path: string;
  constructor(code: GitFsErrorCode, op: string, path: string) {
    super(`${code}: ${op} '${path}'`);
    this.name = 'GitFsError';
    this.code = code;
    this.path = path;
  }
}

/**
 * isomorphic-git probes for missing files all the time (loose objects, refs, config): a clone throws
 * thousands of ENOENTs. Skipping the stack capture made those throws ~10x cheaper.
 */
function fsFail(code: GitFsErrorCode, op: string, path: string): GitFsError {
  const error = Object.create(GitFsError.prototype) as { -readonly [K in keyof GitFsError]: GitFsError[K] };
  error.name = 'GitFsError';
  error.message = `${code}: ${op} '${path}'`;
  error.code = code;
  error.path = path;
  return error as GitFsError;
}

const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/** A Node-like stat object: isomorphic-git calls the methods and reads the numbers into the index. */
export class GitStats {
  readonly uid = 1;
  readonly gid = 1;
  readonly dev = 1;
  readonly ctimeMs: number;
  constructor(
    readonly type: 'file' | 'dir' | 'symlink',
    /** isomorphic-git overwrites this on a fresh object after checkout, so each call returns a new one. */
    public mode: number,
    readonly size: number,
    readonly mtimeMs: number,
    readonly ino: number,
  ) {
    // The tree keeps no change time; the modification time stands in, as it does on many filesystems.
    this.ctimeMs = mtimeMs;
  }
  isFile(): boolean {
    return this.type === 'file';
  }
  isDirectory(): boolean {
    return this.type === 'dir';
  }
  isSymbolicLink(): boolean {
    return this.type === 'symlink';
  }
}

/** The promises API isomorphic-git binds (`fs.promises`-shaped). */
export interface GitPromiseFs {
  readFile(path: string, options?: { encoding?: string } | string): Promise<Uint8Array | string>;
  writeFile(
    path: string,
    data: Uint8Array | string,
    options?: { mode?: number; encoding?: string } | string,
  ): Promise<void>;
  unlink(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  mkdir(path: string, options?: { recursive?: boolean } | number): Promise<void>;
  rmdir(path: string): Promise<void>;
  rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void>;
  stat(path: string): Promise<GitStats>;
  lstat(path: string): Promise<GitStats>;
  readlink(path: string): Promise<string>;
  symlink(target: string, path: string): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
}

/** What isomorphic-git's `fs` option takes: an object whose enumerable `promises` is the API. */
export interface GitFs {
  promises: GitPromiseFs;
}

/** Stable across reloads for the same path, so the index's stat cache survives a page reload. */
export function inodeOf(path: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193);
  return h >>> 0 || 1;
}

const decoder = new TextDecoder();

function wantsText(options?: { encoding?: string } | string): boolean {
  const encoding = typeof options === 'string' ? options : options?.encoding;
  return encoding === 'utf8' || encoding === 'utf-8';
}

/** Node's fs never answers with a path outside itself; outside the tree is simply "not there". */
function inside(tree: FileTree, path: string): string | null {
  const p = normalizePath(path);
  const root = tree.root;
  return root === '/' || p === root || p.startsWith(`${root}/`) ? p : null;
}

const NO_PATH = Object.assign(new Error('readFile without a path'), { code: 'EINVAL' });

/** The fast route: straight onto the in-page tree. */
export function createTreeGitFs(tree: FileTree): GitFs {
  const node = (path: string) => {
    const p = inside(tree, path);
    return p === null ? undefined : tree.get(p);
  };
  const need = (path: string, op: string) => {
    const p = inside(tree, path);
    if (p === null) throw fsFail('ENOENT', op, path);
    return p;
  };
  const statOf = (path: string, op: string): GitStats => {
    const n = node(path);
    if (!n) throw fsFail('ENOENT', op, path);
    if (n.kind === 'dir') return new GitStats('dir', S_IFDIR | 0o755, 0, n.mtimeMs, inodeOf(path));
    if ((n.mode & 0o170000) === S_IFLNK)
      return new GitStats('symlink', S_IFLNK, n.bytes.byteLength, n.mtimeMs, inodeOf(path));
    return new GitStats(
      'file',
      S_IFREG | (n.mode & 0o111 ? 0o755 : 0o644),
      n.bytes.byteLength,
      n.mtimeMs,
      inodeOf(path),
    );
  };

  const promises: GitPromiseFs = {
    async readFile(path, options) {
      // isomorphic-git calls readFile() with no path on every command to see if it returns a
      // promise: answer without building an error (that was 2 s of a 20,000-file checkout).
      if (typeof path !== 'string') throw NO_PATH;
      const n = node(path);
      if (!n) throw fsFail('ENOENT', 'open', path);
      if (n.kind === 'dir') throw fsFail('EISDIR', 'read', path);
      // Shared with the tree, not copied: isomorphic-git copies before it mutates (Buffer.from).
      return wantsText(options) ? (n.text ?? decoder.decode(n.bytes)) : n.bytes;
    },
    async writeFile(path, data, options) {
      const p = need(path, 'open');
      // Missing parents are created (Node would throw ENOENT): isomorphic-git's answer to that
      // is to mkdir and retry, so creating them here saves a throw per new directory.
      const parent = tree.get(dirname(p));
      if (parent && parent.kind !== 'dir') throw fsFail('ENOTDIR', 'open', path);
      if (tree.get(p)?.kind === 'dir') throw fsFail('EISDIR', 'open', path);
      tree.writeFile(p, data);
      const mode = typeof options === 'object' ? options.mode : undefined;
      if (mode !== undefined) tree.setMode(p, mode & 0o111 ? 0o755 : 0o644);
    },
    async unlink(path) {
      const n = node(path);
      if (!n) throw fsFail('ENOENT', 'unlink', path);
      if (n.kind === 'dir') throw fsFail('EISDIR', 'unlink', path);
      tree.remove(need(path, 'unlink'));
    },
    async readdir(path) {
      const n = node(path);
      if (!n) throw fsFail('ENOENT', 'scandir', path);
      if (n.kind !== 'dir') throw fsFail('ENOTDIR', 'scandir', path);
      return [...n.children].sort();
    },
    async mkdir(path, options) {
      const p = need(path, 'mkdir');
      const existing = tree.get(p);
      const recursive = typeof options === 'object' && options.recursive;
      if (existing) {
        if (recursive && existing.kind === 'dir') return;
        throw fsFail('EEXIST', 'mkdir', path);
      }
      const parent = tree.get(dirname(p));
      if (!recursive && !parent) throw fsFail('ENOENT', 'mkdir', path);
      if (parent && parent.kind !== 'dir') throw fsFail('ENOTDIR', 'mkdir', path);
      tree.mkdir(p, { recursive: !!recursive });
    },
    async rmdir(path) {
      const n = node(path);
      if (!n) throw fsFail('ENOENT', 'rmdir', path);
      if (n.kind !== 'dir') throw fsFail('ENOTDIR', 'rmdir', path);
      if (n.children.size > 0) throw fsFail('ENOTEMPTY', 'rmdir', path);
      tree.remove(need(path, 'rmdir'));
    },
    async rm(path, options) {
      const n = node(path);
      if (!n) {
        if (options?.force) return;
        throw fsFail('ENOENT', 'rm', path);
      }
      if (n.kind === 'dir' && n.children.size > 0 && !options?.recursive) throw fsFail('ENOTEMPTY', 'rm', path);
      tree.remove(need(path, 'rm'), { recursive: true });
    },
    async stat(path) {
      return statOf(path, 'stat');
    },
    async lstat(path) {
      return statOf(path, 'lstat');
    },
    async readlink(path) {
      const n = node(path);
      if (!n) throw fsFail('ENOENT', 'readlink', path);
      if (n.kind !== 'file' || (n.mode & 0o170000) !== S_IFLNK) throw fsFail('EINVAL', 'readlink', path);
      return decoder.decode(n.bytes);
    },
    async symlink(target, path) {
      // The tree has no links: a link is a file holding its target, marked by its mode (not persisted).
      const p = need(path, 'symlink');
      if (tree.get(p)) throw fsFail('EEXIST', 'symlink', path);
      tree.writeFile(p, target);
      tree.setMode(p, S_IFLNK);
    },
    async chmod(path, mode) {
      const n = node(path);
      if (!n) throw fsFail('ENOENT', 'chmod', path);
      if (n.kind === 'file') tree.setMode(need(path, 'chmod'), mode & 0o111 ? 0o755 : 0o644);
    },
  };
  return wrap(promises);
}

/** The slow route for a workspace without a reachable tree: every call goes through the async seam. */
export function createWorkspaceGitFs(workspace: Workspace): GitFs {
  const within = (path: string, op: string) => {
    const p = normalizePath(path);
    const root = workspace.root;
    if (!(root === '/' || p === root || p.startsWith(`${root}/`))) throw fsFail('ENOENT', op, path);
    return p;
  };
  const statOf = async (path: string, op: string): Promise<GitStats> => {
    const s = await workspace.stat(within(path, op));
    if (!s) throw fsFail('ENOENT', op, path);
    return s.kind === 'dir'
      ? new GitStats('dir', S_IFDIR | 0o755, 0, s.mtimeMs, inodeOf(path))
      : new GitStats('file', S_IFREG | 0o644, s.size, s.mtimeMs, inodeOf(path));
  };
  const promises: GitPromiseFs = {
    async readFile(path, options) {
      const s = await statOf(path, 'open');
      if (s.isDirectory()) throw fsFail('EISDIR', 'read', path);
      return wantsText(options) ? workspace.readText(path) : workspace.readFile(path);
    },
    async writeFile(path, data) {
      const p = within(path, 'open');
      const parent = await workspace.stat(dirname(p));
      if (!parent) throw fsFail('ENOENT', 'open', path);
      if (parent.kind !== 'dir') throw fsFail('ENOTDIR', 'open', path);
      await workspace.writeFile(p, data);
    },
    async unlink(path) {
      const s = await statOf(path, 'unlink');
      if (s.isDirectory()) throw fsFail('EISDIR', 'unlink', path);
      await workspace.remove(path);
    },
    async readdir(path) {
      const s = await statOf(path, 'scandir');
      if (!s.isDirectory()) throw fsFail('ENOTDIR', 'scandir', path);
      return (await workspace.list(path)).map((e) => e.name);
    },
    async mkdir(path, options) {
      const p = within(path, 'mkdir');
      const recursive = typeof options === 'object' && options.recursive;
      if (await workspace.stat(p)) {
        if (recursive) return;
        throw fsFail('EEXIST', 'mkdir', path);
      }
      const parent = await workspace.stat(dirname(p));
      if (!recursive && !parent) throw fsFail('ENOENT', 'mkdir', path);
      if (parent && parent.kind !== 'dir') throw fsFail('ENOTDIR', 'mkdir', path);
      await workspace.mkdir(p);
    },
    async rmdir(path) {
      const s = await statOf(path, 'rmdir');
      if (!s.isDirectory()) throw fsFail('ENOTDIR', 'rmdir', path);
      if ((await workspace.list(path)).length > 0) throw fsFail('ENOTEMPTY', 'rmdir', path);
      await workspace.remove(path);
    },
    async rm(path, options) {
      const p = within(path, 'rm');
      if (!(await workspace.stat(p))) {
        if (options?.force) return;
        throw fsFail('ENOENT', 'rm', path);
      }
      await workspace.remove(p, { recursive: options?.recursive });
    },
    stat: (path) => statOf(path, 'stat'),
    lstat: (path) => statOf(path, 'lstat'),
    async readlink(path) {
      throw fsFail('EINVAL', 'readlink', path);
    },
    async symlink(target, path) {
      await promises.writeFile(path, target);
    },
    async chmod() {
      // The Workspace seam carries no permission bits.
    },
  };
  return wrap(promises);
}

function wrap(promises: GitPromiseFs): GitFs {
  // isomorphic-git uses `promises` only when it is an enumerable own property.
  return { promises };
}

/** The tree behind a workspace when it has one (the lite workspace, or the mirror under a WebContainer). */
export function treeOf(workspace: Workspace): FileTree | null {
  const candidate = (workspace as { tree?: unknown }).tree;
  if (candidate instanceof FileTree) return candidate;
  // The WebContainer workspace keeps its in-page truth as a lite workspace under `tree`.
  if (candidate && typeof candidate === 'object' && (candidate as { tree?: unknown }).tree instanceof FileTree) {
    return (candidate as { tree: FileTree }).tree;
  }
  return null;
}

const cache = new WeakMap<object, GitFs>();

/** One fs per workspace (so isomorphic-git's caches keyed on it stay warm), on the fastest route. */
export function gitFsFor(workspace: Workspace): GitFs {
  const tree = treeOf(workspace);
  const key: object = tree ?? workspace;
  let fs = cache.get(key);
  if (!fs) {
    fs = tree ? createTreeGitFs(tree) : createWorkspaceGitFs(workspace);
    cache.set(key, fs);
  }
  return fs;
}

const objectCaches = new WeakMap<GitFs, object>();

/**
 * isomorphic-git's cache (parsed pack indexes, the index file) for one fs. Shared by the clone and
 * every later command, so the first `git status` after opening a repo does not parse the pack again.
 */
export function gitCacheFor(fs: GitFs): object {
  let cache = objectCaches.get(fs);
  if (!cache) objectCaches.set(fs, (cache = {}));
  return cache;
}
