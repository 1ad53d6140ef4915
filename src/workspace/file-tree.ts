import { brand } from './brand';
import { basename, dirname, isUnder, normalizePath } from './paths';
import { WorkspaceError } from './types';
import type { DirEntry, EntryKind, FileChange, FileStat, WorkspaceErrorCode } from './types';

// The in-page file tree: the one truth for a session's files. Synchronous, so tools, the shell
// adapter, git and the editor all see a change the moment it is made; persistence and the
// WebContainer mirror follow it through `subscribe`.

export interface FileNode {
  kind: 'file';
  /** Owned by the tree and never mutated in place: a write replaces the array. */
  bytes: Uint8Array;
  /** Decoded UTF-8, filled on the first text read so repeated reads of a big file are free. */
  text: string | undefined;
  mtimeMs: number;
  mode: number;
}

export interface DirNode {
  kind: 'dir';
  children: Set<string>;
  mtimeMs: number;
  mode: number;
}

export type TreeNode = FileNode | DirNode;

/** Every file of a tree by absolute path. Empty directories are not kept. Arrays are shared, not copied. */
export type TreeSnapshot = Record<string, Uint8Array>;

/** A file to restore, with the modification time it had when stored. */
export interface RestoredFile {
  path: string;
  data: Uint8Array;
  mtimeMs?: number;
}

export type TreeListener = (changes: FileChange[]) => void;

const DESCRIPTIONS: Record<WorkspaceErrorCode, string> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'illegal operation on a directory',
  ENOTDIR: 'not a directory',
  EEXIST: 'file already exists',
  ENOTEMPTY: 'directory not empty',
  EOUTSIDE: 'outside the workspace root',
  EINVAL: 'invalid argument',
  EROFS: 'read-only file system',
};

