import { afterEach, describe, expect, test } from 'vitest';
import type { Command } from 'just-bash';
import { createLiteWorkspace, type LiteWorkspace } from './lite-workspace';
import { FileTree } from './file-tree';
import type { FileChange } from './types';

const open: LiteWorkspace[] = [];
function workspace(files?: Record<string, string | Uint8Array>, extra?: { customCommands?: Command[] }): LiteWorkspace {
  const ws = createLiteWorkspace({ files, ...extra });
  open.push(ws);
  return ws;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((ws) => ws.dispose()));
});

async function rejection(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected a rejection');
}

function changesOf(ws: LiteWorkspace): FileChange[] {
  const all: FileChange[] = [];
  ws.watch((changes) => all.push(...changes));
  return all;
}

describe('lite workspace: files', () => {
  test('creation is synchronous and starts with the root as cwd', () => {
    const ws = workspace({ 'src/a.ts': 'export {}' });
    expect(ws.backend).toBe('lite');
    expect(ws.root).toBe('/workspace');
    expect(ws.shellState().cwd).toBe('/workspace');
    expect(ws.ports()).toEqual([]);
    expect(typeof ws.onPortsChanged(() => {})).toBe('function');
  });

  test('paths are confined to the root', async () => {
    const ws = workspace();
    expect(ws.resolve('src/../a.ts')).toBe('/workspace/a.ts');
    expect((await rejection(ws.readText('../etc/passwd'))).code).toBe('EOUTSIDE');
    expect((await rejection(ws.writeFile('/etc/passwd', 'x'))).message).toContain("'/workspace'");
    expect((await rejection(ws.exec('pwd', { cwd: '/etc' }))).code).toBe('EOUTSIDE');
  });

  test('read, write, list, stat, mkdir, remove and rename behave and fail with codes', async () => {
    const ws = workspace({ 'a.txt': 'A', 'dir/b.txt': 'B' });
    expect(await ws.readText('a.txt')).toBe('A');
    expect(await ws.stat('missing')).toBeNull();
    expect(await ws.stat('dir')).toMatchObject({ path: '/workspace/dir', kind: 'dir' });
    expect((await rejection(ws.readText('dir'))).code).toBe('EISDIR');
    expect((await rejection(ws.readText('nope.txt'))).code).toBe('ENOENT');
    expect((await rejection(ws.remove('dir'))).code).toBe('ENOTEMPTY');
    expect((await rejection(ws.remove('nope'))).code).toBe('ENOENT');
    expect((await rejection(ws.rename('a.txt', 'dir/b.txt'))).code).toBe('EEXIST');
    expect((await rejection(ws.mkdir('a.txt'))).code).toBe('EEXIST');
    await ws.mkdir('x/y/z');
    await ws.mkdir('x/y');
    await ws.rename('a.txt', 'x/y/a.txt');
    expect(await ws.list('x/y')).toEqual([
      { name: 'a.txt', path: '/workspace/x/y/a.txt', kind: 'file' },
      { name: 'z', path: '/workspace/x/y/z', kind: 'dir' },
    ]);
    await ws.remove('dir', { recursive: true });
    expect(await ws.listFiles()).toEqual(['/workspace/x/y/a.txt']);
  });

  test('readFile hands out a copy, so callers cannot change the tree behind its back', async () => {
    const ws = workspace({ 'a.txt': 'abc' });
    const bytes = await ws.readFile('a.txt');
    bytes[0] = 0x7a;
    expect(await ws.readText('a.txt')).toBe('abc');
  });

  test('tool-side writes are reported to watchers', async () => {
    const ws = workspace();
    const changes = changesOf(ws);
    await ws.writeFile('src/a.ts', 'x');
    await ws.rename('src/a.ts', 'src/b.ts');
    await ws.remove('src', { recursive: true });
    expect(changes).toEqual([
      { type: 'created', path: '/workspace/src', kind: 'dir' },
      { type: 'created', path: '/workspace/src/a.ts', kind: 'file' },
      { type: 'renamed', from: '/workspace/src/a.ts', to: '/workspace/src/b.ts', kind: 'file' },
      { type: 'deleted', path: '/workspace/src', kind: 'dir' },
    ]);
  });

  test('a shared tree is the same truth for every workspace over it', async () => {
    const tree = new FileTree('/project', { 'a.txt': 'one' });
    const ws = createLiteWorkspace({ tree });
    open.push(ws);
    expect(ws.root).toBe('/project');
    const result = await ws.exec('cat a.txt && echo two > b.txt');
    expect(result.stdout).toBe('one');
    expect(tree.readText('/project/b.txt')).toBe('two\n');
  });
});

