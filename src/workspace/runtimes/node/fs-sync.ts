import { Buffer } from 'buffer';
import { isUnder } from '../../paths';
import { mirrorError, type MirrorFs, type MirrorNode } from '../worker/mirror-fs';

// Node's synchronous fs API over the worker's mirror of the workspace. The callback and promise
// forms (fs-async.ts) are built on these. Descriptors 0/1/2 and /dev/std* are the program's stdio.

export interface Stdio {
  stdin(): Uint8Array;
  write(fd: 1 | 2, data: Uint8Array | string): void;
}

type PathLike = string | Uint8Array | URL;
type Encoding = BufferEncoding | null | undefined;
type EncodingOption = Encoding | { encoding?: Encoding; flag?: string; withFileTypes?: boolean; recursive?: boolean };

export const constants = {
  F_OK: 0,
  R_OK: 4,
  W_OK: 2,
  X_OK: 1,
  O_RDONLY: 0,
  O_WRONLY: 1,
  O_RDWR: 2,
  O_CREAT: 64,
  O_EXCL: 128,
  O_TRUNC: 512,
  O_APPEND: 1024,
  COPYFILE_EXCL: 1,
  COPYFILE_FICLONE: 2,
  COPYFILE_FICLONE_FORCE: 4,
  S_IFMT: 0o170000,
  S_IFREG: 0o100000,
  S_IFDIR: 0o040000,
};

export class Stats {
  dev = 1;
  ino: number;
  mode: number;
  nlink = 1;
  uid = 1000;
  gid = 1000;
  rdev = 0;
  size: number;
  blksize = 4096;
  blocks: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
  birthtimeMs: number;
  atime: Date;
  mtime: Date;
  ctime: Date;
  birthtime: Date;

  constructor(node: MirrorNode, ino: number) {
    const dir = node.kind === 'dir';
    this.ino = ino;
    this.mode = dir ? constants.S_IFDIR | 0o755 : constants.S_IFREG | 0o644;
    this.size = dir ? 4096 : node.size;
    this.blocks = Math.ceil(this.size / 512);
    this.atimeMs = this.mtimeMs = this.ctimeMs = this.birthtimeMs = node.mtimeMs;
    this.atime = this.mtime = this.ctime = this.birthtime = new Date(node.mtimeMs);
  }

  isFile(): boolean {
    return (this.mode & constants.S_IFMT) === constants.S_IFREG;
  }
  isDirectory(): boolean {
    return (this.mode & constants.S_IFMT) === constants.S_IFDIR;
  }
  isSymbolicLink(): boolean {
    return false;
  }
  isBlockDevice(): boolean {
    return false;
  }
  isCharacterDevice(): boolean {
    return false;
  }
  isFIFO(): boolean {
    return false;
  }
  isSocket(): boolean {
    return false;
  }
}

export class Dirent {
  constructor(
    readonly name: string,
    readonly parentPath: string,
    private readonly dir: boolean,
  ) {}
  get path(): string {
    return this.parentPath;
  }
  isFile(): boolean {
    return !this.dir;
  }
  isDirectory(): boolean {
    return this.dir;
  }
  isSymbolicLink(): boolean {
    return false;
  }
  isBlockDevice(): boolean {
    return false;
  }
  isCharacterDevice(): boolean {
    return false;
  }
  isFIFO(): boolean {
    return false;
  }
  isSocket(): boolean {
    return false;
  }
}

interface Descriptor {
  path: string;
  position: number;
  append: boolean;
  writable: boolean;
}

function encodingOf(options: EncodingOption): Encoding {
  return typeof options === 'string' || options === null ? options : options?.encoding;
}

function unsupported(what: string): Error {
  const error = new Error(`${what} is not supported in the lite workspace (its files are not a real disk)`);
  (error as Error & { code: string }).code = 'ENOTSUP';
  return error;
}

