import { describe, expect, it, vi } from 'vitest';
import type { WebContainer } from '@webcontainer/api';
import { createLiteWorkspace } from './lite-workspace';
import type { PreviewError } from './types';
import { createWebContainerWorkspace, stripAnsi } from './webcontainer-workspace';

// The real WebContainer cannot boot here (its host is unreachable), so this stands in for the
// small part of its API the backend uses: an fs with recursive watch, and spawn of `jsh -c`
// whose "process" is a JS function. It checks our side: mount, both-way sync, shell state.

type Watcher = (event: 'rename' | 'change', filename: string) => void;
type Program = (
  fs: FakeFs,
  args: { cwd: string; env: Record<string, string> },
) => { output: string; exit: number; cwd?: string; env?: Record<string, string> };

class FakeFs {
  files = new Map<string, Uint8Array>();
  dirs = new Set<string>(['']);
  watchers: Watcher[] = [];
  private emit(name: string): void {
    for (const w of this.watchers) setTimeout(() => w('change', name), 1);
  }
  async readFile(path: string): Promise<Uint8Array> {
    const data = this.files.get(path);
    if (!data) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return data;
  }
  async writeFile(path: string, data: string | Uint8Array): Promise<void> {
    this.files.set(path, typeof data === 'string' ? new TextEncoder().encode(data) : data);
    this.emit(path);
  }
  async mkdir(path: string): Promise<void> {
    this.dirs.add(path);
  }
  async rm(path: string): Promise<void> {
    this.files.delete(path);
    this.emit(path);
  }
  async rename(from: string, to: string): Promise<void> {
    const data = await this.readFile(from);
    this.files.delete(from);
    this.files.set(to, data);
    this.emit(from);
    this.emit(to);
  }
  async readdir(path: string): Promise<string[]> {
    if (!this.dirs.has(path)) throw new Error(`ENOTDIR: ${path}`);
    return [];
  }
  watch(_path: string, _options: unknown, listener: Watcher): { close(): void } {
    this.watchers.push(listener);
    return { close: () => (this.watchers = this.watchers.filter((w) => w !== listener)) };
  }
}

/** The interactive `jsh` the terminal opens: a pty that echoes what is typed and records its sizes. */
interface FakePty {
  command: string;
  options: { cwd?: string; env?: Record<string, string>; terminal?: { cols: number; rows: number } };
  typed: string;
  sizes: Array<{ cols: number; rows: number }>;
  killed: boolean;
  print(text: string): void;
}

function fakeContainer(program: { current: Program }): {
  container: WebContainer;
  fs: FakeFs;
  mounted: unknown[];
  ptys: FakePty[];
  emit(event: string, ...args: unknown[]): void;
} {
  const fs = new FakeFs();
  const ptys: FakePty[] = [];
  const handlers = new Map<string, Array<(...args: unknown[]) => void>>();
  const mounted: unknown[] = [];
  const mountInto = (tree: Record<string, any>, prefix: string): void => {
    for (const [name, node] of Object.entries(tree)) {
      const path = prefix ? `${prefix}/${name}` : name;
      if ('directory' in node) {
        fs.dirs.add(path);
        mountInto(node.directory, path);
      } else fs.files.set(path, node.file.contents);
    }
  };
  const container = {
    workdir: '/home/workspace',
    fs,
    async mount(tree: Record<string, any>) {
      mounted.push(tree);
      mountInto(tree, '');
    },
    async spawn(
      cmd: string,
      args: string[] | FakePty['options'],
      options: { cwd: string; env: Record<string, string> },
    ) {
      if (!Array.isArray(args)) {
        let out!: ReadableStreamDefaultController<string>;
        let exit!: (code: number) => void;
        const pty: FakePty = {
          command: cmd,
          options: args,
          typed: '',
          sizes: [],
          killed: false,
          print: (text) => out.enqueue(text),
        };
        ptys.push(pty);
        return {
          exit: new Promise<number>((resolve) => (exit = resolve)),
          input: new WritableStream<string>({
            write(chunk) {
              pty.typed += chunk;
              out.enqueue(chunk); // the pty echoes
            },
          }),
          output: new ReadableStream<string>({
            start(controller) {
              out = controller;
              controller.enqueue('\x1b[32m~/workspace\x1b[0m ❯ ');
            },
          }),
          kill() {
            pty.killed = true;
            exit(130);
          },
          resize(size: { cols: number; rows: number }) {
            pty.sizes.push(size);
          },
        };
      }
      const script = args[1];
      const probe = script.startsWith('echo __TIDEPOOL_STATE');
      const result = probe ? { output: '', exit: 0 } : program.current(fs, { cwd: options.cwd, env: options.env });
      const marker = /echo (__TIDEPOOL_STATE_\w+)/.exec(script)![1];
      const env = { HOME: '/home', PATH: '/bin', ...options.env, ...result.env };
      const text = `${result.output}\r\n\x1b[0m\r\n${marker}\r\n${'cwd' in result ? result.cwd : (options.cwd ?? '/home/workspace')}\r\n${Object.entries(
        env,
      )
        .map(([k, v]) => `${k}=${v}`)
        .join('\r\n')}\r\n`;
      return {
        exit: Promise.resolve(result.exit),
        input: new WritableStream<string>(),
        output: new ReadableStream<string>({
          start(controller) {
            controller.enqueue(text.slice(0, 7));
            controller.enqueue(text.slice(7));
            controller.close();
          },
        }),
        kill() {},
        resize() {},
      };
    },
    on(event: string, listener: (...args: unknown[]) => void) {
      handlers.set(event, [...(handlers.get(event) ?? []), listener]);
      return () =>
        handlers.set(
          event,
          (handlers.get(event) ?? []).filter((l) => l !== listener),
        );
    },
    teardown() {},
  };
  const emit = (event: string, ...args: unknown[]): void => {
    for (const listener of handlers.get(event) ?? []) listener(...args);
  };
  return { container: container as unknown as WebContainer, fs, mounted, ptys, emit };
}