describe('lite workspace: shell', () => {
  test('shell writes go through the tree and fire created, renamed and deleted', async () => {
    const ws = workspace();
    const changes = changesOf(ws);
    await ws.exec('echo hi > a.txt');
    expect(await ws.readText('a.txt')).toBe('hi\n');
    expect(changes).toContainEqual({ type: 'created', path: '/workspace/a.txt', kind: 'file' });
    changes.length = 0;
    await ws.exec('mkdir -p d/e && mv a.txt d/e/b.txt');
    expect(changes).toContainEqual({ type: 'created', path: '/workspace/d/e', kind: 'dir' });
    expect(changes).toContainEqual({
      type: 'renamed',
      from: '/workspace/a.txt',
      to: '/workspace/d/e/b.txt',
      kind: 'file',
    });
    changes.length = 0;
    await ws.exec('rm -r d');
    expect(changes).toEqual([{ type: 'deleted', path: '/workspace/d', kind: 'dir' }]);
    expect(await ws.listFiles()).toEqual([]);
  });

  test('files written by tools are visible to the shell and vice versa', async () => {
    const ws = workspace({ 'f.txt': 'apple\nbanana\napricot\n' });
    const result = await ws.exec('cat f.txt | grep ap | wc -l');
    expect(result).toMatchObject({ stdout: '2\n', exitCode: 0, timedOut: false, aborted: false });
    await ws.exec('sed -i s/banana/cherry/ f.txt');
    expect(await ws.readText('f.txt')).toBe('apple\ncherry\napricot\n');
  });

  test('the working directory carries over to the next call', async () => {
    const ws = workspace({ 'src/lib/x.ts': '' });
    const first = await ws.exec('cd src');
    expect(first.cwd).toBe('/workspace/src');
    const second = await ws.exec('pwd && cd lib');
    expect(second.stdout).toBe('/workspace/src\n');
    expect((await ws.exec('pwd')).stdout).toBe('/workspace/src/lib\n');
    expect(ws.shellState().cwd).toBe('/workspace/src/lib');
  });

  test('exported variables carry over; plain shell variables do not', async () => {
    const ws = workspace();
    await ws.exec('export FOO=1; BAR=2');
    const result = await ws.exec('echo "foo=$FOO bar=$BAR"; printenv FOO');
    expect(result.stdout).toBe('foo=1 bar=\n1\n');
    expect(ws.shellState().env).toMatchObject({ FOO: '1' });
    expect(ws.shellState().env.BAR).toBeUndefined();
    await ws.exec('unset FOO');
    expect((await ws.exec('echo "[$FOO]"')).stdout).toBe('[]\n');
  });

  test('exit N gives exit code N and the state before it is still captured', async () => {
    const ws = workspace({ 'src/a': '' });
    const result = await ws.exec('cd src; export AFTER_EXIT=yes; exit 3; echo unreachable');
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.cwd).toBe('/workspace/src');
    expect((await ws.exec('pwd; echo $AFTER_EXIT')).stdout).toBe('/workspace/src\nyes\n');
    const bare = await ws.exec('cd ..; false || exit');
    expect(bare.exitCode).toBe(1);
    expect(bare.cwd).toBe('/workspace');
  });

  test('an exit in a subshell or command substitution does not end the main shell', async () => {
    const ws = workspace({ 'src/a': '' });
    const result = await ws.exec('(cd src; exit 4); echo "sub=$?"; echo $(exit 5)x; pwd');
    expect(result.stdout).toBe('sub=4\nx\n/workspace\n');
    expect(result.exitCode).toBe(0);
  });

  test('a failing command keeps its exit code and state', async () => {
    const ws = workspace({ 'src/a': '' });
    const failed = await ws.exec('cd src && cat missing.txt');
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toContain('missing.txt');
    expect(failed.cwd).toBe('/workspace/src');
    const errexit = await ws.exec('set -e; cd ..; false; echo no');
    expect(errexit.exitCode).toBe(1);
    expect(errexit.stdout).toBe('');
    expect(errexit.cwd).toBe('/workspace');
  });

  test('a syntax error changes nothing', async () => {
    const ws = workspace({ 'src/a': '' });
    await ws.exec('cd src; export KEEP=1');
    const result = await ws.exec('echo "unterminated');
    expect(result.exitCode).toBe(2);
    expect(ws.shellState()).toMatchObject({ cwd: '/workspace/src', env: { KEEP: '1' } });
  });

  test('heredocs and trailing comments survive the state capture', async () => {
    const ws = workspace();
    const result = await ws.exec('cat <<EOF > note.md\nline one\nEOF\ncat note.md # show it');
    expect(result.stdout).toBe('line one\n');
    expect(result.exitCode).toBe(0);
  });

  test('env passed for one call is exported for it but does not stick', async () => {
    const ws = workspace();
    const result = await ws.exec('printenv ONCE; bash -c "echo child:$ONCE"', { env: { ONCE: 'here' } });
    expect(result.stdout).toBe('here\nchild:here\n');
    expect((await ws.exec('echo "[$ONCE]"')).stdout).toBe('[]\n');
  });

  test('an explicit cwd must be an existing directory in the workspace', async () => {
    const ws = workspace({ 'src/a.ts': '' });
    expect((await ws.exec('pwd', { cwd: 'src' })).stdout).toBe('/workspace/src\n');
    expect((await rejection(ws.exec('pwd', { cwd: 'nope' }))).code).toBe('ENOENT');
    expect((await rejection(ws.exec('pwd', { cwd: 'src/a.ts' }))).code).toBe('ENOTDIR');
  });

  test('a carried cwd that was deleted falls back to the root with a note', async () => {
    const ws = workspace({ 'gone/a': '' });
    await ws.exec('cd gone');
    await ws.remove('gone', { recursive: true });
    const result = await ws.exec('pwd');
    expect(result.stdout).toBe('/workspace\n');
    expect(result.stderr).toContain('no longer exists');
  });

  test('calls made without awaiting run in order', async () => {
    const ws = workspace({ 'src/a': '' });
    const [, second] = await Promise.all([ws.exec('cd src'), ws.exec('pwd')]);
    expect(second.stdout).toBe('/workspace/src\n');
  });

  test('stdin is fed to the command and onOutput receives the output', async () => {
    const ws = workspace();
    const chunks: [string, string][] = [];
    const result = await ws.exec('wc -l; echo oops >&2', {
      stdin: 'a\nb\nc\n',
      onOutput: (chunk, stream) => chunks.push([stream, chunk]),
    });
    expect(result.stdout.trim()).toBe('3');
    expect(chunks).toEqual([
      ['stdout', result.stdout],
      ['stderr', 'oops\n'],
    ]);
  });

  test('a timeout stops the command with timedOut and exit code 124', async () => {
    const ws = workspace();
    const start = performance.now();
    const result = await ws.exec('sleep 10; echo done > after.txt', { timeoutMs: 150 });
    expect(performance.now() - start).toBeLessThan(3000);
    expect(result).toMatchObject({ timedOut: true, aborted: false, exitCode: 124 });
    expect(result.stderr).toContain('timed out after 150 ms');
    expect(await ws.stat('after.txt')).toBeNull();
    expect((await ws.exec('echo next')).stdout).toBe('next\n');
  });

  test('an abort signal stops the command; an already aborted one never starts', async () => {
    const ws = workspace();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await ws.exec('sleep 10', { signal: controller.signal });
    expect(result).toMatchObject({ aborted: true, timedOut: false, exitCode: 130 });
    const early = await ws.exec('echo x > never.txt', { signal: AbortSignal.abort() });
    expect(early.aborted).toBe(true);
    expect(await ws.stat('never.txt')).toBeNull();
  });

  test('binary files round-trip through the shell byte for byte', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const ws = workspace({ 'bin.dat': bytes });
    const result = await ws.exec('cp bin.dat copy.dat && cat bin.dat > piped.dat && wc -c < bin.dat');
    expect(result.stdout.trim()).toBe('256');
    expect(Array.from(await ws.readFile('copy.dat'))).toEqual(Array.from(bytes));
    expect(Array.from(await ws.readFile('piped.dat'))).toEqual(Array.from(bytes));
  });

  test('the shell sees /tmp and other paths outside the workspace without touching the tree', async () => {
    const ws = workspace();
    const changes = changesOf(ws);
    const result = await ws.exec('echo t > /tmp/t.txt && cat /tmp/t.txt && cd /tmp');
    expect(result.stdout).toBe('t\n');
    expect(result.cwd).toBe('/tmp');
    expect(changes).toEqual([]);
    expect((await ws.exec('which ls')).stdout).toBe('/usr/bin/ls\n');
  });

  test('symlinks are refused with a clear message', async () => {
    const ws = workspace({ 'a.txt': '' });
    const result = await ws.exec('ln -s a.txt link.txt');
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('links are not supported');
  });

  test('custom commands run in the shell and see the workspace files', async () => {
    const hello: Command = {
      name: 'hello',
      async execute(args, ctx) {
        const text = await ctx.fs.readFile(ctx.fs.resolvePath(ctx.cwd, args[0]));
        return { stdout: `hello ${text}`, stderr: '', exitCode: 0 };
      },
    };
    const ws = workspace({ 'name.txt': 'world' }, { customCommands: [hello] });
    expect((await ws.exec('hello name.txt')).stdout).toBe('hello world');
  });

  test('dispose stops watchers and refuses further commands', async () => {
    const ws = workspace();
    const changes = changesOf(ws);
    await ws.dispose();
    ws.tree.writeFile('/workspace/a', 'x');
    expect(changes).toEqual([]);
    expect((await rejection(ws.exec('pwd'))).message).toContain('disposed');
  });
});

