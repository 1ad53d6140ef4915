import { describe, expect, it } from 'vitest';
import { compileSearch, grepTool, translatePattern } from './grep';
import { call, makeContext } from './test-context';

const tick = () => new Promise((r) => setTimeout(r, 3));

const files = {
  'src/app.ts': 'import { run } from "./run";\nexport function main() {\n  run();\n}\n',
  'src/run.ts': 'export function run() {\n  console.log("Run");\n}\n',
  'src/style.css': '.run { color: red; }\n',
  'lib/util.py': 'def run():\n    pass\n',
  'node_modules/dep/index.js': 'function run() {}\n',
  '.git/hooks/pre-commit': 'run\n',
  'bin/data.bin': new Uint8Array([0x72, 0x75, 0x6e, 0, 0, 1, 2]),
};

describe('Grep', () => {
  it('lists matching files by default, skipping binary files, .git and node_modules', async () => {
    const r = await call(grepTool, { pattern: 'run' }, makeContext(files));
    const lines = r.content.split('\n');
    expect(lines[0]).toBe('Found 4 files');
    expect(lines.slice(1).sort()).toEqual(['lib/util.py', 'src/app.ts', 'src/run.ts', 'src/style.css']);
  });

  it('sorts files_with_matches newest first', async () => {
    const ctx = makeContext();
    for (const name of ['a.txt', 'b.txt', 'c.txt']) {
      await ctx.workspace.writeFile(name, 'needle\n');
      await tick();
    }
    expect((await call(grepTool, { pattern: 'needle' }, ctx)).content).toBe('Found 3 files\nc.txt\nb.txt\na.txt');
  });

  it('searches node_modules when path or glob names it', async () => {
    const ctx = makeContext(files);
    expect((await call(grepTool, { pattern: 'run', path: 'node_modules' }, ctx)).content).toContain(
      'node_modules/dep/index.js',
    );
    expect((await call(grepTool, { pattern: 'run', glob: 'node_modules/**/*.js' }, ctx)).content).toContain(
      'node_modules/dep/index.js',
    );
  });

  it('prints path:line:text in content mode, with line numbers on by default', async () => {
    const r = await call(grepTool, { pattern: 'run\\(\\)', output_mode: 'content', path: 'src' }, makeContext(files));
    expect(r.content.split('\n')).toEqual(['src/app.ts:3:  run();', 'src/run.ts:1:export function run() {']);
  });

  it('omits line numbers when -n is false', async () => {
    const r = await call(grepTool, { pattern: 'console', output_mode: 'content', '-n': false }, makeContext(files));
    expect(r.content).toBe('src/run.ts:  console.log("Run");');
  });

  it('omits the path when searching a single file', async () => {
    const r = await call(
      grepTool,
      { pattern: 'console', output_mode: 'content', path: 'src/run.ts' },
      makeContext(files),
    );
    expect(r.content).toBe('2:  console.log("Run");');
  });

  it('shows context lines with "-" and separates groups with "--"', async () => {
    const text = ['a', 'match 1', 'b', 'c', 'd', 'e', 'match 2', 'f'].join('\n');
    const ctx = makeContext({ 'f.txt': text });
    const r = await call(grepTool, { pattern: 'match', output_mode: 'content', '-C': 1 }, ctx);
    expect(r.content.split('\n')).toEqual([
      'f.txt-1-a',
      'f.txt:2:match 1',
      'f.txt-3-b',
      '--',
      'f.txt-6-e',
      'f.txt:7:match 2',
      'f.txt-8-f',
    ]);
    const after = await call(grepTool, { pattern: 'match 1', output_mode: 'content', '-A': 2 }, ctx);
    expect(after.content.split('\n')).toEqual(['f.txt:2:match 1', 'f.txt-3-b', 'f.txt-4-c']);
    const before = await call(grepTool, { pattern: 'match 2', output_mode: 'content', '-B': 1, context: 5 }, ctx);
    expect(before.content.split('\n')[0]).toBe('f.txt-6-e');
  });

  it('merges overlapping context windows', async () => {
    const ctx = makeContext({ 'f.txt': 'x\nhit\ny\nhit\nz\n' });
    const r = await call(grepTool, { pattern: 'hit', output_mode: 'content', context: 1 }, ctx);
    expect(r.content.split('\n')).toEqual(['f.txt-1-x', 'f.txt:2:hit', 'f.txt-3-y', 'f.txt:4:hit', 'f.txt-5-z']);
  });

  it('counts matching lines per file with a total', async () => {
    const ctx = makeContext({ 'a.txt': 'x\nx x\ny\n', 'b.txt': 'x\n' });
    const r = await call(grepTool, { pattern: 'x', output_mode: 'count' }, ctx);
    expect(r.content).toBe('a.txt:2\nb.txt:1\n\nFound 3 matching lines across 2 files.');
  });

  it('filters by ripgrep type and rejects an unknown type', async () => {
    const ctx = makeContext(files);
    expect((await call(grepTool, { pattern: 'run', type: 'py' }, ctx)).content).toBe('Found 1 file\nlib/util.py');
    expect((await call(grepTool, { pattern: 'run', type: 'css' }, ctx)).content).toBe('Found 1 file\nsrc/style.css');
    const bad = await call(grepTool, { pattern: 'run', type: 'klingon' }, ctx);
    expect(bad.isError).toBe(true);
    expect(bad.content).toMatch(/Known types: .*ts/);
  });

  it('filters by glob, with brace sets and a slash-less pattern matching at any depth', async () => {
    const ctx = makeContext(files);
    const r = await call(grepTool, { pattern: 'run', glob: '*.{ts,py}' }, ctx);
    expect(r.content.split('\n').slice(1).sort()).toEqual(['lib/util.py', 'src/app.ts', 'src/run.ts']);
  });

  it('is case-sensitive by default and case-insensitive with -i', async () => {
    const ctx = makeContext(files);
    expect((await call(grepTool, { pattern: 'RUN', output_mode: 'count' }, ctx)).content).toBe('No matches found');
    const r = await call(grepTool, { pattern: 'RUN', '-i': true, output_mode: 'content', path: 'src/run.ts' }, ctx);
    expect(r.content).toBe('1:export function run() {\n2:  console.log("Run");');
  });

  it('prints only the matched parts with -o', async () => {
    const ctx = makeContext({ 'v.txt': 'a=1 b=22\nc=333\n' });
    const r = await call(grepTool, { pattern: '\\w=\\d+', output_mode: 'content', '-o': true }, ctx);
    expect(r.content.split('\n')).toEqual(['v.txt:1:a=1', 'v.txt:1:b=22', 'v.txt:2:c=333']);
  });

  it('matches across lines only in multiline mode, printing every spanned line', async () => {
    const ctx = makeContext({ 's.ts': 'struct A {\n  x: i32,\n}\nother\n' });
    expect((await call(grepTool, { pattern: 'A \\{.*?\\}', output_mode: 'content' }, ctx)).content).toBe(
      'No matches found',
    );
    const r = await call(grepTool, { pattern: 'A \\{.*?\\}', output_mode: 'content', multiline: true }, ctx);
    expect(r.content.split('\n')).toEqual(['s.ts:1:struct A {', 's.ts:2:  x: i32,', 's.ts:3:}']);
    const files = await call(grepTool, { pattern: 'i32,\\n\\}', multiline: true }, ctx);
    expect(files.content).toBe('Found 1 file\ns.ts');
  });

  it('does not let \\s join lines outside multiline mode', async () => {
    const ctx = makeContext({ 'a.txt': 'foo\nbar\n' });
    expect((await call(grepTool, { pattern: 'foo\\sbar' }, ctx)).content).toMatch(/^No files found/);
  });

  it('pages content lines and file lists with head_limit and offset', async () => {
    const lines = Array.from({ length: 10 }, (_, i) => `hit ${i + 1}`).join('\n');
    const ctx = makeContext({ 'h.txt': lines });
    const page = await call(grepTool, { pattern: 'hit', output_mode: 'content', head_limit: 3, offset: 2 }, ctx);
    expect(page.content.split('\n').slice(0, 3)).toEqual(['h.txt:3:hit 3', 'h.txt:4:hit 4', 'h.txt:5:hit 5']);
    expect(page.content).toMatch(/offset=5/);
    const all = await call(grepTool, { pattern: 'hit', output_mode: 'content', head_limit: 0 }, ctx);
    expect(all.content.split('\n')).toHaveLength(10);
    const many: Record<string, string> = {};
    for (let i = 0; i < 5; i++) many[`f${i}.txt`] = 'x';
    const list = await call(grepTool, { pattern: 'x', head_limit: 2 }, makeContext(many));
    expect(list.content.split('\n').filter((l) => l.endsWith('.txt'))).toHaveLength(2);
    expect(list.content).toMatch(/^Found 5 files/);
  });

  it('limits content output to 250 lines by default', async () => {
    const ctx = makeContext({ 'big.txt': 'hit\n'.repeat(400) });
    const r = await call(grepTool, { pattern: 'hit', output_mode: 'content' }, ctx);
    expect(r.content.split('\n').filter((l) => l.startsWith('big.txt:'))).toHaveLength(250);
    expect(r.content).toMatch(/offset=250/);
  });

  it('cuts output at 30,000 characters and says which offset continues it', async () => {
    const ctx = makeContext({ 'w.txt': `${'hit '.repeat(100)}\n`.repeat(2000) });
    const r = await call(grepTool, { pattern: 'hit', output_mode: 'content', head_limit: 0 }, ctx);
    expect(r.content.length).toBeLessThan(30_200);
    expect(r.content).toMatch(/Output cut at 30000 characters after lines \d+: pass offset=\d+/);
  });

  it('treats literal braces as ripgrep does: interface{} and foo{bar} need no escaping', async () => {
    const ctx = makeContext({ 'g.go': 'func f(v interface{}) {}\nm := map[string]int{}\n' });
    expect((await call(grepTool, { pattern: 'interface{}', output_mode: 'content' }, ctx)).content).toBe(
      'g.go:1:func f(v interface{}) {}',
    );
    expect((await call(grepTool, { pattern: 'int{}', output_mode: 'count' }, ctx)).content).toMatch(/g.go:1/);
    expect((await call(grepTool, { pattern: 'interface\\{\\}', output_mode: 'count' }, ctx)).content).toMatch(/g.go:1/);
  });

  it('reports an invalid regex as an error result', async () => {
    const r = await call(grepTool, { pattern: '(unclosed', output_mode: 'content' }, makeContext(files));
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/Invalid regular expression/);
  });

  it('reports a missing path and a path outside the workspace as errors', async () => {
    const ctx = makeContext(files);
    expect((await call(grepTool, { pattern: 'x', path: 'missing' }, ctx)).isError).toBe(true);
    expect((await call(grepTool, { pattern: 'x', path: '/etc' }, ctx)).isError).toBe(true);
  });
});

