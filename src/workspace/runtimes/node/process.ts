import { EventEmitter } from 'events';
import { Buffer } from 'buffer';
import type { EventLoop, Timers } from './event-loop';
import { Readable, Writable } from './streams';

// The `process` object of a program in the lite runtime. `exit` unwinds the program by throwing
// ProcessExit (caught by the runtime), after the 'exit' listeners ran and the exit was reported.

export const NODE_VERSION = 'v22.12.0';

/** Thrown by process.exit to stop the running code; the runtime recognises and swallows it. */
export class ProcessExit {
  constructor(readonly code: number) {}
}

export interface ProcessHooks {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  stdin: Uint8Array;
  execArgv: string[];
  write(stream: 'stdout' | 'stderr', text: string): void;
  chdir(path: string): string;
  /** Reports the exit to the host; the worker is ended after this. */
  finish(code: number): void;
  loop: EventLoop;
  timers: Timers;
}

export type NodeProcess = EventEmitter & Record<string, any>;

export function createProcess(hooks: ProcessHooks): NodeProcess {
  const process = new EventEmitter() as NodeProcess;
  let cwd = hooks.cwd;
  let exiting = false;
  let exitCode: number | undefined;
  const started = performance.now();

  const stdout = outputStream('stdout', 1, hooks);
  const stderr = outputStream('stderr', 2, hooks);

  const exit = (code?: number | string | null): never => {
    if (code !== undefined && code !== null) exitCode = Number(code) || 0;
    if (!exiting) {
      exiting = true;
      const final = exitCode ?? 0;
      try {
        process.emit('exit', final);
      } catch {
        // An exception in an 'exit' listener cannot keep the process alive.
      }
      hooks.finish(exitCode ?? final);
    }
    throw new ProcessExit(exitCode ?? 0);
  };

  const hrtime = (previous?: [number, number]): [number, number] => {
    const now = performance.timeOrigin + performance.now();
    let seconds = Math.floor(now / 1000);
    let nanos = Math.floor((now % 1000) * 1e6);
    if (previous) {
      seconds -= previous[0];
      nanos -= previous[1];
      if (nanos < 0) {
        seconds--;
        nanos += 1e9;
      }
    }
    return [seconds, nanos];
  };
  hrtime.bigint = () => BigInt(Math.floor((performance.timeOrigin + performance.now()) * 1e6));

  Object.assign(process, {
    title: 'node',
    version: NODE_VERSION,
    versions: { node: NODE_VERSION.slice(1), v8: '12.4.254.21-node.21', uv: '1.49.1', modules: '127' },
    release: { name: 'node', lts: 'Jod' },
    platform: 'linux',
    arch: 'x64',
    pid: 42,
    ppid: 1,
    execPath: '/usr/local/bin/node',
    argv: hooks.argv,
    argv0: 'node',
    execArgv: hooks.execArgv,
    env: hooks.env,
    config: { variables: {} },
    features: { inspector: false, typescript: 'strip' },
    stdout,
    stderr,
    stdin: stdinStream(hooks),
    exit,
    reallyExit: exit,
    abort: () => exit(134),
    cwd: () => cwd,
    chdir: (path: string) => {
      cwd = hooks.chdir(path);
    },
    nextTick: (callback: (...args: unknown[]) => void, ...args: unknown[]) =>
      hooks.timers.queueMicrotask(() => callback(...args)),
    hrtime,
    uptime: () => (performance.now() - started) / 1000,
    memoryUsage: Object.assign(
      () => ({ rss: 50e6, heapTotal: 20e6, heapUsed: 10e6, external: 1e6, arrayBuffers: 1e5 }),
      {
        rss: () => 50e6,
      },
    ),
    cpuUsage: () => ({ user: Math.round((performance.now() - started) * 1000), system: 0 }),
    resourceUsage: () => ({}),
    umask: () => 0o22,
    getuid: () => 1000,
    geteuid: () => 1000,
    getgid: () => 1000,
    getegid: () => 1000,
    getgroups: () => [1000],
    kill: (pid: number) => {
      if (pid === 42) return exit(143);
      throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH', syscall: 'kill' });
    },
    emitWarning: (warning: string | Error, type?: string | { type?: string }) => {
      const kind =
        typeof type === 'string' ? type : (type?.type ?? (warning instanceof Error ? warning.name : 'Warning'));
      const message = warning instanceof Error ? warning.message : warning;
      hooks.write(
        'stderr',
        `(node:42) ${kind}: ${message}\n(Use \`node --trace-warnings ...\` to show where the warning was created)\n`,
      );
    },
    binding: () => {
      throw new Error('process.binding is not supported');
    },
    allowedNodeEnvironmentFlags: new Set<string>(),
    report: { getReport: () => ({}) },
    [Symbol.toStringTag]: 'process',
  });
  Object.defineProperty(process, 'exitCode', {
    get: () => exitCode,
    set: (value: unknown) => {
      exitCode = value === undefined || value === null ? undefined : Number(value);
    },
    enumerable: true,
  });
  return process;
}

function outputStream(name: 'stdout' | 'stderr', fd: 1 | 2, hooks: ProcessHooks): Writable & Record<string, unknown> {
  const decoder = new TextDecoder();
  const stream = new Writable({
    write(chunk, encoding, callback) {
      const text =
        typeof chunk === 'string'
          ? chunk
          : chunk instanceof Uint8Array
            ? decoder.decode(chunk, { stream: true })
            : String(chunk);
      hooks.write(
        name,
        encoding === 'utf8' || typeof chunk !== 'string'
          ? text
          : Buffer.from(text, encoding as BufferEncoding).toString(),
      );
      callback();
    },
  }) as Writable & Record<string, unknown>;
  // Output is captured (a pipe, as far as the program can tell): no colours, no cursor tricks.
  Object.assign(stream, {
    fd,
    isTTY: false,
    writableHighWaterMark: 16384,
    _type: 'pipe',
    getColorDepth: () => 1,
    hasColors: () => false,
  });
  stream.end = () => stream; // closing stdout does not stop later writes
  return stream;
}

function stdinStream(hooks: ProcessHooks): Readable & Record<string, unknown> {
  let delivered = false;
  let release: (() => void) | null = null;
  const stream = new Readable({
    read() {
      if (delivered) return;
      delivered = true;
      // Reading stdin keeps the program alive until its data and end were delivered.
      release ??= hooks.loop.hold();
      hooks.timers.setImmediate(() => {
        if (hooks.stdin.byteLength) this.push(Buffer.from(hooks.stdin));
        this.push(null);
        hooks.timers.setImmediate(() => release?.());
      });
    },
  }) as Readable & Record<string, unknown>;
  Object.assign(stream, { fd: 0, isTTY: false, setRawMode: () => stream, ref: () => stream, unref: () => stream });
  return stream;
}
