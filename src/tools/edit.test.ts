import { describe, expect, it } from 'vitest';
import { applyEdit, editTool } from './edit';
import { NOT_READ_MESSAGE, STALE_MESSAGE } from './file-guards';
import { readTool } from './read';
import { call, makeContext } from './test-context';
import type { ToolContext } from './types';

const tick = () => new Promise((r) => setTimeout(r, 3));

async function readFirst(files: Record<string, string>, path: string): Promise<ToolContext> {
  const ctx = makeContext(files);
  await call(readTool, { file_path: path }, ctx);
  return ctx;
}

describe('Edit', () => {
  it('replaces a unique exact match and shows a numbered snippet around it', async () => {
    const ctx = await readFirst({ 'a.ts': 'one\ntwo\nthree\nfour\n' }, 'a.ts');
    const r = await call(editTool, { file_path: 'a.ts', old_string: 'three', new_string: 'THREE' }, ctx);
    expect(r.isError).toBeFalsy();
    expect(r.changed).toEqual(['/workspace/a.ts']);
    expect(r.content).toContain('     3\tTHREE');
    expect(await ctx.workspace.readText('a.ts')).toBe('one\ntwo\nTHREE\nfour\n');
  });

  it('refuses a file that has not been read', async () => {
    const ctx = makeContext({ 'a.ts': 'x' });
    const r = await call(editTool, { file_path: 'a.ts', old_string: 'x', new_string: 'y' }, ctx);
    expect(r).toMatchObject({ isError: true, content: NOT_READ_MESSAGE });
  });

  it('refuses once the file was changed through the workspace after the Read', async () => {
    const ctx = await readFirst({ 'a.ts': 'const a = 1;\n' }, 'a.ts');
    await tick();
    await ctx.workspace.writeFile('a.ts', 'const a = 2;\n'); // same size: caught by mtime
    const r = await call(editTool, { file_path: 'a.ts', old_string: 'const a', new_string: 'let a' }, ctx);
    expect(r).toMatchObject({ isError: true, content: STALE_MESSAGE });
    expect(await ctx.workspace.readText('a.ts')).toBe('const a = 2;\n');
  });

  it('allows consecutive edits without re-reading: each edit refreshes the record', async () => {
    const ctx = await readFirst({ 'a.ts': 'a b c' }, 'a.ts');
    expect((await call(editTool, { file_path: 'a.ts', old_string: 'a', new_string: 'A' }, ctx)).isError).toBeFalsy();
    await tick();
    expect((await call(editTool, { file_path: 'a.ts', old_string: 'b', new_string: 'B' }, ctx)).isError).toBeFalsy();
    expect(await ctx.workspace.readText('a.ts')).toBe('A B c');
  });

  it('refuses an ambiguous old_string and names the count and the lines of the matches', async () => {
    const ctx = await readFirst({ 'a.ts': 'x = 1\ny = 2\nx = 1\n\nx = 1\n' }, 'a.ts');
    const r = await call(editTool, { file_path: 'a.ts', old_string: 'x = 1', new_string: 'x = 9' }, ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/Found 3 matches/);
    expect(r.content).toMatch(/lines 1, 3, 5/);
    expect(r.content).toMatch(/replace_all/);
  });

  it('replaces every occurrence with replace_all', async () => {
    const ctx = await readFirst({ 'a.ts': 'foo(); foo();\nfoo();\n' }, 'a.ts');
    const r = await call(editTool, { file_path: 'a.ts', old_string: 'foo', new_string: 'bar', replace_all: true }, ctx);
    expect(r.content).toMatch(/3 replacements/);
    expect(await ctx.workspace.readText('a.ts')).toBe('bar(); bar();\nbar();\n');
  });

  it('says when old_string is not found', async () => {
    const ctx = await readFirst({ 'a.ts': 'hello\n' }, 'a.ts');
    const r = await call(editTool, { file_path: 'a.ts', old_string: 'goodbye', new_string: 'x' }, ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/not found/);
  });

  it('hints when old_string matches only with different indentation, naming the line', async () => {
    const ctx = await readFirst({ 'a.ts': 'function f() {\n\tif (x) {\n\t\treturn 1;\n\t}\n}\n' }, 'a.ts');
    const r = await call(
      editTool,
      { file_path: 'a.ts', old_string: '  if (x) {\n    return 1;\n  }', new_string: 'y' },
      ctx,
    );
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/indentation.*line 2/);
  });

  it('hints when old_string carries Read line-number prefixes', async () => {
    const ctx = await readFirst({ 'a.ts': 'alpha\nbeta\n' }, 'a.ts');
    const r = await call(
      editTool,
      { file_path: 'a.ts', old_string: '     1\talpha\n     2\tbeta', new_string: 'x' },
      ctx,
    );
    expect(r.content).toMatch(/line-number prefixes/);
  });

  it('refuses identical old_string and new_string', async () => {
    const ctx = await readFirst({ 'a.ts': 'x' }, 'a.ts');
    const r = await call(editTool, { file_path: 'a.ts', old_string: 'x', new_string: 'x' }, ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/exactly the same/);
  });

  it('creates a missing file when old_string is empty, and refuses an empty old_string on a non-empty file', async () => {
    const ctx = makeContext({ 'b.ts': 'content' });
    const r = await call(editTool, { file_path: 'new/c.ts', old_string: '', new_string: 'made\n' }, ctx);
    expect(r.isError).toBeFalsy();
    expect(await ctx.workspace.readText('new/c.ts')).toBe('made\n');
    await call(readTool, { file_path: 'b.ts' }, ctx);
    const refused = await call(editTool, { file_path: 'b.ts', old_string: '', new_string: 'x' }, ctx);
    expect(refused.isError).toBe(true);
  });

  it('reports a missing file when old_string is not empty', async () => {
    const r = await call(editTool, { file_path: 'nope.ts', old_string: 'a', new_string: 'b' }, makeContext());
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/does not exist/);
  });

  it('keeps a CRLF file CRLF when old_string and new_string use LF', async () => {
    const ctx = await readFirst({ 'w.txt': 'a\r\nb\r\nc\r\n' }, 'w.txt');
    const r = await call(editTool, { file_path: 'w.txt', old_string: 'a\nb', new_string: 'A\nB\nB2' }, ctx);
    expect(r.isError).toBeFalsy();
    expect(await ctx.workspace.readText('w.txt')).toBe('A\r\nB\r\nB2\r\nc\r\n');
  });

  it('inserts replacement text literally, even with $ patterns', () => {
    const r = applyEdit('price', { old_string: 'price', new_string: "$& $1 $$ $'" });
    expect(r).toMatchObject({ ok: true, text: "$& $1 $$ $'" });
  });

  it('edits a 1 MB file in linear time', () => {
    const line = 'const value = compute(items, options);\n';
    const text = line.repeat(Math.ceil(1_000_000 / line.length)) + 'UNIQUE_MARKER\n';
    const start = performance.now();
    const r = applyEdit(text, { old_string: 'UNIQUE_MARKER', new_string: 'DONE' });
    const ambiguous = applyEdit(text, { old_string: 'compute', new_string: 'x' });
    const elapsed = performance.now() - start;
    expect(r.ok).toBe(true);
    expect(ambiguous.ok).toBe(false);
    expect(elapsed).toBeLessThan(200); // generous for loaded CI; the bench tracks the real figure
  });
});

describe('edit snippet', () => {
  it('numbers the lines around an edit, including empty lines before it', async () => {
    const { editSnippet } = await import('./edit');
    const text = '\nsecond\nthird\nfourth\n';
    expect(editSnippet(text, text.indexOf('third'), 'third')).toBe(
      '     1\t\n     2\tsecond\n     3\tthird\n     4\tfourth',
    );
  });
});

it('edit notices a same-size change made in the same millisecond as the read', async () => {
  const ctx = makeContext({ 'same.txt': 'aaaa\n' });
  await call(readTool, { file_path: 'same.txt' }, ctx);
  await ctx.workspace.writeFile('same.txt', 'bbbb\n'); // same size, no time passes
  const result = await call(editTool, { file_path: 'same.txt', old_string: 'bbbb', new_string: 'cccc' }, ctx);
  expect(result.isError).toBe(true);
  expect(result.content).toMatch(/modified since read/);
  expect(await ctx.workspace.readText('same.txt')).toBe('bbbb\n');
});
