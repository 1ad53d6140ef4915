import { basename, dirname, isUnder, normalizePath } from '../../paths';
import type { FilesDelta, FsOp } from '../protocol';

// The worker's synchronous file system: a copy of the workspace the host keeps current, plus
// scratch directories (/tmp, the home directory) that live only as long as the worker. Programs
// need sync reads (require, open()), so the files are here rather than asked for. Every change
// under the workspace root is journaled and handed to `onChanges`, which posts it to the host.

export interface MirrorFile {
  kind: 'file';
  /** Grows by doubling so streamed writes (Python's write(), appendFile in a loop) stay linear. */
  buffer: Uint8Array;
  size: number;
  mtimeMs: number;
}

export interface MirrorDir {
  kind: 'dir';
  children: Set<string>;
  mtimeMs: number;
}

export type MirrorNode = MirrorFile | MirrorDir;

export type MirrorErrorCode = 'ENOENT' | 'EEXIST' | 'EISDIR' | 'ENOTDIR' | 'ENOTEMPTY' | 'EINVAL' | 'EBUSY';

const MESSAGES: Record<MirrorErrorCode, [number, string]> = {
  ENOENT: [-2, 'no such file or directory'],
  EEXIST: [-17, 'file already exists'],
  EISDIR: [-21, 'illegal operation on a directory'],
  ENOTDIR: [-20, 'not a directory'],
  ENOTEMPTY: [-39, 'directory not empty'],
  EINVAL: [-22, 'invalid argument'],
  EBUSY: [-16, 'resource busy or locked'],
};

/** Shaped like Node's fs errors (`code`, `errno`, `syscall`, `path`), which programs inspect. */
export interface MirrorError extends Error {
  code: MirrorErrorCode;
  errno: number;
  syscall: string;
  path: string;
}

export function mirrorError(code: MirrorErrorCode, syscall: string, path: string, dest?: string): MirrorError {
  const [errno, text] = MESSAGES[code];
  const where = dest === undefined ? `'${path}'` : `'${path}' -> '${dest}'`;
  const error = new Error(`${code}: ${text}, ${syscall} ${where}`) as MirrorError;
  error.code = code;
  error.errno = errno;
  error.syscall = syscall;
  error.path = path;
  return error;
}

export function isMirrorError(value: unknown): value is MirrorError {
  return value instanceof Error && typeof (value as MirrorError).code === 'string' && 'syscall' in value;
}

const EMPTY = new Uint8Array(0);
/** Pending writes are posted at least this often while a program keeps the worker busy. */
const FLUSH_EVERY_MS = 50;

export class MirrorFs {
  readonly root: string;
  private readonly nodes = new Map<string, MirrorNode>();
  /** Files written since the last flush, read when flushed (so a loop of appends posts once). */
  private readonly dirty = new Set<string>();
  private readonly ops: FsOp[] = [];
  private lastFlush = 0;
  private flushQueued = false;

  constructor(
    root: string,
    private readonly onChanges: (ops: FsOp[]) => void,
    private readonly schedule: (flush: () => void) => void = (flush) => setTimeout(flush, 0),
  ) {
    this.root = normalizePath(root);
    this.nodes.set('/', { kind: 'dir', children: new Set(), mtimeMs: Date.now() });
    for (const dir of [this.root, '/tmp', '/home/user', '/dev']) this.mkdirp(dir, false);
  }

  /** Applies what the host sends: not journaled, it is the workspace's own state. */
  apply(delta: FilesDelta): void {
    for (const path of delta.remove) {
      const p = normalizePath(path);
      if (this.nodes.has(p) && p !== this.root) this.unlinkTree(p);
    }
    for (const entry of delta.put) {
      const p = normalizePath(entry.path);
      const existing = this.nodes.get(p);
      if (entry.data) {
        if (existing?.kind === 'dir') this.unlinkTree(p);
        this.mkdirp(dirname(p), false);
        this.nodes.set(p, { kind: 'file', buffer: entry.data, size: entry.data.byteLength, mtimeMs: entry.mtimeMs });
        this.link(p);
      } else if (!existing || existing.kind === 'file') {
        if (existing) this.unlinkTree(p);
        this.mkdirp(p, false);
      }
    }
  }

  get(path: string): MirrorNode | undefined {
    return this.nodes.get(normalizePath(path));
  }

  exists(path: string): boolean {
    return this.nodes.has(normalizePath(path));
  }

  /** The file's bytes (a view: copy before keeping it past the next write). */
  readFile(path: string, syscall = 'open'): Uint8Array {
    const file = this.file(path, syscall);
    return file.buffer.subarray(0, file.size);
  }

