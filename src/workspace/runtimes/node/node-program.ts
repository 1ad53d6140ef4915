import { Buffer } from 'buffer';
import type { RunRequest } from '../protocol';
import type { MirrorFs } from '../worker/mirror-fs';
import type { OutputChannel } from '../worker/output';
import { BUILTIN_NAMES, createBuiltins, isBuiltinName } from './builtins';
import { createConsole } from './console';
import { describeUncaught } from './errors';
import { EventLoop, createTimers, type NativeTimers } from './event-loop';
import { createFsSync } from './fs-sync';
import { inspect } from './inspect';
import { ModuleLoader, type NodeModule } from './module-loader';
import { NODE_HELP, isTestFile, parseNodeArgs, parseEnvFile, type NodeInvocation } from './node-cli';
import { createPath } from './path';
import { NODE_VERSION, ProcessExit, createProcess, type NodeProcess } from './process';
import { addTotals, createTestModule, emptyTotals, summary } from './test-runner';
import { moduleFormat } from './transform';

// One `node` run inside a fresh worker: builds the program's globals (process, console, timers,
// Buffer, require), runs the script, -e/-p code or the test files, and reports the exit once the
// program has nothing left to do, called process.exit, or died of an uncaught exception.

export interface ProgramHost {
  mirror: MirrorFs;
  output: OutputChannel;
  exit(code: number): void;
  catchErrors(onError: (error: unknown) => void, onRejection: (reason: unknown) => void): void;
}

const NOT_AVAILABLE = (what: string) => () =>
  Promise.reject(new TypeError(`${what} is not available in the lite workspace: there is no network.`));

