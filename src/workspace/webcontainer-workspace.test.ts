import { describe, expect, it } from 'vitest';
import type { WebContainer } from '@webcontainer/api';
import { createLiteWorkspace } from './lite-workspace';
import { createWebContainerWorkspace, stripAnsi } from './webcontainer-workspace';

// The real WebContainer cannot boot here (its host is unreachable), so this stands in for the
// small part of its API the backend uses: an fs with recursive watch, and spawn of `jsh -c`
// whose "process" is a JS function. It checks our side: mount, both-way sync, shell state.

type Watcher = (event: 'rename' | 'change', filename: string) => void;
type Program = (fs: FakeFs, args: { cwd: string; env: Record<string, string> }) => { output: string; exit: number; cwd?: string; env?: Record<string, string> };

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

function fakeContainer(program: { current: Program }): { container: WebContainer; fs: FakeFs; mounted: unknown[] } {
  const fs = new FakeFs();
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
    async spawn(_cmd: string, args: string[], options: { cwd: string; env: Record<string, string> }) {
      const script = args[1];
      const probe = script.startsWith('echo __TIDEPOOL_STATE');
      const result = probe ? { output: '', exit: 0 } : program.current(fs, { cwd: options.cwd, env: options.env });
      const marker = /echo (__TIDEPOOL_STATE_\w+)/.exec(script)![1];
      const env = { HOME: '/home', PATH: '/bin', ...options.env, ...result.env };
      const text = `${result.output}\r\n\x1b[0m\r\n${marker}\r\n${'cwd' in result ? result.cwd : (options.cwd ?? '/home/workspace')}\r\n${Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\r\n')}\r\n`;
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
    on() {
      return () => undefined;
    },
    teardown() {},
  };
  return { container: container as unknown as WebContainer, fs, mounted };
}

const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 120));

describe('WebContainer workspace (against a stand-in container)', () => {
  it('mounts the page tree, then mirrors page writes into the container', async () => {
    const tree = createLiteWorkspace({ files: { 'src/a.ts': 'export {}', 'README.md': '# hi' } });
    const program = { current: (() => ({ output: '', exit: 0 })) as Program };
    const { container, fs } = fakeContainer(program);
    const ws = await createWebContainerWorkspace({ tree, container });
    expect(text(fs.files.get('src/a.ts'))).toBe('export {}');
    await ws.writeFile('src/b.ts', 'export const b = 1;');
    await settle();
    expect(text(fs.files.get('src/b.ts'))).toBe('export const b = 1;');
    await ws.remove('README.md');
    await settle();
    expect(fs.files.has('README.md')).toBe(false);
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

  it('strips colour, cursor and title sequences from pty output', () => {
    expect(stripAnsi('\x1b[1;31merror\x1b[0m\r\n\x1b]0;title\x07done\x1b[?25h')).toBe('error\ndone');
  });
});
