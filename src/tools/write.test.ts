import { describe, expect, it } from 'vitest';
import { NOT_READ_MESSAGE, STALE_MESSAGE } from './file-guards';
import { readTool } from './read';
import { call, makeContext } from './test-context';
import { writeTool } from './write';

const tick = () => new Promise((r) => setTimeout(r, 3));

describe('Write', () => {
  it('creates a new file (and its parent directories) without a prior Read', async () => {
    const ctx = makeContext();
    const r = await call(writeTool, { file_path: '/workspace/src/new/file.ts', content: 'export {};\n' }, ctx);
    expect(r.isError).toBeFalsy();
    expect(r.changed).toEqual(['/workspace/src/new/file.ts']);
    expect(await ctx.workspace.readText('src/new/file.ts')).toBe('export {};\n');
  });

  it('refuses to overwrite a file that has not been read in this session', async () => {
    const ctx = makeContext({ 'a.txt': 'old' });
    const r = await call(writeTool, { file_path: 'a.txt', content: 'new' }, ctx);
    expect(r).toMatchObject({ isError: true, content: NOT_READ_MESSAGE });
    expect(await ctx.workspace.readText('a.txt')).toBe('old');
  });

  it('overwrites a file that was read and is unchanged since', async () => {
    const ctx = makeContext({ 'a.txt': 'old' });
    await call(readTool, { file_path: 'a.txt' }, ctx);
    const r = await call(writeTool, { file_path: 'a.txt', content: 'new' }, ctx);
    expect(r.isError).toBeFalsy();
    expect(await ctx.workspace.readText('a.txt')).toBe('new');
  });

  it('refuses to overwrite a file modified since it was read', async () => {
    const ctx = makeContext({ 'a.txt': 'old' });
    await call(readTool, { file_path: 'a.txt' }, ctx);
    await tick();
    await ctx.workspace.writeFile('a.txt', 'changed by the user');
    const r = await call(writeTool, { file_path: 'a.txt', content: 'new' }, ctx);
    expect(r).toMatchObject({ isError: true, content: STALE_MESSAGE });
  });

  it('refreshes the read record, so a second write needs no new Read', async () => {
    const ctx = makeContext({ 'a.txt': 'old' });
    await call(readTool, { file_path: 'a.txt' }, ctx);
    await call(writeTool, { file_path: 'a.txt', content: 'first version' }, ctx);
    await tick();
    const r = await call(writeTool, { file_path: 'a.txt', content: 'second' }, ctx);
    expect(r.isError).toBeFalsy();
    expect(await ctx.workspace.readText('a.txt')).toBe('second');
  });

  it('keeps a CRLF file CRLF when given LF text', async () => {
    const ctx = makeContext({ 'w.txt': 'a\r\nb\r\n' });
    await call(readTool, { file_path: 'w.txt' }, ctx);
    await call(writeTool, { file_path: 'w.txt', content: 'x\ny\n' }, ctx);
    expect(await ctx.workspace.readText('w.txt')).toBe('x\r\ny\r\n');
  });

  it('refuses a path outside the workspace with an error result', async () => {
    const r = await call(writeTool, { file_path: '/tmp/x', content: '' }, makeContext());
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/outside the workspace/);
  });
});
