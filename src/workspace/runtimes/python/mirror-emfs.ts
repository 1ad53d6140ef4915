import { isMirrorError, type MirrorFs } from '../worker/mirror-fs';

// An Emscripten file system type over the worker's MirrorFs, mounted at the workspace root (and
// /tmp, /home) in each CPython instance: Python's open(), os.listdir() and friends read and write
// the mirror directly, so what a program writes is journaled to the host as it happens.

/* eslint-disable @typescript-eslint/no-explicit-any -- Emscripten's FS objects are untyped JS. */
type EmFS = any;
type EmNode = any;
type EmStream = any;

/** Emscripten's (WASI-numbered) errno values for the codes the mirror raises. */
const ERRNO: Record<string, number> = {
  ENOENT: 44,
  EEXIST: 20,
  EISDIR: 31,
  ENOTDIR: 54,
  ENOTEMPTY: 55,
  EINVAL: 28,
  EBUSY: 10,
  EPERM: 63,
  EIO: 29,
};

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const O_ACCMODE = 3;
const O_TRUNC = 0o1000;
const O_APPEND = 0o2000;

export function createMirrorEmfs(FS: EmFS, mirror: MirrorFs): unknown {
  const fail = (code: string): never => {
    throw new FS.ErrnoError(ERRNO[code] ?? ERRNO.EIO);
  };
  const guard = <T>(f: () => T): T => {
    try {
      return f();
    } catch (error) {
      if (error instanceof FS.ErrnoError) throw error;
      return fail(isMirrorError(error) ? error.code : 'EIO');
    }
  };
  const pathOf = (node: EmNode): string => {
    const parts: string[] = [];
    while (node.parent !== node) {
      parts.push(node.name);
      node = node.parent;
    }
    const root = node.mount.opts.root as string;
    return parts.length ? `${root === '/' ? '' : root}/${parts.reverse().join('/')}` : root;
  };
  const child = (parent: EmNode, name: string) => {
    const base = pathOf(parent);
    return base === '/' ? `/${name}` : `${base}/${name}`;
  };
  const modeOf = (path: string): number => {
    const node = mirror.get(path);
    if (!node) return fail('ENOENT');
    return node.kind === 'dir' ? S_IFDIR | 0o755 : S_IFREG | 0o644;
  };

  const MIRRORFS: any = {
    mount(mount: EmNode) {
      return MIRRORFS.createNode(null, '/', modeOf(mount.opts.root), 0);
    },
    createNode(parent: EmNode, name: string, mode: number, dev: number) {
      const node = FS.createNode(parent, name, mode, dev);
      node.node_ops = MIRRORFS.node_ops;
      node.stream_ops = MIRRORFS.stream_ops;
      return node;
    },
    node_ops: {
      getattr(node: EmNode) {
        const path = pathOf(node);
        const entry = mirror.get(path);
        if (!entry) return fail('ENOENT');
        const size = entry.kind === 'file' ? entry.size : 4096;
        const time = new Date(entry.mtimeMs);
        return {
          dev: 1,
          ino: node.id,
          mode: entry.kind === 'dir' ? S_IFDIR | 0o755 : S_IFREG | 0o644,
          nlink: 1,
          uid: 0,
          gid: 0,
          rdev: 0,
          size,
          atime: time,
          mtime: time,
          ctime: time,
          blksize: 4096,
          blocks: Math.ceil(size / 512),
        };
      },
      setattr(node: EmNode, attr: { size?: number; mtime?: number | Date; timestamp?: number }) {
        const path = pathOf(node);
        if (attr.size !== undefined) guard(() => mirror.truncate(path, attr.size!));
        const mtime = attr.mtime ?? attr.timestamp;
        if (mtime !== undefined) guard(() => mirror.setMtime(path, Number(mtime)));
      },
      lookup(parent: EmNode, name: string) {
        return MIRRORFS.createNode(parent, name, modeOf(child(parent, name)));
      },
      mknod(parent: EmNode, name: string, mode: number, dev: number) {
        const path = child(parent, name);
        guard(() => ((mode & S_IFDIR) === S_IFDIR ? mirror.mkdir(path) : mirror.create(path)));
        return MIRRORFS.createNode(parent, name, mode, dev);
      },
      rename(oldNode: EmNode, newDir: EmNode, newName: string) {
        guard(() => mirror.rename(pathOf(oldNode), child(newDir, newName)));
        oldNode.name = newName;
      },
      unlink(parent: EmNode, name: string) {
        guard(() => mirror.remove(child(parent, name)));
      },
      rmdir(parent: EmNode, name: string) {
        guard(() => mirror.remove(child(parent, name), { dir: true }));
      },
      readdir(node: EmNode) {
        return ['.', '..', ...guard(() => mirror.readdir(pathOf(node)))];
      },
      symlink() {
        fail('EPERM');
      },
      readlink() {
        fail('EINVAL');
      },
    },
    stream_ops: {
      open(stream: EmStream) {
        if ((stream.node.mode & S_IFDIR) === S_IFDIR) return;
        const path = pathOf(stream.node);
        const writing = (stream.flags & O_ACCMODE) !== 0;
        if (writing && stream.flags & O_TRUNC) guard(() => mirror.truncate(path, 0));
        if (stream.flags & O_APPEND) stream.position = guard(() => mirror.readFile(path).byteLength);
      },
      close() {},
      read(stream: EmStream, buffer: Uint8Array, offset: number, length: number, position: number) {
        const data = guard(() => mirror.readFile(pathOf(stream.node), 'read'));
        if (position >= data.byteLength) return 0;
        const count = Math.min(length, data.byteLength - position);
        buffer.set(data.subarray(position, position + count), offset);
        return count;
      },
      write(stream: EmStream, buffer: Uint8Array, offset: number, length: number, position: number) {
        const path = pathOf(stream.node);
        const at = stream.flags & O_APPEND ? null : position;
        // Copied: Emscripten hands us a view of the wasm heap, which the next write reuses.
        return guard(() => mirror.writeAt(path, buffer.slice(offset, offset + length), at));
      },
      llseek(stream: EmStream, offset: number, whence: number) {
        let position = offset;
        if (whence === 1) position += stream.position;
        else if (whence === 2) position += guard(() => mirror.readFile(pathOf(stream.node)).byteLength);
        if (position < 0) fail('EINVAL');
        return position;
      },
    },
  };
  return MIRRORFS;
}
