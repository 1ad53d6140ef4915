import type { BootPayload, RunRequest } from '../protocol';
import { MirrorFs } from '../worker/mirror-fs';
import { OutputChannel } from '../worker/output';
import type { WorkerPort } from '../worker/port';
import { createMirrorEmfs } from './mirror-emfs';

// CPython 3.13 compiled to WebAssembly (the build just-bash ships), run as the real `python`
// program: callMain(argv) gives `-c`, `-m unittest`, scripts, exit codes and tracebacks exactly as
// CPython does them. One worker serves many runs: each run gets a fresh interpreter instance of the
// compiled module, prepared while the previous one is idle, so a warm run pays only Python's start.
// The build has no JavaScript bridge (`import js` fails), so Python code cannot reach this worker.

/* eslint-disable @typescript-eslint/no-explicit-any -- the Emscripten module is untyped JS. */
type PythonModule = any;
type CreateModule = (options: Record<string, unknown>) => Promise<PythonModule>;

const STDLIB = '/lib/python313.zip';
const OURS = '/lib/tidepool';
/**
 * libc copies the environment when an instance starts, before the run (and its variables) is
 * known; so CPython starts with fixed settings, and this module, imported by `site` before any
 * user code, gives os.environ (and through it C's getenv) the shell's variables for this run.
 */
const SITE_CUSTOMIZE = `import os, sys
def _tidepool_env():
    try:
        with open('${OURS}/env', 'rb') as f:
            data = f.read().decode('utf-8', 'surrogateescape')
    except OSError:
        return
    env = dict(item.split('=', 1) for item in data.split('\\0') if '=' in item)
    for key in list(os.environ):
        if key not in env:
            del os.environ[key]
    os.environ.update(env)
    sys.path[0:0] = [p for p in env.get('PYTHONPATH', '').split(':') if p and p not in sys.path]
_tidepool_env()
del _tidepool_env
`;
/** What CPython reads at start-up (fixed per instance; see SITE_CUSTOMIZE for the rest). */
const START_ENV: Record<string, string> = {
  PYTHONHOME: '/',
  PYTHONPATH: `${OURS}:${STDLIB}`,
  // Output goes out as it is written (it is shown live), tracebacks stay plain text, and
  // importing a workspace module does not leave __pycache__ folders in the user's tree.
  PYTHONUNBUFFERED: '1',
  PYTHON_COLORS: '0',
  PYTHONDONTWRITEBYTECODE: '1',
  HOME: '/home/user',
};
const LINE = 10;
const CHUNK = 8192;

interface Io {
  stdin: Uint8Array;
  offset: number;
}