  readdir(path: string): string[] {
    const p = normalizePath(path);
    const node = this.nodes.get(p);
    if (!node) throw mirrorError('ENOENT', 'scandir', p);
    if (node.kind !== 'dir') throw mirrorError('ENOTDIR', 'scandir', p);
    return [...node.children].sort();
  }

  writeFile(path: string, data: Uint8Array, syscall = 'open'): void {
    const p = normalizePath(path);
    const node = this.nodes.get(p);
    if (node?.kind === 'dir') throw mirrorError('EISDIR', syscall, p);
    if (!node) this.parentDir(p, syscall);
    const copy = data.slice();
    this.nodes.set(p, { kind: 'file', buffer: copy, size: copy.byteLength, mtimeMs: Date.now() });
    if (!node) this.link(p);
    this.changed(p);
  }

  /** Writes `data` at `position` (the end when null), growing the file: the primitive under fds and appends. */
  writeAt(path: string, data: Uint8Array, position: number | null): number {
    const file = this.file(path, 'write');
    const at = position ?? file.size;
    const end = at + data.byteLength;
    if (end > file.buffer.byteLength) {
      const grown = new Uint8Array(Math.max(end, file.buffer.byteLength * 2, 64));
      grown.set(file.buffer.subarray(0, file.size));
      file.buffer = grown;
    }
    file.buffer.set(data, at);
    file.size = Math.max(file.size, end);
    file.mtimeMs = Date.now();
    this.changed(normalizePath(path));
    return data.byteLength;
  }

  truncate(path: string, length: number): void {
    const file = this.file(path, 'ftruncate');
    if (length > file.buffer.byteLength) {
      const grown = new Uint8Array(length);
      grown.set(file.buffer.subarray(0, file.size));
      file.buffer = grown;
    } else if (length > file.size) file.buffer.fill(0, file.size, length);
    file.size = length;
    file.mtimeMs = Date.now();
    this.changed(normalizePath(path));
  }

  /** Creates an empty file if none is there (open with O_CREAT). */
  create(path: string, syscall = 'open'): void {
    const p = normalizePath(path);
    if (this.nodes.has(p)) return;
    this.writeFile(p, EMPTY, syscall);
  }

  mkdir(path: string, recursive = false): string | undefined {
    const p = normalizePath(path);
    if (recursive) {
      const node = this.nodes.get(p);
      if (node?.kind === 'file') throw mirrorError('EEXIST', 'mkdir', p);
      if (node) return undefined;
      let first = p;
      for (let d = dirname(p); !this.nodes.has(d); d = dirname(d)) first = d;
      const parentOfFirst = this.nodes.get(dirname(first));
      if (parentOfFirst?.kind === 'file') throw mirrorError('ENOTDIR', 'mkdir', p);
      this.mkdirp(p, true);
      return first;
    }
    if (this.nodes.has(p)) throw mirrorError('EEXIST', 'mkdir', p);
    this.parentDir(p, 'mkdir');
    this.nodes.set(p, { kind: 'dir', children: new Set(), mtimeMs: Date.now() });
    this.link(p);
    this.structural({ op: 'mkdir', path: p });
    return p;
  }

  /** unlink (files), rmdir (empty dirs) or rm -r, by the flags. */
  remove(path: string, options: { dir?: boolean; recursive?: boolean; syscall?: string } = {}): void {
    const p = normalizePath(path);
    const syscall = options.syscall ?? (options.dir ? 'rmdir' : 'unlink');
    const node = this.nodes.get(p);
    if (!node) throw mirrorError('ENOENT', syscall, p);
    if (node.kind === 'dir') {
      if (!options.dir && !options.recursive) throw mirrorError('EISDIR', syscall, p);
      if (node.children.size && !options.recursive) throw mirrorError('ENOTEMPTY', syscall, p);
      if (p === '/' || p === this.root) throw mirrorError('EBUSY', syscall, p);
    } else if (options.dir && !options.recursive) throw mirrorError('ENOTDIR', syscall, p);
    this.unlinkTree(p);
    this.structural({ op: 'remove', path: p });
  }

