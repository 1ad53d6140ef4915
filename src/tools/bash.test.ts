import { cardedDetails } from './details';
import { describe, expect, it } from 'vitest';
import { bashTool, formatExecResult, MAX_BASH_OUTPUT_CHARS } from './bash';
import { call, makeContext } from './test-context';

describe('Bash', () => {
  it('returns stdout of a successful command', async () => {
    const r = await call(bashTool, { command: 'echo hello' }, makeContext());
    expect(r.content).toBe('hello');
    expect(r.isError).toBeUndefined();
    expect(r.details).toEqual({
      kind: 'bash',
      command: 'echo hello',
      cwd: '.',
      stdout: 'hello',
      stderr: '',
      exitCode: 0,
      timedOut: false,
      interrupted: false,
      timeoutMs: 120_000,
    });
  });

  it('labels stderr and reports a non-zero exit code as an error; the details keep the streams apart', async () => {
    const ctx = makeContext({ 'src/a.ts': '' });
    await call(bashTool, { command: 'cd src' }, ctx);
    const r = await call(bashTool, { command: 'echo out; echo oops >&2; exit 3' }, ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toBe('out\n[stderr]\noops\n[Exit code 3]');
    expect(r.details).toMatchObject({ cwd: 'src', stdout: 'out', stderr: 'oops', exitCode: 3, timedOut: false });
  });

  it('keeps the working directory between calls', async () => {
    const ctx = makeContext({ 'src/a.ts': '' });
    await call(bashTool, { command: 'cd src' }, ctx);
    expect((await call(bashTool, { command: 'pwd && ls' }, ctx)).content).toBe('/workspace/src\na.ts');
  });

  it('sees and changes the same files as the other tools', async () => {
    const ctx = makeContext({ 'a.txt': 'from the tree\n' });
    expect((await call(bashTool, { command: 'cat a.txt && echo made > b.txt' }, ctx)).content).toBe('from the tree');
    expect(await ctx.workspace.readText('b.txt')).toBe('made\n');
  });

  it('reports a timeout with the output so far', async () => {
    const r = await call(bashTool, { command: 'echo started; sleep 5', timeout: 150 }, makeContext());
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/Timed out after 150 ms/);
    expect(r.details).toMatchObject({ timedOut: true, timeoutMs: 150, exitCode: expect.any(Number) });
  });

  it('reports an abort', async () => {
    const ctx = makeContext();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const r = await call(bashTool, { command: 'sleep 5' }, { ...ctx, signal: controller.signal });
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/Aborted/);
    expect(r.details).toMatchObject({ interrupted: true, timedOut: false });
  });

  it('caps output at 30,000 characters keeping head and tail, and says what was cut', async () => {
    const r = await call(bashTool, { command: 'seq 1 20000' }, makeContext());
    expect(r.content.length).toBeLessThan(MAX_BASH_OUTPUT_CHARS + 200);
    expect(r.content.startsWith('1\n2\n3\n')).toBe(true);
    expect(r.content.endsWith('19999\n20000')).toBe(true);
    expect(r.content).toMatch(/characters \(\d+ lines\) cut from the middle/);
    const carded = cardedDetails(r.details);
    const details = carded?.kind === 'bash' ? carded : undefined;
    expect(details?.stdout.length).toBeLessThan(MAX_BASH_OUTPUT_CHARS + 200);
    expect(details?.stdout.endsWith('19999\n20000')).toBe(true);
  });

  it('streams output through onProgress', async () => {
    const chunks: string[] = [];
    const ctx = { ...makeContext(), onProgress: (c: string) => chunks.push(c) };
    await call(bashTool, { command: 'echo streamed' }, ctx);
    expect(chunks.join('')).toContain('streamed');
  });

  it('runs a run_in_background command in the foreground and says so when the session has no task registry', async () => {
    const r = await call(bashTool, { command: 'echo bg', run_in_background: true }, makeContext());
    expect(r.content).toMatch(/background commands are not available.*foreground/);
    expect(r.content).toMatch(/bg$/);
  });

  it('says when there is no output', () => {
    expect(formatExecResult({ stdout: '', stderr: '', exitCode: 0, timedOut: false, aborted: false }, 1000)).toBe(
      '(no output)',
    );
  });

  it('asks permission with the Bash rule and the command, and summarises the command', () => {
    expect(bashTool.permission({ command: 'npm test' })).toEqual({ ruleName: 'Bash', value: 'npm test' });
    expect(bashTool.summary({ command: 'npm test' })).toBe('Bash: npm test');
  });
});
