import { describe, expect, it } from 'vitest';
import { readTool } from './read';
import { call, makeContext } from './test-context';

describe('Read', () => {
  it('numbers lines like cat -n: six-column right-aligned number, a tab, the line', async () => {
    const ctx = makeContext({ 'a.txt': 'alpha\nbeta\ngamma\n' });
    const r = await call(readTool, { file_path: '/workspace/a.txt' }, ctx);
    expect(r.isError).toBeFalsy();
    expect(r.content).toBe('     1\talpha\n     2\tbeta\n     3\tgamma');
  });

  it('accepts a path relative to the workspace root', async () => {
    const ctx = makeContext({ 'src/a.ts': 'x\n' });
    expect((await call(readTool, { file_path: 'src/a.ts' }, ctx)).content).toBe('     1\tx');
  });

  it('starts at the 1-based offset, reads limit lines and says how to read more', async () => {
    const ctx = makeContext({ 'n.txt': Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join('\n') });
    const r = await call(readTool, { file_path: 'n.txt', offset: 4, limit: 2 }, ctx);
    expect(r.content).toContain('     4\tline 4\n     5\tline 5');
    expect(r.content).not.toContain('line 6');
    expect(r.content).toContain('Showing lines 4–5 of 10. Use offset=6');
  });

  it('reads at most 2,000 lines by default', async () => {
    const ctx = makeContext({ 'long.txt': Array.from({ length: 2500 }, (_, i) => `${i + 1}`).join('\n') });
    const r = await call(readTool, { file_path: 'long.txt' }, ctx);
    expect(r.content).toContain('  2000\t2000');
    expect(r.content).not.toContain('  2001\t');
    expect(r.content).toContain('of 2500');
    expect(ctx.readFiles.get('/workspace/long.txt')?.partial).toBe(true);
  });

  it('cuts lines longer than 2,000 characters', async () => {
    const ctx = makeContext({ 'wide.txt': `${'x'.repeat(5000)}\nshort\n` });
    const r = await call(readTool, { file_path: 'wide.txt' }, ctx);
    const first = r.content.split('\n')[0];
    expect(first.length).toBeLessThan(2100);
    expect(first).toContain('line truncated');
    expect(r.content).toContain('     2\tshort');
  });

  it('accepts offset and limit sent as strings', async () => {
    const ctx = makeContext({ 'n.txt': 'a\nb\nc\n' });
    expect((await call(readTool, { file_path: 'n.txt', offset: '2', limit: '1' }, ctx)).content).toContain('     2\tb');
  });

  it('says when the offset is past the end of the file', async () => {
    const ctx = makeContext({ 'n.txt': 'a\nb\n' });
    const r = await call(readTool, { file_path: 'n.txt', offset: 10 }, ctx);
    expect(r.content).toMatch(/has 2 lines; offset 10 is past the end/);
  });

  it('says an empty file is empty', async () => {
    const ctx = makeContext({ 'empty.txt': '' });
    const r = await call(readTool, { file_path: 'empty.txt' }, ctx);
    expect(r.isError).toBeFalsy();
    expect(r.content).toMatch(/empty/);
  });

  it('refuses a binary file with NUL bytes', async () => {
    const ctx = makeContext({ 'data.bin': new Uint8Array([1, 2, 0, 3, 4, 0, 5]) });
    const r = await call(readTool, { file_path: 'data.bin' }, ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/binary file/);
  });

  it('says it cannot show an image when the model takes no images', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const ctx = makeContext({ 'logo.png': png });
    const r = await call(readTool, { file_path: 'logo.png' }, ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/is an image.*cannot take images/);
  });

  it('refuses a whole read of a file over 256 KB, naming its line count and pointing at offset and limit', async () => {
    const text = `${'0123456789'.repeat(10)}\n`.repeat(3000); // ~300 KB, 3,000 lines
    const ctx = makeContext({ 'big.txt': text });
    const r = await call(readTool, { file_path: 'big.txt' }, ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/3000 lines/);
    expect(r.content).toMatch(/offset and limit/);
    const part = await call(readTool, { file_path: 'big.txt', offset: 100, limit: 10 }, ctx);
    expect(part.isError).toBeFalsy();
    expect(part.content).toContain('   100\t0123');
  });

  it('reads a file over 256 KB whole with allow_large, up to 1 MB', async () => {
    const text = `${'0123456789'.repeat(10)}\n`.repeat(3000); // ~300 KB, 3,000 lines
    const ctx = makeContext({ 'big.txt': text, 'huge.txt': text.repeat(4) });
    const r = await call(readTool, { file_path: 'big.txt', allow_large: true }, ctx);
    expect(r.isError).toBeFalsy();
    expect(r.content).toContain('  3000\t0123');
    expect(r.content).not.toContain('Showing lines');
    expect(ctx.readFiles.get('/workspace/big.txt')?.partial).toBe(false);
    const huge = await call(readTool, { file_path: 'huge.txt', allow_large: 'true' }, ctx);
    expect(huge).toMatchObject({
      isError: true,
      content: expect.stringMatching(/over the 1024 KB limit .* even with allow_large/),
    });
  });

  it('reads a file just under 256 KB without offset or limit, and refuses a ranged read whose output would still be too large', async () => {
    const ctx = makeContext({
      'near.txt': `${'y'.repeat(99)}\n`.repeat(2500),
      'wide.txt': `${'z'.repeat(1999)}\n`.repeat(1000),
    });
    const whole = await call(readTool, { file_path: 'near.txt' }, ctx);
    expect(whole.isError).toBeFalsy();
    expect(whole.content).toContain('  2000\ty');
    const wide = await call(readTool, { file_path: 'wide.txt', offset: 1, limit: 1000 }, ctx);
    expect(wide.isError).toBe(true);
    expect(wide.content).toMatch(/smaller limit/);
  });

  it('points a directory at LS or Glob', async () => {
    const ctx = makeContext({ 'src/a.ts': '' });
    const r = await call(readTool, { file_path: 'src' }, ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/directory.*LS.*Glob/);
  });

  it('reports a missing file and suggests a similar path', async () => {
    const ctx = makeContext({ 'src/app.tsx': 'x' });
    const r = await call(readTool, { file_path: 'src/app.ts' }, ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/does not exist/);
    expect(r.content).toContain('src/app.tsx');
  });

  it('returns an error result, not an exception, for a path outside the workspace, and suggests the root-relative one', async () => {
    const ctx = makeContext({ 'src/a.ts': 'x' });
    const r = await call(readTool, { file_path: '/etc/passwd' }, ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/outside the workspace/);
    const slip = await call(readTool, { file_path: '/src/a.ts' }, ctx);
    expect(slip.content).toContain('Did you mean /workspace/src/a.ts?');
  });

  it('records the read with mtime, size and whether it was partial', async () => {
    const ctx = makeContext({ 'a.txt': 'one\ntwo\n' });
    await call(readTool, { file_path: 'a.txt' }, ctx);
    const stat = await ctx.workspace.stat('a.txt');
    expect(ctx.readFiles.get('/workspace/a.txt')).toEqual({ mtimeMs: stat!.mtimeMs, size: 8, partial: false });
    await call(readTool, { file_path: 'a.txt', limit: 1 }, ctx);
    expect(ctx.readFiles.get('/workspace/a.txt')?.partial).toBe(true);
  });

  it('shows CRLF lines without the carriage return', async () => {
    const ctx = makeContext({ 'w.txt': 'a\r\nb\r\n' });
    expect((await call(readTool, { file_path: 'w.txt' }, ctx)).content).toBe('     1\ta\n     2\tb');
  });
});
