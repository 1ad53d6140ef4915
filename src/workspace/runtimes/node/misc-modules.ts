import { Buffer } from 'buffer';
import { isDeepEqual } from './deep-equal';
import { format, inspect } from './inspect';

// The small builtins: os, util, url, querystring, string_decoder, tty, perf_hooks, and the
// modules the lite runtime refuses (child_process, networking, worker_threads) with a reason.

export function createOs(env: Record<string, string>) {
  const cpu = { model: 'Tidepool lite runtime', speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } };
  return {
    EOL: '\n',
    devNull: '/dev/null',
    platform: () => 'linux',
    type: () => 'Linux',
    release: () => '6.0.0-tidepool',
    version: () => '#1 SMP',
    machine: () => 'x86_64',
    arch: () => 'x64',
    hostname: () => 'tidepool',
    homedir: () => env.HOME ?? '/home/user',
    tmpdir: () => env.TMPDIR ?? '/tmp',
    endianness: () => 'LE',
    uptime: () => Math.floor(performance.now() / 1000),
    loadavg: () => [0, 0, 0],
    totalmem: () => 2 ** 31,
    freemem: () => 2 ** 30,
    availableParallelism: () => 1,
    cpus: () => [cpu],
    networkInterfaces: () => ({}),
    userInfo: () => ({
      username: env.USER ?? 'user',
      uid: 1000,
      gid: 1000,
      shell: '/bin/bash',
      homedir: env.HOME ?? '/home/user',
    }),
    constants: { signals: { SIGINT: 2, SIGTERM: 15, SIGKILL: 9 }, errno: {} },
  };
}

export function createUtil() {
  const promisify = Object.assign(
    (fn: (...args: any[]) => void) => {
      const custom = (fn as any)?.[promisify.custom];
      if (custom) return custom;
      return (...args: unknown[]) =>
        new Promise((resolve, reject) =>
          fn(...args, (error: unknown, ...values: unknown[]) => (error ? reject(error) : resolve(values[0]))),
        );
    },
    { custom: Symbol.for('nodejs.util.promisify.custom') },
  );
  const types = {
    isDate: (v: unknown) => v instanceof Date,
    isRegExp: (v: unknown) => v instanceof RegExp,
    isPromise: (v: unknown) => v instanceof Promise,
    isMap: (v: unknown) => v instanceof Map,
    isSet: (v: unknown) => v instanceof Set,
    isNativeError: (v: unknown) => v instanceof Error,
    isTypedArray: (v: unknown) => ArrayBuffer.isView(v) && !(v instanceof DataView),
    isUint8Array: (v: unknown) => v instanceof Uint8Array,
    isArrayBuffer: (v: unknown) => v instanceof ArrayBuffer,
    isAnyArrayBuffer: (v: unknown) => v instanceof ArrayBuffer,
    isAsyncFunction: (v: unknown) => typeof v === 'function' && v.constructor?.name === 'AsyncFunction',
    isGeneratorFunction: (v: unknown) => typeof v === 'function' && /GeneratorFunction/.test(v.constructor?.name ?? ''),
    isBoxedPrimitive: (v: unknown) => v instanceof Number || v instanceof String || v instanceof Boolean,
  };
  return {
    format,
    formatWithOptions: (_options: unknown, ...args: unknown[]) => format(...args),
    inspect,
    promisify,
    callbackify:
      (fn: (...args: unknown[]) => Promise<unknown>) =>
      (...args: unknown[]) => {
        const callback = args.pop() as (error: unknown, value?: unknown) => void;
        fn(...args).then(
          (value) => callback(null, value),
          (error) => callback(error ?? new Error('Promise was rejected with a falsy value')),
        );
      },
    inherits: (ctor: Function, superCtor: Function) => {
      Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
      Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
    },
    deprecate: <T extends Function>(fn: T) => fn,
    debuglog: () => Object.assign(() => {}, { enabled: false }),
    isDeepStrictEqual: (a: unknown, b: unknown) => isDeepEqual(a, b, true),
    isArray: Array.isArray,
    isError: (v: unknown) => v instanceof Error,
    stripVTControlCharacters: (text: string) => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''),
    styleText: (_format: unknown, text: string) => text,
    toUSVString: (text: string) => (text as string & { toWellFormed?(): string }).toWellFormed?.() ?? text,
    types,
    TextEncoder,
    TextDecoder,
    parseArgs: () => {
      throw new Error('util.parseArgs is not supported in the lite workspace; read process.argv');
    },
  };
}

