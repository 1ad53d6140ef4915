import { EventEmitter, once, on } from 'events';
import { Buffer } from 'buffer';
import { createAssertModule } from './assert';
import { createCrypto } from './crypto';
import type { Timers } from './event-loop';
import type { FsSync } from './fs-sync';
import { createFsAsync } from './fs-async';
import {
  createOs,
  createQuerystring,
  createStringDecoder,
  createUrl,
  createUtil,
  isRefused,
  refusedModule,
} from './misc-modules';
import type { PathModule } from './path';
import type { NodeProcess } from './process';
import { createReadline } from './readline';
import * as streams from './streams';

// The `node:` modules a program can require, built on first use. A name Node has but this
// runtime cannot offer (networking, child processes) gives a module whose every call says why.

export interface BuiltinDeps {
  fs: FsSync;
  path: PathModule;
  process: NodeProcess;
  timers: Timers;
  console: unknown;
  /** node:test, made per test file by the runtime. */
  test: () => unknown;
  /** node:module's createRequire and friends, from the loader. */
  moduleApi: () => unknown;
}

const NAMES = [
  'assert',
  'assert/strict',
  'async_hooks',
  'buffer',
  'child_process',
  'cluster',
  'console',
  'constants',
  'crypto',
  'dgram',
  'diagnostics_channel',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'inspector',
  'module',
  'net',
  'os',
  'path',
  'path/posix',
  'perf_hooks',
  'process',
  'querystring',
  'readline',
  'readline/promises',
  'repl',
  'stream',
  'stream/promises',
  'string_decoder',
  'test',
  'timers',
  'timers/promises',
  'tls',
  'tty',
  'url',
  'util',
  'util/types',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

export const BUILTIN_NAMES: readonly string[] = NAMES;

export function isBuiltinName(name: string): boolean {
  const bare = name.startsWith('node:') ? name.slice(5) : name;
  return NAMES.includes(bare) || (name.startsWith('node:') && bare === 'test/reporters');
}

export function createBuiltins(deps: BuiltinDeps): (name: string) => unknown {
  const cache = new Map<string, unknown>();
  const make = (name: string): unknown => {
    if (isRefused(name)) return refusedModule(name);
    switch (name) {
      case 'fs': {
        const async = createFsAsync(deps.fs, deps.timers);
        const { toPath: _toPath, ...sync } = deps.fs;
        return {
          ...sync,
          ...async.callbacks,
          promises: async.promises,
          createReadStream: async.createReadStream,
          createWriteStream: async.createWriteStream,
        };
      }
      case 'fs/promises':
        return (get('fs') as { promises: unknown }).promises;
      case 'path':
      case 'path/posix':
        return deps.path;
      case 'events':
        return Object.assign(EventEmitter, { EventEmitter, once, on, default: EventEmitter });
      case 'buffer':
        return { Buffer, constants: { MAX_LENGTH: 2 ** 31 - 1 }, kMaxLength: 2 ** 31 - 1, Blob, atob, btoa };
      case 'process':
        return deps.process;
      case 'console':
        return deps.console;
      case 'os':
        return createOs(deps.process.env);
      case 'util':
        return createUtil();
      case 'util/types':
        return createUtil().types;
      case 'url':
        return createUrl();
      case 'querystring':
        return createQuerystring();
      case 'string_decoder':
        return createStringDecoder();
      case 'crypto':
        return createCrypto();
      case 'assert': {
        const { assert } = createAssertModule();
        return assert;
      }
      case 'assert/strict':
        return (get('assert') as { strict: unknown }).strict;
      case 'stream':
        return Object.assign(streams.Readable, { ...streams, Stream: streams.Readable });
      case 'stream/promises':
        return streams.promises;
      case 'readline':
        return createReadline().readline;
      case 'readline/promises':
        return createReadline().promises;
      case 'timers':
        return { ...deps.timers };
      case 'timers/promises':
        return {
          setTimeout: (ms?: number, value?: unknown) =>
            new Promise((resolve) => deps.timers.setTimeout(() => resolve(value), ms)),
          setImmediate: (value?: unknown) => new Promise((resolve) => deps.timers.setImmediate(() => resolve(value))),
          setInterval: async function* (ms?: number, value?: unknown) {
            while (true) yield await new Promise((resolve) => deps.timers.setTimeout(() => resolve(value), ms));
          },
          scheduler: { wait: (ms: number) => new Promise((resolve) => deps.timers.setTimeout(resolve, ms)) },
        };
      case 'perf_hooks':
        return { performance, PerformanceObserver: class {} };
      case 'tty':
        return { isatty: () => false };
      case 'constants':
        return deps.fs.constants;
      case 'async_hooks':
        return {
          AsyncLocalStorage: AsyncLocalStorageLite,
          AsyncResource: class {},
          executionAsyncId: () => 1,
          createHook: () => ({ enable() {}, disable() {} }),
        };
      case 'diagnostics_channel':
        return {
          channel: () => ({ hasSubscribers: false, publish() {}, subscribe() {}, unsubscribe() {} }),
          hasSubscribers: () => false,
        };
      case 'module':
        return deps.moduleApi();
      case 'test':
        return deps.test();
      case 'zlib':
        return zlibUnavailable();
      default:
        return undefined;
    }
  };
  const get = (name: string): unknown => {
    const bare = name.startsWith('node:') ? name.slice(5) : name;
    if (!cache.has(bare)) cache.set(bare, make(bare));
    return cache.get(bare);
  };
  return get;
}

/** Context that follows synchronous calls and awaits within one `run` (no async_hooks underneath). */
class AsyncLocalStorageLite<T> {
  private store: T | undefined;
  getStore(): T | undefined {
    return this.store;
  }
  run<R>(store: T, fn: (...args: unknown[]) => R, ...args: unknown[]): R {
    const previous = this.store;
    this.store = store;
    try {
      return fn(...args);
    } finally {
      this.store = previous;
    }
  }
  enterWith(store: T): void {
    this.store = store;
  }
  disable(): void {
    this.store = undefined;
  }
}

function zlibUnavailable(): unknown {
  return refusedModuleFor('zlib', 'compression is not available in the lite runtime yet');
}

function refusedModuleFor(name: string, reason: string): unknown {
  const thrower = () => {
    throw Object.assign(new Error(`node:${name} is not available: ${reason}.`), {
      code: 'ERR_NOT_AVAILABLE_IN_LITE_WORKSPACE',
    });
  };
  return new Proxy(thrower, { get: (_t, key) => (key === '__esModule' || key === 'then' ? undefined : thrower) });
}