/** Node-style messages (`ENOENT: no such file or directory, open '/w/a'`): just-bash's commands read the code prefix. */
export function fsError(code: WorkspaceErrorCode, op: string, path: string, detail?: string): WorkspaceError {
  const message = `${code}: ${DESCRIPTIONS[code]}, ${op} '${path}'${detail ? ` (${detail})` : ''}`;
  return new WorkspaceError(code, path, message);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const FILE_TREE = brand('FileTree');

export class FileTree {
  /** By brand, not prototype: see brand.ts. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return FILE_TREE.has(value);
  }

  readonly root: string;
  private readonly nodes = new Map<string, TreeNode>();
  private readonly listeners = new Set<TreeListener>();
  /** Sorted file paths, rebuilt lazily after a mutation (listing 5,000 files stays a filter); shared with views. */
  private readonly cache: { sortedFiles: string[] | null } = { sortedFiles: null };
  /** Set on a read-only view: called for each attempted change, returns the error to throw. */
  private readonly refuse?: (op: string, path: string) => Error;

  constructor(root = '/workspace', files?: Record<string, string | Uint8Array>) {
    FILE_TREE.mark(this);
    this.root = normalizePath(root);
    if (!this.root.startsWith('/'))
      throw new WorkspaceError('EINVAL', root, `The tree root must be absolute: '${root}'`);
    this.nodes.set(this.root, { kind: 'dir', children: new Set(), mtimeMs: Date.now(), mode: 0o755 });
    if (files) for (const [path, data] of Object.entries(files)) this.writeFile(this.abs(path), data);
  }

  /**
   * A view that reads this tree live and refuses every change with EROFS, reporting each attempt
   * to `onRefused` first. A command the permission gate allowed as read-only runs against one, so
   * whatever it tries to write fails instead of landing. The view shares this tree's state (it is
   * an object whose prototype is the tree), so it costs nothing to make and never goes stale.
   */
  readOnlyView(onRefused: (op: string, path: string) => void): FileTree {
    const refuse = (op: string, path: string): Error => {
      onRefused(op, path);
      return fsError('EROFS', op, path);
    };
    return Object.create(this, { refuse: { value: refuse } }) as FileTree;
  }

  /** False for a read-only view. */
  get writable(): boolean {
    return !this.refuse;
  }

  private guard(op: string, path: string): void {
    if (this.refuse) throw this.refuse(op, this.abs(path));
  }

  /** Normalises and confines a path; relative paths are taken from the root. */
  abs(path: string): string {
    const p = path.startsWith('/') ? normalizePath(path) : normalizePath(`${this.root}/${path}`);
    if (!isUnder(this.root, p)) {
      throw new WorkspaceError('EOUTSIDE', path, `EOUTSIDE: '${path}' is outside the workspace root '${this.root}'`);
    }
    return p;
  }

  get(path: string): TreeNode | undefined {
    return this.nodes.get(this.abs(path));
  }

  has(path: string): boolean {
    return this.nodes.has(this.abs(path));
  }

  kind(path: string): EntryKind | null {
    return this.nodes.get(this.abs(path))?.kind ?? null;
  }

  stat(path: string): FileStat | null {
    const p = this.abs(path);
    const node = this.nodes.get(p);
    if (!node) return null;
    return { path: p, kind: node.kind, size: node.kind === 'file' ? node.bytes.byteLength : 0, mtimeMs: node.mtimeMs };
  }

  /** The stored bytes, shared with the tree: do not mutate. */
  readBytes(path: string): Uint8Array {
    return this.fileNode(path, 'open').bytes;
  }

  readText(path: string): string {
    const node = this.fileNode(path, 'open');
    if (node.text === undefined) node.text = decoder.decode(node.bytes);
    return node.text;
  }

  /** Creates missing parent directories; replaces the file's contents. */
  writeFile(path: string, data: string | Uint8Array, options?: { mtimeMs?: number }): void {
    this.guard('open', path);
    const p = this.abs(path);
    const existing = this.nodes.get(p);
    if (existing?.kind === 'dir') throw fsError('EISDIR', 'open', p);
    const changes: FileChange[] = [];
    if (!existing) this.ensureDir(dirname(p), changes, 'open');
    // A rewrite always moves mtime forward, so a change within the same millisecond and of the
    // same size is still seen by the read-before-write staleness check.
    const now = options?.mtimeMs ?? (existing ? Math.max(Date.now(), existing.mtimeMs + 1) : Date.now());
    const node: FileNode =
      typeof data === 'string'
        ? { kind: 'file', bytes: encoder.encode(data), text: data, mtimeMs: now, mode: existing?.mode ?? 0o644 }
        : { kind: 'file', bytes: data.slice(), text: undefined, mtimeMs: now, mode: existing?.mode ?? 0o644 };
    this.nodes.set(p, node);
    if (!existing) this.link(p, now);
    changes.push({ type: existing ? 'modified' : 'created', path: p, kind: 'file' });
    this.emit(changes);
  }

  appendFile(path: string, data: string | Uint8Array): void {
    this.guard('open', path);
    const p = this.abs(path);
    const node = this.nodes.get(p);
    if (!node) return this.writeFile(p, data);
    if (node.kind === 'dir') throw fsError('EISDIR', 'open', p);
    const extra = typeof data === 'string' ? encoder.encode(data) : data;
    const joined = new Uint8Array(node.bytes.byteLength + extra.byteLength);
    joined.set(node.bytes, 0);
    joined.set(extra, node.bytes.byteLength);
    this.writeFile(p, joined);
  }

  /** Without `recursive`, the parent must exist and the path must not. */
  mkdir(path: string, options?: { recursive?: boolean }): void {
    this.guard('mkdir', path);
    const p = this.abs(path);
    const existing = this.nodes.get(p);
    if (existing) {
      if (existing.kind === 'dir' && options?.recursive) return;
      throw fsError('EEXIST', 'mkdir', p);
    }
    const changes: FileChange[] = [];
    if (options?.recursive) this.ensureDir(p, changes, 'mkdir');
    else {
      const parent = this.nodes.get(dirname(p));
      if (!parent) throw fsError('ENOENT', 'mkdir', p);
      if (parent.kind !== 'dir') throw fsError('ENOTDIR', 'mkdir', p);
      this.addDir(p, changes);
    }
    this.emit(changes);
  }

  /** Entries of a directory, sorted by name. */
  list(path: string): DirEntry[] {
    const p = this.abs(path);
    const node = this.dirNode(p, 'scandir');
    const prefix = p === '/' ? '/' : `${p}/`;
    return [...node.children].sort().map((name) => {
      const child = `${prefix}${name}`;
      return { name, path: child, kind: this.nodes.get(child)!.kind };
    });
  }

  /** Every file path under `path`, sorted; `[path]` for a file. */
  listFiles(path: string = this.root): string[] {
    const p = this.abs(path);
    const node = this.nodes.get(p);
    if (!node) throw fsError('ENOENT', 'scandir', p);
    if (node.kind === 'file') return [p];
    if (!this.cache.sortedFiles) {
      const files: string[] = [];
      for (const [key, n] of this.nodes) if (n.kind === 'file') files.push(key);
      this.cache.sortedFiles = files.sort();
    }
    if (p === this.root) return this.cache.sortedFiles.slice();
    const prefix = `${p}/`;
    return this.cache.sortedFiles.filter((f) => f.startsWith(prefix));
  }

  /** Every path in the tree (dirs included), unsorted. */
  allPaths(): string[] {
    return [...this.nodes.keys()];
  }

  /** A directory needs `recursive` unless it is empty. `force` ignores a missing path. */
  remove(path: string, options?: { recursive?: boolean; force?: boolean }): void {
    this.guard('rm', path);
    const p = this.abs(path);
    const node = this.nodes.get(p);
    if (!node) {
      if (options?.force) return;
      throw fsError('ENOENT', 'rm', p);
    }
    if (p === this.root) throw fsError('EINVAL', 'rm', p, 'the workspace root cannot be removed');
    if (node.kind === 'dir' && node.children.size > 0 && !options?.recursive) throw fsError('ENOTEMPTY', 'rm', p);
    this.drop(p);
    this.unlink(p);
    this.emit([{ type: 'deleted', path: p, kind: node.kind }]);
  }

  /**
   * Moves a file or directory (with its subtree). Without `overwrite` an existing destination is
   * refused (EEXIST); with it, POSIX rename rules apply (a file replaces a file, a dir an empty dir).
   */
  rename(from: string, to: string, options?: { overwrite?: boolean }): void {
    this.guard('rename', to);
    const src = this.abs(from);
    const dst = this.abs(to);
    const node = this.nodes.get(src);
    if (!node) throw fsError('ENOENT', 'rename', src);
    if (src === this.root || dst === this.root)
      throw fsError('EINVAL', 'rename', src, 'the workspace root cannot be moved');
    if (src === dst) return;
    if (isUnder(src, dst)) throw fsError('EINVAL', 'rename', dst, `cannot move '${src}' into itself`);
    const target = this.nodes.get(dst);
    if (target) {
      if (!options?.overwrite) throw fsError('EEXIST', 'rename', dst, 'the destination exists; remove it first');
      if (target.kind === 'dir' && node.kind === 'file') throw fsError('EISDIR', 'rename', dst);
      if (target.kind === 'file' && node.kind === 'dir') throw fsError('ENOTDIR', 'rename', dst);
      if (target.kind === 'dir' && target.children.size > 0) throw fsError('ENOTEMPTY', 'rename', dst);
    }
    const changes: FileChange[] = [];
    this.ensureDir(dirname(dst), changes, 'rename');
    if (target) {
      this.nodes.delete(dst);
      this.unlink(dst);
    }
    const moved = this.subtree(src).map((key): [string, TreeNode] => [key, this.nodes.get(key)!]);
    for (const [key] of moved) this.nodes.delete(key);
    for (const [key, n] of moved) this.nodes.set(dst + key.slice(src.length), n);
    this.unlink(src);
    this.link(dst, Date.now());
    this.cache.sortedFiles = null;
    changes.push({ type: 'renamed', from: src, to: dst, kind: node.kind });
    this.emit(changes);
  }

  setMtime(path: string, mtimeMs: number): void {
    this.guard('utimes', path);
    const p = this.abs(path);
    const node = this.nodes.get(p);
    if (!node) throw fsError('ENOENT', 'utimes', p);
    node.mtimeMs = mtimeMs;
    this.emit([{ type: 'modified', path: p, kind: node.kind }]);
  }

  /** Permission bits are kept for `chmod`/`ls -l` only; they are not persisted. */
  setMode(path: string, mode: number): void {
    this.guard('chmod', path);
    const p = this.abs(path);
    const node = this.nodes.get(p);
    if (!node) throw fsError('ENOENT', 'chmod', p);
    node.mode = mode;
  }

  subscribe(listener: TreeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): TreeSnapshot {
    const out: TreeSnapshot = {};
    for (const [key, node] of this.nodes) if (node.kind === 'file') out[key] = node.bytes;
    return out;
  }

  /**
   * Makes the tree equal to `snapshot` (files by absolute or root-relative path; the tree keeps the
   * arrays) and reports the difference as one batch. Directories that hold no snapshot file go.
   * `mtimes` (same keys) gives files written by the restore the times they had when stored, so a
   * reopened session's files keep them (git's index stat cache still vouches for them after a reload).
   * A list is taken as it is: a 20,000-file session spent more time building and walking records
   * keyed by path than restoring.
   */
  restore(snapshot: TreeSnapshot | readonly RestoredFile[]): void {
    this.guard('restore', this.root);
    const wanted = new Map<string, Uint8Array>();
    const times = new Map<string, number>();
    if (isFileList(snapshot)) {
      for (const f of snapshot) {
        const abs = this.abs(f.path);
        wanted.set(abs, f.data);
        if (f.mtimeMs !== undefined && Number.isFinite(f.mtimeMs)) times.set(abs, f.mtimeMs);
      }
    } else for (const path in snapshot) wanted.set(this.abs(path), snapshot[path]);
    const keepDirs = new Set<string>([this.root]);
    const under = this.root === '/' ? '/' : `${this.root}/`;
    for (const path of wanted.keys()) {
      for (let d = dirname(path); d.startsWith(under) && !keepDirs.has(d); d = dirname(d)) keepDirs.add(d);
    }
    const changes: FileChange[] = [];
    const removed = new Set<string>();
    for (const [path, node] of this.nodes) {
      const stays = node.kind === 'file' ? wanted.has(path) : keepDirs.has(path);
      if (!stays) removed.add(path);
    }
    for (const path of removed) {
      const node = this.nodes.get(path)!;
      this.nodes.delete(path);
      if (!removed.has(dirname(path))) {
        this.unlink(path);
        changes.push({ type: 'deleted', path, kind: node.kind });
      }
    }
    const now = Date.now();
    for (const [path, bytes] of wanted) {
      const existing = this.nodes.get(path);
      if (existing?.kind === 'file' && sameBytes(existing.bytes, bytes)) continue;
      if (existing?.kind === 'dir') {
        this.drop(path);
        this.unlink(path);
        changes.push({ type: 'deleted', path, kind: 'dir' });
      }
      const hadFile = existing?.kind === 'file';
      if (!hadFile) this.ensureDir(dirname(path), changes, 'open');
      const mtimeMs = times.get(path) ?? (hadFile ? Math.max(now, existing.mtimeMs + 1) : now);
      this.nodes.set(path, { kind: 'file', bytes, text: undefined, mtimeMs, mode: 0o644 });
      if (!hadFile) this.link(path, now);
      changes.push({ type: hadFile ? 'modified' : 'created', path, kind: 'file' });
    }
    this.cache.sortedFiles = null;
    this.emit(changes);
  }

  private fileNode(path: string, op: string): FileNode {
    const p = this.abs(path);
    const node = this.nodes.get(p);
    if (!node) throw fsError('ENOENT', op, p);
    if (node.kind === 'dir') throw fsError('EISDIR', op === 'open' ? 'read' : op, p);
    return node;
  }

  private dirNode(p: string, op: string): DirNode {
    const node = this.nodes.get(p);
    if (!node) throw fsError('ENOENT', op, p);
    if (node.kind !== 'dir') throw fsError('ENOTDIR', op, p);
    return node;
  }

  /** Creates `dir` and its missing ancestors (down from the root); a file in the way is ENOTDIR. */
  private ensureDir(dir: string, changes: FileChange[], op: string): void {
    const node = this.nodes.get(dir);
    if (node) {
      if (node.kind !== 'dir') throw fsError('ENOTDIR', op, dir);
      return;
    }
    this.ensureDir(dirname(dir), changes, op);
    this.addDir(dir, changes);
  }

  private addDir(p: string, changes: FileChange[]): void {
    const now = Date.now();
    this.nodes.set(p, { kind: 'dir', children: new Set(), mtimeMs: now, mode: 0o755 });
    this.link(p, now);
    changes.push({ type: 'created', path: p, kind: 'dir' });
  }

  /** Registers `p` with its parent directory. */
  private link(p: string, now: number): void {
    const parent = this.nodes.get(dirname(p));
    if (parent?.kind === 'dir') {
      parent.children.add(basename(p));
      parent.mtimeMs = now;
    }
    this.cache.sortedFiles = null;
  }

  private unlink(p: string): void {
    const parent = this.nodes.get(dirname(p));
    if (parent?.kind === 'dir') {
      parent.children.delete(basename(p));
      parent.mtimeMs = Date.now();
    }
    this.cache.sortedFiles = null;
  }

  /** `p` and every path beneath it, found through the children sets (no scan of the whole map). */
  private subtree(p: string): string[] {
    const out = [p];
    for (let i = 0; i < out.length; i++) {
      const node = this.nodes.get(out[i]);
      if (node?.kind === 'dir')
        for (const name of node.children) out.push(out[i] === '/' ? `/${name}` : `${out[i]}/${name}`);
    }
    return out;
  }

  /** Deletes `p` and, for a directory, everything under it (parent link left to the caller). */
  private drop(p: string): void {
    for (const key of this.subtree(p)) this.nodes.delete(key);
  }

  /**
   * Runs `write` (synchronous tree writes) and tells the listeners once, with every change it made:
   * a clone's slice of a few hundred files is one change list for the tree view, the mirror and the
   * workbench, not a few hundred calls to each.
   */
  batch(write: () => void): void {
    if (this.batched) return write();
    const changes: FileChange[] = [];
    this.batched = changes;
    try {
      write();
    } finally {
      this.batched = null;
      this.emit(changes);
    }
  }

  private batched: FileChange[] | null = null;

  private emit(changes: FileChange[]): void {
    if (changes.length === 0) return;
    if (this.batched) {
      for (const change of changes) this.batched.push(change);
      return;
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(changes);
      } catch (error) {
        // A broken subscriber must not undo or block a write that already happened.
        console.error('FileTree listener failed', error);
      }
    }
  }
}

function isFileList(snapshot: TreeSnapshot | readonly RestoredFile[]): snapshot is readonly RestoredFile[] {
  return Array.isArray(snapshot);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