export function createUrl() {
  return {
    URL,
    URLSearchParams,
    fileURLToPath: (url: string | URL) => {
      const u = typeof url === 'string' ? new URL(url) : url;
      if (u.protocol !== 'file:')
        throw Object.assign(new TypeError('The URL must be of scheme file'), { code: 'ERR_INVALID_URL_SCHEME' });
      return decodeURIComponent(u.pathname);
    },
    pathToFileURL: (path: string) => new URL(`file://${encodeURI(path).replace(/[?#]/g, encodeURIComponent)}`),
    parse: (text: string) => {
      const u = new URL(text, 'http://localhost');
      return {
        protocol: u.protocol,
        host: u.host,
        hostname: u.hostname,
        port: u.port,
        pathname: u.pathname,
        search: u.search,
        query: u.search.slice(1),
        hash: u.hash,
        href: text,
      };
    },
    format: (u: URL | { href?: string }) => (u instanceof URL ? u.href : String(u.href ?? '')),
  };
}

export function createQuerystring() {
  return {
    parse: (text: string) => Object.fromEntries(new URLSearchParams(text)),
    stringify: (obj: Record<string, string>) => new URLSearchParams(obj).toString(),
    escape: encodeURIComponent,
    unescape: decodeURIComponent,
  };
}

export function createStringDecoder() {
  class StringDecoder {
    private readonly decoder: TextDecoder | null;
    constructor(readonly encoding: BufferEncoding = 'utf8') {
      this.decoder = /^utf-?8$/i.test(encoding) ? new TextDecoder() : null;
    }
    write(chunk: Uint8Array | string): string {
      if (typeof chunk === 'string') return chunk;
      return this.decoder ? this.decoder.decode(chunk, { stream: true }) : Buffer.from(chunk).toString(this.encoding);
    }
    end(chunk?: Uint8Array): string {
      return (chunk ? this.write(chunk) : '') + (this.decoder ? this.decoder.decode() : '');
    }
  }
  return { StringDecoder };
}

const REFUSED: Record<string, string> = {
  child_process: 'programs cannot start other processes in the lite workspace; run the command from the shell instead',
  cluster: 'programs cannot start other processes in the lite workspace',
  worker_threads: 'worker threads are not available in the lite workspace',
  net: 'there are no network sockets in the lite workspace',
  tls: 'there are no network sockets in the lite workspace',
  dgram: 'there are no network sockets in the lite workspace',
  dns: 'there is no network in the lite workspace',
  http: 'there is no network in the lite workspace (no servers, no requests); use the WebContainer workspace for servers',
  https:
    'there is no network in the lite workspace (no servers, no requests); use the WebContainer workspace for servers',
  http2: 'there is no network in the lite workspace',
  inspector: 'the inspector is not available in the lite workspace',
  v8: 'v8 internals are not available in the lite workspace',
  vm: 'vm contexts are not available in the lite workspace',
  repl: 'there is no REPL in the lite workspace',
};

export function isRefused(name: string): boolean {
  return name in REFUSED;
}

/** A module whose every use throws why it cannot work here (requiring it alone succeeds, as packages probe). */
export function refusedModule(name: string): unknown {
  const reason = `node:${name} is not available: ${REFUSED[name]}.`;
  const thrower = () => {
    throw Object.assign(new Error(reason), { code: 'ERR_NOT_AVAILABLE_IN_LITE_WORKSPACE' });
  };
  return new Proxy(thrower, {
    get: (_target, key) => (key === Symbol.toPrimitive || key === 'then' || key === '__esModule' ? undefined : thrower),
    apply: thrower,
    construct: thrower,
  });
}
