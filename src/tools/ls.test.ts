import { describe, expect, it } from 'vitest';
import { lsTool } from './ls';
import { call, makeContext } from './test-context';

describe('LS', () => {
  it('lists a directory as an indented tree with "name/" for directories', async () => {
    const ctx = makeContext({ 'package.json': '{}', 'src/a.ts': '', 'src/lib/b.ts': '' });
    const r = await call(lsTool, { path: '/workspace' }, ctx);
    expect(r.content).toBe(
      ['- /workspace/', '  - package.json', '  - src/', '    - a.ts', '    - lib/', '      - b.ts'].join('\n'),
    );
  });

  it('leaves out entries matching ignore globs, skips .git, and shows node_modules without its contents', async () => {
    const ctx = makeContext({ 'a.log': '', 'b.ts': '', 'dist/x.js': '', '.git/HEAD': '', 'node_modules/p/i.js': '' });
    const r = await call(lsTool, { path: '.', ignore: ['*.log', 'dist'] }, ctx);
    expect(r.content).toBe(['- /workspace/', '  - b.ts', '  - node_modules/'].join('\n'));
  });

  it('caps the listing at 1,000 entries, breadth-first, with a note', async () => {
    const files: Record<string, string> = {};
    for (let d = 0; d < 5; d++) for (let i = 0; i < 300; i++) files[`d${d}/f${i}.txt`] = '';
    const r = await call(lsTool, { path: '.' }, makeContext(files));
    expect(r.content).toMatch(/More than 1000 entries/);
    expect(r.content.split('\n').filter((l) => l.includes('- f'))).toHaveLength(995);
    for (let d = 0; d < 5; d++) expect(r.content).toContain(`  - d${d}/`);
  });

  it('reports a file or a missing path as an error', async () => {
    const ctx = makeContext({ 'a.ts': '' });
    expect((await call(lsTool, { path: 'a.ts' }, ctx)).isError).toBe(true);
    expect((await call(lsTool, { path: 'nope' }, ctx)).isError).toBe(true);
    expect((await call(lsTool, { path: '/elsewhere' }, ctx)).isError).toBe(true);
  });
});
