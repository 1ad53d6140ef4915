import { describe, expect, it } from 'vitest';
import { globTool } from './glob';
import { call, makeContext } from './test-context';

const tick = () => new Promise((r) => setTimeout(r, 3));

describe('Glob', () => {
  it('returns matches newest first', async () => {
    const ctx = makeContext();
    for (const name of ['src/old.ts', 'src/mid.ts', 'src/new.ts']) {
      await ctx.workspace.writeFile(name, name);
      await tick();
    }
    const r = await call(globTool, { pattern: '**/*.ts' }, ctx);
    expect(r.content).toBe('src/new.ts\nsrc/mid.ts\nsrc/old.ts');
  });

  it('matches a slash-less pattern against file names at any depth, and a pattern with a slash against the path', async () => {
    const ctx = makeContext({ 'a.ts': '', 'src/b.ts': '', 'src/deep/c.tsx': '', 'lib/d.ts': '' });
    expect((await call(globTool, { pattern: '*.ts' }, ctx)).content.split('\n').sort()).toEqual([
      'a.ts',
      'lib/d.ts',
      'src/b.ts',
    ]);
    expect((await call(globTool, { pattern: 'src/*.{ts,tsx}' }, ctx)).content).toBe('src/b.ts');
  });

  it('searches under path and accepts an absolute pattern', async () => {
    const ctx = makeContext({ 'a.ts': '', 'src/b.ts': '' });
    expect((await call(globTool, { pattern: '**/*.ts', path: '/workspace/src' }, ctx)).content).toBe('src/b.ts');
    expect((await call(globTool, { pattern: '/workspace/src/**/*.ts' }, ctx)).content).toBe('src/b.ts');
  });

  it('hides .git always and node_modules unless the pattern names it', async () => {
    const ctx = makeContext({ '.git/config': '', 'node_modules/x/index.js': '', 'index.js': '', '.env': '' });
    const all = (await call(globTool, { pattern: '**/*' }, ctx)).content.split('\n').sort();
    expect(all).toEqual(['.env', 'index.js']);
    expect((await call(globTool, { pattern: 'node_modules/**/*.js' }, ctx)).content).toBe('node_modules/x/index.js');
  });

  it('caps results at 100 with a truncation note', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 150; i++) files[`f${i}.txt`] = '';
    const r = await call(globTool, { pattern: '*.txt' }, makeContext(files));
    const lines = r.content.split('\n');
    expect(lines.filter((l) => l.endsWith('.txt'))).toHaveLength(100);
    expect(r.content).toMatch(/truncated: showing 100 of 150/);
  });

  it('says when nothing matches and when the path is not a directory', async () => {
    const ctx = makeContext({ 'a.ts': '' });
    expect((await call(globTool, { pattern: '*.py' }, ctx)).content).toBe('No files found');
    expect((await call(globTool, { pattern: '*', path: 'a.ts' }, ctx)).isError).toBe(true);
    expect((await call(globTool, { pattern: '*', path: 'missing' }, ctx)).isError).toBe(true);
  });
});