const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);
/** Waits for the mirror to catch up with a condition, not for a guessed time (a loaded machine is slow). */
const eventually = (check: () => void): Promise<void> => vi.waitFor(check, { timeout: 10_000, interval: 10 });

describe('WebContainer workspace (against a stand-in container)', () => {
  it('mounts the page tree, then mirrors page writes into the container', async () => {
    const tree = createLiteWorkspace({ files: { 'src/a.ts': 'export {}', 'README.md': '# hi' } });
    const program = { current: (() => ({ output: '', exit: 0 })) as Program };
    const { container, fs } = fakeContainer(program);
    const ws = await createWebContainerWorkspace({ tree, container });
    expect(text(fs.files.get('src/a.ts'))).toBe('export {}');
    await ws.writeFile('src/b.ts', 'export const b = 1;');
    await eventually(() => expect(text(fs.files.get('src/b.ts'))).toBe('export const b = 1;'));
    await ws.remove('README.md');
    await eventually(() => expect(fs.files.has('README.md')).toBe(false));
  });

  it('runs commands in the container, strips terminal codes, and reads back what processes wrote', async () => {
    const tree = createLiteWorkspace();
    const program = {
      current: ((fs: FakeFs) => {
        void fs.writeFile('dist/out.js', 'built');
        return { output: '\x1b[32mbuilt 1 file\x1b[0m', exit: 0 };
      }) as Program,
    };
    const { container } = fakeContainer(program);
    const ws = await createWebContainerWorkspace({ tree, container });
    const chunks: string[] = [];
    const result = await ws.exec('npm run build', { onOutput: (c) => chunks.push(c) });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('built 1 file\n');
    expect(chunks.join('')).not.toContain('__TIDEPOOL_STATE');
    expect(await ws.readText('dist/out.js')).toBe('built');
  });

  it('carries the cwd and exported variables to the next command', async () => {
    const tree = createLiteWorkspace({ files: { 'pkg/index.js': '' } });
    const seen: Array<{ cwd: string; env: Record<string, string> }> = [];
    const program = { current: (() => ({ output: '', exit: 0 })) as Program };
    const { container } = fakeContainer(program);
    const ws = await createWebContainerWorkspace({ tree, container });
    program.current = () => ({ output: '', exit: 0, cwd: '/home/workspace/pkg', env: { NODE_ENV: 'test' } });
    await ws.exec('cd pkg && export NODE_ENV=test');
    expect(ws.shellState().cwd).toBe('/workspace/pkg');
    program.current = (_fs, args) => {
      seen.push(args);
      return { output: '', exit: 3 };
    };
    const second = await ws.exec('node index.js');
    expect(seen[0].cwd).toBe('/home/workspace/pkg');
    expect(seen[0].env.NODE_ENV).toBe('test');
    expect(second.exitCode).toBe(3);
  });

  it('opens jsh on a pty of the terminal’s size: its prompt and echo reach the terminal with their colours, keys reach it, resizes follow', async () => {
    const tree = createLiteWorkspace({ files: { 'pkg/index.js': '' } });
    const program = {
      current: (() => ({ output: '', exit: 0, cwd: '/home/workspace/pkg', env: { NODE_ENV: 'test' } })) as Program,
    };
    const { container, ptys } = fakeContainer(program);
    const ws = await createWebContainerWorkspace({ tree, container });
    await ws.exec('cd pkg && export NODE_ENV=test');
    const shell = await ws.openShell!({ cols: 100, rows: 30 });
    expect(ptys).toHaveLength(1);
    expect(ptys[0].command).toBe('jsh');
    expect(ptys[0].options).toMatchObject({
      terminal: { cols: 100, rows: 30 },
      cwd: '/home/workspace/pkg',
      env: { NODE_ENV: 'test' },
    });

    const screen: string[] = [];
    await new Promise((r) => setTimeout(r, 10)); // usually the prompt comes before anyone listens…
    shell.onOutput((chunk) => screen.push(chunk));
    // …and is replayed then; either way it reaches the terminal with its escape codes, kept for xterm.
    await eventually(() => expect(screen.join('')).toBe('\x1b[32m~/workspace\x1b[0m ❯ '));
    shell.write('npm run dev\r');
    shell.write('\x03');
    await eventually(() => expect(ptys[0].typed).toBe('npm run dev\r\x03'));
    await eventually(() => expect(screen.join('')).toContain('npm run dev\r\x03'));
    shell.resize({ cols: 80, rows: 24 });
    expect(ptys[0].sizes).toEqual([{ cols: 80, rows: 24 }]);
    shell.kill();
    expect(await shell.exit).toBe(130);
  });

  it('reports a preview’s uncaught exception, unhandled rejection and console error to its listeners', async () => {
    const { container, emit } = fakeContainer({ current: () => ({ output: '', exit: 0 }) });
    const ws = await createWebContainerWorkspace({ tree: createLiteWorkspace(), container });
    const seen: PreviewError[] = [];
    const off = ws.onPreviewError!((e) => seen.push(e));
    const where = { previewId: 'p1', port: 5173, pathname: '/app', search: '?x=1', hash: '#top' };
    emit('preview-message', {
      type: 'PREVIEW_UNCAUGHT_EXCEPTION',
      message: 'boom is not defined',
      stack: 'ReferenceError: boom\n at main.js:3',
      ...where,
    });
    emit('preview-message', {
      type: 'PREVIEW_UNHANDLED_REJECTION',
      message: 'fetch failed',
      stack: undefined,
      ...where,
    });
    emit('preview-message', {
      type: 'PREVIEW_CONSOLE_ERROR',
      args: ['Failed to load', { status: 404 }],
      stack: 'at app.js:9',
      ...where,
    });
    expect(seen.map(({ at: _at, ...e }) => e)).toEqual([
      {
        kind: 'uncaught-exception',
        message: 'boom is not defined',
        stack: 'ReferenceError: boom\n at main.js:3',
        port: 5173,
        location: '/app?x=1#top',
      },
      { kind: 'unhandled-rejection', message: 'fetch failed', port: 5173, location: '/app?x=1#top' },
      {
        kind: 'console-error',
        message: 'Failed to load {"status":404}',
        stack: 'at app.js:9',
        port: 5173,
        location: '/app?x=1#top',
      },
    ]);
    off();
    emit('preview-message', { type: 'PREVIEW_UNCAUGHT_EXCEPTION', message: 'after', stack: undefined, ...where });
    expect(seen).toHaveLength(3);
  });

  it('strips colour, cursor and title sequences from pty output', () => {
    expect(stripAnsi('\x1b[1;31merror\x1b[0m\r\n\x1b]0;title\x07done\x1b[?25h')).toBe('error\ndone');
  });

  it("a pipeline that uses the page's `git` runs in the page's shell when it has every program; others stay in jsh", async () => {
    // A stand-in `git` for both shells: the routing is under test here, not git itself.
    const log = 'c3 third\nb2 second\na1 first\n';
    const tree = createLiteWorkspace({
      files: { 'app/readme.md': '' },
      customCommands: [{ name: 'git', execute: async () => ({ stdout: log, stderr: '', exitCode: 0 }) }],
    });
    const jshRan: string[] = [];
    const program = { current: ((_fs, args) => (jshRan.push(args.cwd), { output: 'from jsh', exit: 0 })) as Program };
    const { container } = fakeContainer(program);
    const ws = await createWebContainerWorkspace({
      tree,
      container,
      hostCommands: [{ name: 'git', run: async () => ({ stdout: log, stderr: '', exitCode: 0 }) }],
      pageShell: tree,
    });
    jshRan.length = 0;

    const piped = await ws.exec('cd app && git log --oneline | head -2 > top.txt && wc -l < top.txt');
    expect(piped.exitCode).toBe(0);
    expect(piped.stdout.trim()).toBe('2');
    expect(await ws.readText('app/top.txt')).toBe('c3 third\nb2 second\n');
    expect(ws.shellState().cwd).toBe('/workspace/app');
    expect(jshRan).toHaveLength(0);

    // `npm` is only in the container: the whole line goes to jsh, as before.
    const mixed = await ws.exec('npm test && git status | head -1');
    expect(mixed.stdout).toContain('from jsh');
    expect(jshRan).toHaveLength(1);
  });
});