export function startPythonWorker(port: WorkerPort): void {
  const output = new OutputChannel((m) => port.post(m));
  let mirror: MirrorFs | null = null;
  let root = '/workspace';
  let create: CreateModule | null = null;
  let compiled: WebAssembly.Module | null = null;
  let stdlib: Uint8Array | null = null;
  let next: Promise<PythonModule> | null = null;
  const io: Io = { stdin: new Uint8Array(0), offset: 0 };
  const streams = { stdout: new ByteLines('stdout', output), stderr: new ByteLines('stderr', output) };

  // A failed instantiation (out of memory, say) must reject, not leave the run waiting for ever.
  const instantiate = (): Promise<PythonModule> => {
    const instance = new Promise<PythonModule>((resolve, reject) => {
      create!({
        noInitialRun: true,
        instantiateWasm(imports: WebAssembly.Imports, done: (i: WebAssembly.Instance, m: WebAssembly.Module) => void) {
          WebAssembly.instantiate(compiled!, imports).then((made) => done(made, compiled!), reject);
          return {};
        },
        onAbort: (what: unknown) => reject(new Error(`CPython aborted: ${String(what)}`)),
        preRun: [
          (mod: PythonModule) => {
            mod.FS.init(
              () => (io.offset < io.stdin.byteLength ? io.stdin[io.offset++] : null),
              (byte: number | null) => streams.stdout.put(byte),
              (byte: number | null) => streams.stderr.put(byte),
            );
            mod.FS.mkdirTree(OURS);
            mod.FS.writeFile(STDLIB, stdlib!);
            mod.FS.writeFile(`${OURS}/sitecustomize.py`, SITE_CUSTOMIZE);
            Object.assign(mod.ENV, START_ENV);
          },
        ],
        print: (text: string) => output.write('stdout', `${text}\n`),
        printErr: (text: string) => output.write('stderr', `${text}\n`),
      }).then(resolve, reject);
    });
    instance.catch(() => undefined); // reported when a run awaits it
    return instance;
  };

  const boot = async (payload: BootPayload): Promise<void> => {
    if (!payload.python) throw new Error('the Python runtime files did not arrive');
    root = payload.root;
    const factory = new Function(
      'module',
      'exports',
      'require',
      '__dirname',
      '__filename',
      `${payload.python.loader}\nreturn createPythonModule;`,
    );
    const nodeRequire = (globalThis as { require?: unknown }).require;
    create = factory({ exports: {} }, {}, nodeRequire, '/', '/python.cjs') as CreateModule;
    compiled = await WebAssembly.compile(payload.python.wasm);
    stdlib = new Uint8Array(payload.python.stdlib);
    next = instantiate();
    await next;
  };

  const run = async (request: RunRequest): Promise<number> => {
    const mod = await next!;
    next = null;
    io.stdin = request.stdin;
    io.offset = 0;
    const fs = mirror!;
    const MIRRORFS = createMirrorEmfs(mod.FS, fs);
    for (const dir of [root, '/tmp', '/home/user']) {
      if (dir === '/') continue;
      mod.FS.mkdirTree(dir);
      mod.FS.mount(MIRRORFS, { root: dir }, dir);
    }
    try {
      mod.FS.chdir(request.cwd);
    } catch {
      mod.FS.chdir(root);
    }
    const env = pythonEnv(request);
    mod.FS.writeFile(
      `${OURS}/env`,
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join('\0'),
    );
    let code: number;
    try {
      const returned = mod.callMain(request.args);
      code = typeof returned === 'number' ? returned : 0;
    } catch (error) {
      const status = (error as { status?: unknown })?.status;
      if (typeof status === 'number') code = status;
      else if (error === 'unwind') code = 0;
      else {
        output.write(
          'stderr',
          `${request.argv0}: the interpreter failed: ${String((error as Error)?.message ?? error)}\n`,
        );
        code = 1;
      }
    }
    streams.stdout.end();
    streams.stderr.end();
    output.flush();
    fs.flush();
    return code;
  };

  port.onMessage((message) => {
    switch (message.type) {
      case 'boot':
        mirror = new MirrorFs(message.boot.root, (ops) => port.post({ type: 'fs', ops }));
        mirror.apply(message.files);
        boot(message.boot).then(
          () => port.post({ type: 'ready' }),
          (error) => port.post({ type: 'fatal', message: `Python did not start: ${String(error?.message ?? error)}` }),
        );
        break;
      case 'files':
        mirror?.apply(message.files);
        break;
      case 'run':
        run(message.run).then(
          (code) => {
            port.post({ type: 'exit', code });
            next = instantiate(); // the next run's interpreter, ready before it is asked for
          },
          (error) => port.post({ type: 'fatal', message: String(error?.message ?? error) }),
        );
        break;
    }
  });
}

/** The program's os.environ: the shell's exported variables over CPython's start-up settings. */
export function pythonEnv(request: RunRequest): Record<string, string> {
  const { PYTHONPATH: _ours, ...start } = START_ENV;
  return { ...start, ...request.env, PWD: request.cwd };
}

/** Bytes from CPython's stdout or stderr, decoded as UTF-8 and sent a line (or a chunk) at a time. */
class ByteLines {
  private bytes = new Uint8Array(CHUNK);
  private length = 0;
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly stream: 'stdout' | 'stderr',
    private readonly output: OutputChannel,
  ) {}

  put(byte: number | null): void {
    if (byte === null) return this.end();
    this.bytes[this.length++] = byte;
    if (byte === LINE || this.length === CHUNK) this.send(true);
  }

  end(): void {
    this.send(false);
  }

  private send(more: boolean): void {
    if (!this.length && more) return;
    const text = this.decoder.decode(this.bytes.subarray(0, this.length), { stream: more });
    this.length = 0;
    this.output.write(this.stream, text);
  }
}