describe('ripgrep pattern translation', () => {
  it('keeps real repetitions and escapes stray braces', () => {
    expect(translatePattern('a{2,3}').source).toBe('a{2,3}');
    expect(translatePattern('x{}').source).toBe('x\\{\\}');
    expect(translatePattern('{foo}').source).toBe('\\{foo\\}');
  });

  it('turns leading inline flags into RegExp flags and (?P<name>) into (?<name>)', () => {
    expect(translatePattern('(?i)hello')).toMatchObject({ source: 'hello', flags: 'i' });
    expect(translatePattern('(?P<word>\\w+)').source).toBe('(?<word>\\w+)');
  });

  it('expands POSIX classes and keeps a leading ] literal', () => {
    const c = compileSearch('[[:digit:]]+x', {});
    expect(c.ok && c.re.test('a12x')).toBe(true);
    const d = compileSearch('[]a]', {});
    expect(d.ok && d.re.test(']')).toBe(true);
  });

  it('quotes \\Q…\\E literally', () => {
    const c = compileSearch('\\Qa.b*\\E', {});
    expect(c.ok && c.re.test('a.b*')).toBe(true);
    c.ok && (c.re.lastIndex = 0);
    expect(c.ok && c.re.test('aXbb')).toBe(false);
  });
});

describe('literal prefilter', () => {
  const literal = (p: string, o: { ignoreCase?: boolean } = {}) => {
    const c = compileSearch(p, o);
    return c.ok ? c.literal : 'invalid';
  };

  it('finds the longest run every match must contain', () => {
    expect(literal('needleToken\\(\\d+\\)')).toBe('needleToken(');
    expect(literal('interface{}')).toBe('interface{}');
    expect(literal('foo\\s+barbaz')).toBe('barbaz');
  });

  it('drops characters a quantifier makes optional and skips groups and classes', () => {
    expect(literal('colou?r')).toBe('colo');
    expect(literal('(optional)?tail')).toBe('tail');
    expect(literal('ab[cd]ef')).toBe('ab');
    expect(literal('x{2}yz')).toBe('yz');
  });

  it('gives up on alternation, case-insensitive search and unusual escapes', () => {
    expect(literal('foo|bar')).toBeNull();
    expect(literal('hello', { ignoreCase: true })).toBeNull();
    expect(literal('(?i)hello')).toBeNull();
    expect(literal('\\u0041bc')).toBeNull();
  });
});