export function createFsSync(mirror: MirrorFs, cwd: () => string, stdio: Stdio) {
  const fds = new Map<number, Descriptor>();
  let nextFd = 3;
  const inodes = new Map<string, number>();

  const toPath = (path: PathLike | number, name = 'path'): string => {
    let p: string;
    if (typeof path === 'string') p = path;
    else if (path instanceof URL) {
      if (path.protocol !== 'file:') throw new TypeError('The URL must be of scheme file');
      p = decodeURIComponent(path.pathname);
    } else if (path instanceof Uint8Array) p = Buffer.from(path).toString();
    else throw new TypeError(`The "${name}" argument must be of type string or an instance of Buffer or URL.`);
    if (p.includes('\0')) throw new TypeError(`The argument '${name}' must be a string without null bytes.`);
    return p.startsWith('/') ? normalize(p) : normalize(`${cwd()}/${p}`);
  };
  const normalize = (p: string) => {
    const out: string[] = [];
    for (const part of p.split('/')) {
      if (!part || part === '.') continue;
      if (part === '..') out.pop();
      else out.push(part);
    }
    return `/${out.join('/')}`;
  };
  const ino = (p: string) => {
    let n = inodes.get(p);
    if (n === undefined) inodes.set(p, (n = inodes.size + 100));
    return n;
  };
  const decode = (bytes: Uint8Array, options: EncodingOption): string | Buffer => {
    const buffer = Buffer.from(bytes);
    const encoding = encodingOf(options);
    return encoding ? buffer.toString(encoding) : buffer;
  };
  const toBytes = (data: unknown, options: EncodingOption): Uint8Array => {
    if (typeof data === 'string') return Buffer.from(data, encodingOf(options) ?? 'utf8');
    if (data instanceof Uint8Array) return data;
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    throw new TypeError(
      'The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView.',
    );
  };
  const stdioFd = (path: PathLike | number): number | null => {
    if (typeof path === 'number') return path <= 2 ? path : null;
    if (path === '/dev/stdin') return 0;
    if (path === '/dev/stdout') return 1;
    if (path === '/dev/stderr') return 2;
    return null;
  };
  const descriptor = (fd: number, syscall: string): Descriptor => {
    const d = fds.get(fd);
    if (!d)
      throw Object.assign(new Error(`EBADF: bad file descriptor, ${syscall}`), { code: 'EBADF', errno: -9, syscall });
    return d;
  };

  const readFileSync = (path: PathLike | number, options?: EncodingOption): string | Buffer => {
    const std = stdioFd(path);
    if (std === 0) return decode(stdio.stdin(), options);
    if (typeof path === 'number') return decode(mirror.readFile(descriptor(path, 'read').path), options);
    const p = toPath(path);
    if (p === '/dev/null') return decode(new Uint8Array(0), options);
    return decode(mirror.readFile(p), options);
  };

  const writeFileSync = (path: PathLike | number, data: unknown, options?: EncodingOption): void => {
    const bytes = toBytes(data, options);
    const std = stdioFd(path);
    if (std === 1 || std === 2) return stdio.write(std, bytes);
    const flag = typeof options === 'object' && options ? options.flag : undefined;
    if (typeof path === 'number') {
      const d = descriptor(path, 'write');
      mirror.writeAt(d.path, bytes, d.append ? null : d.position);
      if (!d.append) d.position += bytes.byteLength;
      return;
    }
    const p = toPath(path);
    if (p === '/dev/null') return;
    if (flag?.startsWith('a')) {
      if (!mirror.exists(p)) mirror.writeFile(p, bytes);
      else mirror.writeAt(p, bytes, null);
      return;
    }
    if (flag?.includes('x') && mirror.exists(p)) throw mirrorError('EEXIST', 'open', p);
    mirror.writeFile(p, bytes);
  };

  const statSync = (path: PathLike, options?: { throwIfNoEntry?: boolean }): Stats | undefined => {
    const p = toPath(path);
    const node = mirror.get(p);
    if (!node) {
      if (options?.throwIfNoEntry === false) return undefined;
      throw mirrorError('ENOENT', 'stat', p);
    }
    return new Stats(node, ino(p));
  };

  const readdirSync = (path: PathLike, options?: EncodingOption): (string | Dirent)[] => {
    const root = toPath(path);
    const withTypes = typeof options === 'object' && options?.withFileTypes;
    const recursive = typeof options === 'object' && options?.recursive;
    const out: (string | Dirent)[] = [];
    const walk = (dir: string, prefix: string) => {
      for (const name of mirror.readdir(dir)) {
        const full = dir === '/' ? `/${name}` : `${dir}/${name}`;
        const isDir = mirror.get(full)?.kind === 'dir';
        out.push(withTypes ? new Dirent(name, dir, isDir) : prefix + name);
        if (recursive && isDir) walk(full, `${prefix}${name}/`);
      }
    };
    walk(root, '');
    return out;
  };

  const openSync = (path: PathLike, flags: string | number = 'r'): number => {
    const p = toPath(path);
    const f = typeof flags === 'number' ? numericFlags(flags) : flags;
    const writable = /[wa+]/.test(f);
    const exists = mirror.exists(p);
    if (f.includes('x') && exists) throw mirrorError('EEXIST', 'open', p);
    if (!writable && !exists) throw mirrorError('ENOENT', 'open', p);
    if (mirror.get(p)?.kind === 'dir' && writable) throw mirrorError('EISDIR', 'open', p);
    if (f.startsWith('w')) mirror.writeFile(p, new Uint8Array(0));
    else if (writable && !exists) mirror.create(p);
    const fd = nextFd++;
    fds.set(fd, { path: p, position: 0, append: f.startsWith('a'), writable });
    return fd;
  };

  const readSync = (
    fd: number,
    buffer: Uint8Array,
    offsetOrOptions?: number | { offset?: number; length?: number; position?: number | null },
    length?: number,
    position?: number | null,
  ): number => {
    let offset = typeof offsetOrOptions === 'number' ? offsetOrOptions : (offsetOrOptions?.offset ?? 0);
    if (typeof offsetOrOptions === 'object') ({ length, position } = offsetOrOptions);
    length ??= buffer.byteLength - offset;
    if (fd === 0) {
      const input = stdio.stdin();
      const state = fds.get(0) ?? { path: '/dev/stdin', position: 0, append: false, writable: false };
      fds.set(0, state);
      const count = Math.min(length, input.byteLength - state.position);
      if (count <= 0) return 0;
      buffer.set(input.subarray(state.position, state.position + count), offset);
      state.position += count;
      return count;
    }
    const d = descriptor(fd, 'read');
    const data = mirror.readFile(d.path, 'read');
    const at = position ?? d.position;
    const count = Math.max(0, Math.min(length, data.byteLength - at));
    buffer.set(data.subarray(at, at + count), offset);
    if (position === null || position === undefined) d.position += count;
    offset += count;
    return count;
  };

  const writeSync = (
    fd: number,
    data: unknown,
    offsetOrPosition?: unknown,
    lengthOrEncoding?: unknown,
    position?: unknown,
  ): number => {
    let bytes: Uint8Array;
    if (typeof data === 'string') {
      bytes = Buffer.from(data, (typeof lengthOrEncoding === 'string' ? lengthOrEncoding : 'utf8') as BufferEncoding);
      position = offsetOrPosition;
    } else {
      const view = toBytes(data, null);
      const offset = typeof offsetOrPosition === 'number' ? offsetOrPosition : 0;
      const length = typeof lengthOrEncoding === 'number' ? lengthOrEncoding : view.byteLength - offset;
      bytes = view.subarray(offset, offset + length);
    }
    if (fd === 1 || fd === 2) {
      stdio.write(fd, bytes);
      return bytes.byteLength;
    }
    const d = descriptor(fd, 'write');
    const at = typeof position === 'number' ? position : d.append ? null : d.position;
    mirror.writeAt(d.path, bytes, at);
    if (typeof position !== 'number' && !d.append) d.position += bytes.byteLength;
    return bytes.byteLength;
  };

  const rmSync = (path: PathLike, options?: { recursive?: boolean; force?: boolean }): void => {
    const p = toPath(path);
    if (!mirror.exists(p)) {
      if (options?.force) return;
      throw mirrorError('ENOENT', 'rm', p);
    }
    if (mirror.get(p)?.kind === 'dir' && !options?.recursive) {
      const error = mirrorError('EISDIR', 'rm', p);
      error.message = `Path is a directory: rm returned EISDIR (is a directory) ${p}`;
      throw error;
    }
    mirror.remove(p, { recursive: true, syscall: 'rm' });
  };

  const copyFileSync = (src: PathLike, dest: PathLike, mode = 0): void => {
    const from = toPath(src, 'src');
    const to = toPath(dest, 'dest');
    if (mode & constants.COPYFILE_EXCL && mirror.exists(to)) throw mirrorError('EEXIST', 'copyfile', from, to);
    mirror.writeFile(to, mirror.readFile(from, 'copyfile'), 'copyfile');
  };

  const cpSync = (src: PathLike, dest: PathLike, options?: { recursive?: boolean; force?: boolean }): void => {
    const from = toPath(src, 'src');
    const to = toPath(dest, 'dest');
    const node = mirror.get(from);
    if (!node) throw mirrorError('ENOENT', 'cp', from);
    if (node.kind === 'file') return copyFileSync(from, to);
    if (!options?.recursive)
      throw Object.assign(new Error(`Recursive option is required to copy a directory: ${from}`), {
        code: 'ERR_FS_EISDIR',
      });
    if (isUnder(from, to)) throw mirrorError('EINVAL', 'cp', from, to);
    mirror.mkdir(to, true);
    for (const name of mirror.readdir(from)) cpSync(`${from}/${name}`, `${to}/${name}`, options);
  };

  return {
    constants,
    Stats,
    Dirent,
    toPath,
    existsSync: (path: PathLike) => {
      try {
        return mirror.exists(toPath(path));
      } catch {
        return false;
      }
    },
    readFileSync,
    writeFileSync,
    appendFileSync: (path: PathLike | number, data: unknown, options?: EncodingOption) =>
      writeFileSync(path, data, { ...(typeof options === 'string' ? { encoding: options } : options), flag: 'a' }),
    statSync,
    lstatSync: statSync,
    fstatSync: (fd: number) => statSync(descriptor(fd, 'fstat').path)!,
    readdirSync,
    mkdirSync: (path: PathLike, options?: { recursive?: boolean } | number) =>
      mirror.mkdir(toPath(path), typeof options === 'object' && !!options?.recursive),
    mkdtempSync: (prefix: string) => {
      const p = `${toPath(prefix)}${Math.random().toString(36).slice(2, 8)}`;
      mirror.mkdir(p);
      return p;
    },
    rmSync,
    rmdirSync: (path: PathLike, options?: { recursive?: boolean }) =>
      mirror.remove(toPath(path), { dir: true, recursive: options?.recursive }),
    unlinkSync: (path: PathLike) => mirror.remove(toPath(path)),
    renameSync: (from: PathLike, to: PathLike) => mirror.rename(toPath(from, 'oldPath'), toPath(to, 'newPath')),
    copyFileSync,
    cpSync,
    realpathSync: Object.assign(
      (path: PathLike) => {
        const p = toPath(path);
        if (!mirror.exists(p)) throw mirrorError('ENOENT', 'realpath', p);
        return p;
      },
      { native: (path: PathLike) => toPath(path) },
    ),
    accessSync: (path: PathLike) => {
      const p = toPath(path);
      if (!mirror.exists(p)) throw mirrorError('ENOENT', 'access', p);
    },
    openSync,
    closeSync: (fd: number) => {
      if (fd > 2) descriptor(fd, 'close');
      fds.delete(fd);
    },
    readSync,
    writeSync,
    fsyncSync: () => {},
    fdatasyncSync: () => {},
    ftruncateSync: (fd: number, length = 0) => mirror.truncate(descriptor(fd, 'ftruncate').path, length),
    truncateSync: (path: PathLike, length = 0) => mirror.truncate(toPath(path), length),
    utimesSync: (path: PathLike, _atime: unknown, mtime: number | Date) =>
      mirror.setMtime(toPath(path), typeof mtime === 'number' ? mtime * 1000 : new Date(mtime).getTime()),
    chmodSync: (path: PathLike) => statSync(path),
    chownSync: (path: PathLike) => statSync(path),
    readlinkSync: (path: PathLike) => {
      throw mirrorError('EINVAL', 'readlink', toPath(path));
    },
    symlinkSync: () => {
      throw unsupported('symlink');
    },
    linkSync: () => {
      throw unsupported('link');
    },
    watch: () => {
      throw unsupported('fs.watch');
    },
    watchFile: () => {
      throw unsupported('fs.watchFile');
    },
    unwatchFile: () => {},
  };
}

function numericFlags(flags: number): string {
  const append = flags & constants.O_APPEND;
  const mode = flags & 3;
  const base = append ? 'a' : flags & constants.O_TRUNC || flags & constants.O_CREAT ? 'w' : 'r';
  return `${base}${mode === 2 ? '+' : ''}${flags & constants.O_EXCL ? 'x' : ''}`;
}

export type FsSync = ReturnType<typeof createFsSync>;