describe('lite workspace: detached commands (background tasks)', () => {
  test('run beside the queue, start from the shell state, and leave it as it was', async () => {
    const ws = workspace({ 'sub/f.txt': 'x' });
    await ws.exec('cd sub && export MODE=dev');
    const stop = new AbortController();
    const written = new Promise<void>((resolve) => {
      const off = ws.watch((changes) => {
        if (changes.some((c) => c.type === 'created' && c.path.endsWith('/seen.txt'))) {
          off();
          resolve();
        }
      });
    });
    const background = ws.exec('echo "$MODE in $(pwd)" > seen.txt; cd /workspace; export MODE=prod; sleep 60', {
      detached: true,
      signal: stop.signal,
    });
    // The foreground command is not held up by the sleeping background one.
    const fg = await ws.exec('pwd; echo $MODE');
    expect(fg.stdout).toBe('/workspace/sub\ndev\n');
    await written; // the background command is past its first statement, into the sleep
    stop.abort();
    expect(await background).toMatchObject({ aborted: true, exitCode: 130 });
    expect(await ws.readText('sub/seen.txt')).toBe('dev in /workspace/sub\n');
    expect(ws.shellState()).toMatchObject({ cwd: '/workspace/sub', env: expect.objectContaining({ MODE: 'dev' }) });
  });
});