export function runNodeProgram(request: RunRequest, host: ProgramHost): void {
  const { mirror, output } = host;
  const scope = globalThis as Record<string, any>;
  const native: NativeTimers = {
    setTimeout: scope.setTimeout.bind(scope),
    clearTimeout: scope.clearTimeout.bind(scope),
  };
  let finished = false;
  let cwd = request.cwd;
  const write = (stream: 'stdout' | 'stderr', text: string) => {
    if (!finished) output.write(stream, text);
  };
  const isProgramFile = (path: string) => mirror.get(path)?.kind === 'file';
  const readSource = (path: string) => {
    try {
      return new TextDecoder().decode(mirror.readFile(path));
    } catch {
      return null;
    }
  };

  let process: NodeProcess;
  const finish = (code: number) => {
    if (finished) return;
    finished = true;
    loop.stop();
    output.flush();
    mirror.flush();
    host.exit(code);
  };
  const loop = new EventLoop(native, () => {
    process.emit('beforeExit', process.exitCode ?? 0);
    native.setTimeout(() => {
      if (loop.active || finished) return;
      process.emit('exit', process.exitCode ?? 0);
      finish(process.exitCode ?? 0);
    }, 0);
  });
  const fail = (error: unknown, rejection = false) => {
    if (error instanceof ProcessExit || finished) return;
    const event = rejection ? 'unhandledRejection' : 'uncaughtException';
    if (process.listenerCount(event)) {
      try {
        process.emit(event, error, rejection ? undefined : 'uncaughtException');
        return;
      } catch (inner) {
        if (inner instanceof ProcessExit) return;
        error = inner;
      }
    }
    const printed = (error as { tidepoolPrinted?: boolean })?.tidepoolPrinted;
    write(
      'stderr',
      printed
        ? `${(error as Error).stack}\n\nNode.js ${NODE_VERSION}\n`
        : describeUncaught(error, NODE_VERSION, readSource, rejection),
    );
    process.exitCode = 1;
    try {
      process.emit('exit', 1);
    } catch {
      // the program is ending either way
    }
    finish(1);
  };
  const timers = createTimers(loop, native, (error) => fail(error));

  const fsSync = createFsSync(mirror, () => cwd, {
    stdin: () => request.stdin,
    write: (fd, data) =>
      write(fd === 1 ? 'stdout' : 'stderr', typeof data === 'string' ? data : new TextDecoder().decode(data)),
  });
  const path = createPath(() => cwd);
  const invocation = parseNodeArgs(request.args);
  const env = envProxy(request.env);
  process = createProcess({
    argv: ['/usr/local/bin/node'],
    env,
    cwd,
    stdin: request.stdin,
    execArgv: [],
    write,
    chdir: (dir) => {
      const target = path.resolve(cwd, dir);
      if (mirror.get(target)?.kind !== 'dir') {
        throw Object.assign(new Error(`ENOENT: no such file or directory, chdir ${cwd} -> '${dir}'`), {
          code: 'ENOENT',
          syscall: 'chdir',
        });
      }
      cwd = target;
      return target;
    },
    finish,
    loop,
    timers,
  });
  const console = createConsole(write);

  let testModule = createTestModule((text) => write('stdout', text), testLocation(mirror.root), isProgramFile);
  let loader: ModuleLoader;
  const builtin = createBuiltins({
    fs: fsSync,
    path,
    process,
    timers,
    console,
    test: () => testModule.module,
    moduleApi: () => ({
      builtinModules: [...BUILTIN_NAMES],
      isBuiltin: isBuiltinName,
      createRequire: (from: string | URL) => {
        const filename = String(from).replace(/^file:\/\//, '');
        const module =
          loader.cache[filename] ?? ({ filename, path: path.dirname(filename), parent: null } as NodeModule);
        return loader.makeRequire(module);
      },
      Module: class Module {},
    }),
  });
  const files = {
    readText: readSource,
    isFile: (p: string) => mirror.get(p)?.kind === 'file',
    isDir: (p: string) => mirror.get(p)?.kind === 'dir',
  };
  const evaluate = (code: string, filename: string) => (0, eval)(`${code}\n//# sourceURL=${filename}`);
  const newLoader = () => (loader = new ModuleLoader(files, builtin, isBuiltinName, evaluate));
  newLoader();

  Object.assign(scope, {
    process,
    Buffer,
    global: scope,
    console,
    ...timers,
    fetch: NOT_AVAILABLE('fetch'),
    WebSocket: undefined,
    XMLHttpRequest: undefined,
    EventSource: undefined,
  });
  host.catchErrors(
    (error) => fail(error),
    (reason) => fail(reason, true),
  );

  const start = async (run: NodeInvocation) => {
    switch (run.mode) {
      case 'version':
        write('stdout', `${NODE_VERSION}\n`);
        return finish(0);
      case 'help':
        write('stdout', NODE_HELP);
        return finish(0);
      case 'error':
        write('stderr', `${run.message}\n`);
        return finish(9);
    }
    for (const file of run.envFiles) {
      const text = readSource(path.resolve(cwd, file));
      if (text === null) {
        write('stderr', `node: ${file}: not found\n`);
        return finish(9);
      }
      for (const [key, value] of Object.entries(parseEnvFile(text))) if (!(key in env)) env[key] = value;
    }
    for (const request of run.preload) loader.makeRequire(mainStub(cwd))(request);
    if (run.mode === 'test') return runTests(run.files, run.namePattern);
    if (run.mode === 'eval' || run.mode === 'print' || run.mode === 'stdin') {
      const code = run.mode === 'stdin' ? new TextDecoder().decode(request.stdin) : run.code;
      process.argv.push(...run.args);
      const format = run.mode !== 'stdin' && run.inputType ? run.inputType : moduleFormat('[eval].js', undefined, code);
      const { result } = loader.evalSource(code, cwd, format, run.mode === 'stdin' ? '[stdin]' : '[eval]');
      const value = result instanceof Promise && format === 'module' ? await result : result;
      if (run.mode === 'print') write('stdout', `${typeof value === 'string' ? value : inspect(value)}\n`);
      return afterMain();
    }
    if (run.mode !== 'script') return;
    let main: string;
    try {
      main = loader.resolve(run.script.startsWith('/') ? run.script : `./${run.script}`, cwd, []);
    } catch {
      const missing = path.resolve(cwd, run.script);
      const error = Object.assign(new Error(`Cannot find module '${missing}'`), {
        code: 'MODULE_NOT_FOUND',
        requireStack: [],
      });
      error.stack = `Error: Cannot find module '${missing}'`;
      throw error;
    }
    process.argv.push(main, ...run.args);
    await loader.runMain(main);
    return afterMain();
  };

  // A file that declares tests runs them when its body is done (node file.test.js, not only --test).
  const afterMain = async () => {
    if (testModule.hasTests()) {
      const began = performance.now();
      const totals = await testModule.run();
      write('stdout', summary(totals, performance.now() - began));
      if (totals.fail) process.exitCode = 1;
    }
    loop.check();
  };

  const runTests = async (given: string[], namePattern?: string) => {
    void namePattern;
    const began = performance.now();
    const found = given.length
      ? given.flatMap((g) => expand(path.resolve(cwd, g)))
      : walk(cwd).filter((f) => isTestFile(path.relative(cwd, f)));
    if (!found.length) {
      write(
        'stderr',
        `Could not find any test files${given.length ? ` matching ${given.join(', ')}` : ` under ${cwd}`}\n`,
      );
    }
    const totals = emptyTotals();
    for (const file of found) {
      testModule = createTestModule((text) => write('stdout', text), testLocation(mirror.root), isProgramFile);
      newLoader();
      try {
        await loader.runMain(file);
      } catch (error) {
        totals.tests++;
        totals.fail++;
        const text = describeUncaught(error, NODE_VERSION, readSource);
        write('stdout', `✖ ${path.relative(cwd, file)}\n${text.replace(/^/gm, '  ')}\n`);
        totals.failures.push(`test at ${file}\n✖ ${path.relative(cwd, file)}\n${text}`);
        continue;
      }
      addTotals(totals, await testModule.run());
    }
    write('stdout', summary(totals, performance.now() - began));
    process.exitCode = totals.fail || !found.length ? 1 : 0;
    loop.check();
  };

  const expand = (p: string): string[] => {
    const node = mirror.get(p);
    if (!node) return [p];
    return node.kind === 'file' ? [p] : walk(p).filter((f) => isTestFile(path.relative(p, f)));
  };
  const walk = (dir: string): string[] => {
    const out: string[] = [];
    for (const name of mirror.readdir(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const full = `${dir === '/' ? '' : dir}/${name}`;
      if (mirror.get(full)?.kind === 'dir') out.push(...walk(full));
      else out.push(full);
    }
    return out;
  };

  start(invocation).catch((error) => fail(error));
}

function mainStub(cwd: string): NodeModule {
  return { filename: `${cwd}/[preload]`, path: cwd, parent: null } as NodeModule;
}

/** process.env: values become strings when set, as in Node. */
function envProxy(initial: Record<string, string>): Record<string, string> {
  return new Proxy(
    { ...initial },
    {
      set(target, key, value) {
        if (typeof key === 'string') target[key] = String(value);
        return true;
      },
    },
  );
}

/** Where a test() call is, for the failure recap: the first workspace frame of the caller. */
function testLocation(root: string): () => string {
  return () => {
    const stack = new Error().stack ?? '';
    for (const line of stack.split('\n').slice(1)) {
      const m = /\(?(\/[^():]+:\d+:\d+)\)?\s*$/.exec(line);
      if (m && m[1].startsWith(`${root}/`)) return m[1];
    }
    return '<unknown>';
  };
}
