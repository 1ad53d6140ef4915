import { Buffer } from 'buffer';
import type { Timers } from './event-loop';
import type { FsSync } from './fs-sync';
import { Readable, Writable } from './streams';

// fs's callback and promise forms and its streams, on top of the synchronous calls: each runs
// in a later turn (through setImmediate, so it keeps the program alive until it calls back).

type Callback = (error: Error | null, value?: unknown) => void;

const CALLBACK_NAMES = [
  'readFile',
  'writeFile',
  'appendFile',
  'stat',
  'lstat',
  'fstat',
  'readdir',
  'mkdir',
  'mkdtemp',
  'rm',
  'rmdir',
  'unlink',
  'rename',
  'copyFile',
  'cp',
  'realpath',
  'access',
  'open',
  'close',
  'fsync',
  'ftruncate',
  'truncate',
  'utimes',
  'chmod',
  'chown',
  'readlink',
  'symlink',
  'link',
] as const;

export function createFsAsync(sync: FsSync, timers: Timers) {
  const later = <T>(work: () => T): Promise<T> =>
    new Promise((resolve, reject) =>
      timers.setImmediate(() => {
        try {
          resolve(work());
        } catch (error) {
          reject(error);
        }
      }),
    );

  const callbacks: Record<string, (...args: unknown[]) => void> = {};
  for (const name of CALLBACK_NAMES) {
    const fn = (sync as unknown as Record<string, (...args: unknown[]) => unknown>)[`${name}Sync`];
    callbacks[name] = (...args: unknown[]) => {
      const callback = args.pop();
      if (typeof callback !== 'function') {
        throw Object.assign(new TypeError(`The "cb" argument must be of type function. Received ${typeof callback}`), {
          code: 'ERR_INVALID_ARG_TYPE',
        });
      }
      timers.setImmediate(() => {
        let value: unknown;
        try {
          value = fn(...args);
        } catch (error) {
          (callback as Callback)(error as Error);
          return;
        }
        (callback as Callback)(null, value);
      });
    };
  }
  callbacks.exists = (path: unknown, callback: unknown) =>
    timers.setImmediate(() => (callback as (exists: boolean) => void)(sync.existsSync(path as string)));
  callbacks.read = (
    fd: unknown,
    buffer: unknown,
    offset: unknown,
    length: unknown,
    position: unknown,
    callback: unknown,
  ) =>
    timers.setImmediate(() => {
      try {
        const bytes = sync.readSync(
          fd as number,
          buffer as Uint8Array,
          offset as number,
          length as number,
          position as number | null,
        );
        (callback as (e: Error | null, n?: number, b?: unknown) => void)(null, bytes, buffer);
      } catch (error) {
        (callback as Callback)(error as Error);
      }
    });
  callbacks.write = (fd: unknown, ...rest: unknown[]) => {
    const callback = rest.pop() as (e: Error | null, n?: number, b?: unknown) => void;
    timers.setImmediate(() => {
      try {
        callback(null, sync.writeSync(fd as number, rest[0], rest[1], rest[2], rest[3]), rest[0]);
      } catch (error) {
        callback(error as Error);
      }
    });
  };

  class FileHandle {
    constructor(readonly fd: number) {}
    readFile = (options?: unknown) => later(() => sync.readFileSync(this.fd, options as BufferEncoding));
    writeFile = (data: unknown, options?: unknown) =>
      later(() => sync.writeFileSync(this.fd, data, options as BufferEncoding));
    appendFile = (data: unknown, options?: unknown) =>
      later(() => sync.appendFileSync(this.fd, data, options as BufferEncoding));
    read = (buffer: Uint8Array = Buffer.alloc(16384), offset = 0, length?: number, position: number | null = null) =>
      later(() => ({
        bytesRead: sync.readSync(this.fd, buffer, offset, length ?? buffer.byteLength - offset, position),
        buffer,
      }));
    write = (data: unknown, ...rest: unknown[]) =>
      later(() => ({ bytesWritten: sync.writeSync(this.fd, data, rest[0], rest[1], rest[2]), buffer: data }));
    stat = () => later(() => sync.fstatSync(this.fd));
    truncate = (length = 0) => later(() => sync.ftruncateSync(this.fd, length));
    sync = () => later(() => undefined);
    close = () => later(() => sync.closeSync(this.fd));
    [Symbol.asyncDispose] = () => this.close();
  }

  const promise = (name: string) => {
    const fn = (sync as unknown as Record<string, (...args: unknown[]) => unknown>)[`${name}Sync`];
    return (...args: unknown[]) => later(() => fn(...args));
  };
  const promises: Record<string, unknown> = { constants: sync.constants };
  for (const name of CALLBACK_NAMES)
    if (name !== 'close' && name !== 'fstat' && name !== 'fsync') promises[name] = promise(name);
  promises.open = (path: unknown, flags?: unknown) =>
    later(() => new FileHandle(sync.openSync(path as string, flags as string)));

  const createReadStream = (
    path: unknown,
    options: { encoding?: BufferEncoding; start?: number; end?: number; highWaterMark?: number } | BufferEncoding = {},
  ) => {
    const opts = typeof options === 'string' ? { encoding: options } : options;
    const size = opts.highWaterMark ?? 65536;
    let data: Uint8Array | null = null;
    let offset = opts.start ?? 0;
    const stream = new Readable({
      encoding: opts.encoding,
      read() {
        timers.setImmediate(() => {
          try {
            data ??= sync.readFileSync(path as string) as Buffer;
          } catch (error) {
            stream.destroy(error as Error);
            return;
          }
          const end = Math.min(data.byteLength, opts.end === undefined ? Infinity : opts.end + 1);
          if (offset >= end) {
            this.push(null);
            return;
          }
          const next = Math.min(offset + size, end);
          this.push(Buffer.from(data.subarray(offset, next)));
          offset = next;
        });
      },
    });
    Object.assign(stream, { path, bytesRead: 0 });
    return stream;
  };

  const createWriteStream = (
    path: unknown,
    options: { flags?: string; encoding?: BufferEncoding } | BufferEncoding = {},
  ) => {
    const opts = typeof options === 'string' ? { encoding: options } : options;
    let fd: number | null = null;
    const stream = new Writable({
      write(chunk, encoding, callback) {
        try {
          fd ??= sync.openSync(path as string, opts.flags ?? 'w');
          sync.writeSync(
            fd,
            typeof chunk === 'string' ? Buffer.from(chunk, (opts.encoding ?? encoding) as BufferEncoding) : chunk,
          );
          callback();
        } catch (error) {
          callback(error as Error);
        }
      },
      final(callback) {
        try {
          fd ??= sync.openSync(path as string, opts.flags ?? 'w');
          sync.closeSync(fd);
          callback();
        } catch (error) {
          callback(error as Error);
        }
      },
    });
    Object.assign(stream, { path, bytesWritten: 0 });
    return stream;
  };

  return { callbacks, promises, createReadStream, createWriteStream };
}