  rename(from: string, to: string): void {
    const src = normalizePath(from);
    const dst = normalizePath(to);
    const node = this.nodes.get(src);
    if (!node) throw mirrorError('ENOENT', 'rename', src, dst);
    if (src === dst) return;
    if (isUnder(src, dst)) throw mirrorError('EINVAL', 'rename', src, dst);
    const target = this.nodes.get(dst);
    if (target?.kind === 'dir' && node.kind === 'file') throw mirrorError('EISDIR', 'rename', src, dst);
    if (target?.kind === 'file' && node.kind === 'dir') throw mirrorError('ENOTDIR', 'rename', src, dst);
    if (target?.kind === 'dir' && target.children.size) throw mirrorError('ENOTEMPTY', 'rename', src, dst);
    this.parentDir(dst, 'rename');
    // Files written but not yet posted keep their old paths in the journal: post them first.
    this.materialize();
    if (target) this.unlinkTree(dst);
    const moved = [...this.nodes].filter(([key]) => isUnder(src, key));
    for (const [key] of moved) this.nodes.delete(key);
    for (const [key, n] of moved) this.nodes.set(dst + key.slice(src.length), n);
    this.unlink(src);
    this.link(dst);
    const inside = (p: string) => isUnder(this.root, p);
    if (inside(src) && inside(dst)) this.structural({ op: 'rename', from: src, to: dst });
    else if (inside(src)) this.structural({ op: 'remove', path: src });
    else if (inside(dst)) for (const [key, n] of moved) this.announce(dst + key.slice(src.length), n);
  }

  setMtime(path: string, mtimeMs: number): void {
    const node = this.nodes.get(normalizePath(path));
    if (!node) throw mirrorError('ENOENT', 'utime', normalizePath(path));
    node.mtimeMs = mtimeMs;
  }

  /** Posts what changed since the last flush (the host applies ops in order). */
  flush(): void {
    this.flushQueued = false;
    this.lastFlush = Date.now();
    this.materialize();
    if (!this.ops.length) return;
    this.onChanges(this.ops.splice(0));
  }

  private changed(p: string): void {
    if (!isUnder(this.root, p)) return;
    this.dirty.add(p);
    this.soon();
  }

  private structural(op: FsOp): void {
    const path = op.op === 'rename' ? op.from : op.path;
    const to = op.op === 'rename' ? op.to : path;
    if (!isUnder(this.root, path) && !isUnder(this.root, to)) return;
    this.materialize();
    this.ops.push(op);
    this.soon();
  }

  /** A tree that arrived from outside the workspace (a rename from /tmp): written out whole. */
  private announce(p: string, node: MirrorNode): void {
    this.materialize();
    if (node.kind === 'dir') this.ops.push({ op: 'mkdir', path: p });
    else this.ops.push({ op: 'write', path: p, data: node.buffer.slice(0, node.size) });
    this.soon();
  }

  private materialize(): void {
    for (const p of this.dirty) {
      const node = this.nodes.get(p);
      if (node?.kind === 'file') this.ops.push({ op: 'write', path: p, data: node.buffer.slice(0, node.size) });
    }
    this.dirty.clear();
  }

  /** After the current task, or at once when a busy program has not flushed for a while. */
  private soon(): void {
    if (Date.now() - this.lastFlush >= FLUSH_EVERY_MS) {
      this.flush();
      return;
    }
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.schedule(() => this.flush());
  }

  private file(path: string, syscall: string): MirrorFile {
    const p = normalizePath(path);
    const node = this.nodes.get(p);
    if (!node) throw mirrorError('ENOENT', syscall, p);
    if (node.kind === 'dir') throw mirrorError('EISDIR', syscall === 'open' ? 'read' : syscall, p);
    return node;
  }

  private parentDir(p: string, syscall: string): MirrorDir {
    const parent = this.nodes.get(dirname(p));
    if (!parent) throw mirrorError('ENOENT', syscall, p);
    if (parent.kind !== 'dir') throw mirrorError('ENOTDIR', syscall, p);
    return parent;
  }

  private mkdirp(p: string, journal: boolean): void {
    if (this.nodes.has(p)) return;
    this.mkdirp(dirname(p), journal);
    this.nodes.set(p, { kind: 'dir', children: new Set(), mtimeMs: Date.now() });
    this.link(p);
    if (journal) this.structural({ op: 'mkdir', path: p });
  }

  private link(p: string): void {
    if (p === '/') return;
    const parent = this.nodes.get(dirname(p));
    if (parent?.kind === 'dir') {
      parent.children.add(basename(p));
      parent.mtimeMs = Date.now();
    }
  }

  private unlink(p: string): void {
    const parent = this.nodes.get(dirname(p));
    if (parent?.kind === 'dir') {
      parent.children.delete(basename(p));
      parent.mtimeMs = Date.now();
    }
  }

  private unlinkTree(p: string): void {
    for (const key of [...this.nodes.keys()]) if (isUnder(p, key)) this.nodes.delete(key);
    this.dirty.forEach((d) => isUnder(p, d) && this.dirty.delete(d));
    this.unlink(p);
  }
}
