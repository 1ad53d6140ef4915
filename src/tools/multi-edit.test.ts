import { describe, expect, it } from 'vitest';
import { multiEditTool } from './multi-edit';
import { readTool } from './read';
import { call, makeContext } from './test-context';

describe('MultiEdit', () => {
  it('applies edits in order, each to the result of the previous', async () => {
    const ctx = makeContext({ 'a.ts': 'let a = 1;\nlet b = 2;\n' });
    await call(readTool, { file_path: 'a.ts' }, ctx);
    const r = await call(
      multiEditTool,
      {
        file_path: 'a.ts',
        edits: [
          { old_string: 'let a = 1;', new_string: 'let a = 10;' },
          { old_string: 'a = 10', new_string: 'alpha = 10' },
          { old_string: 'let', new_string: 'const', replace_all: true },
        ],
      },
      ctx,
    );
    expect(r.isError).toBeFalsy();
    expect(await ctx.workspace.readText('a.ts')).toBe('const alpha = 10;\nconst b = 2;\n');
    expect(r.changed).toEqual(['/workspace/a.ts']);
  });

  it('writes nothing when any edit fails, and names the failing edit index and why', async () => {
    const ctx = makeContext({ 'a.ts': 'x\ny\nx\n' });
    await call(readTool, { file_path: 'a.ts' }, ctx);
    const r = await call(
      multiEditTool,
      {
        file_path: 'a.ts',
        edits: [
          { old_string: 'y', new_string: 'Y' },
          { old_string: 'x', new_string: 'X' },
        ],
      },
      ctx,
    );
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/edits\[1\]/);
    expect(r.content).toMatch(/Found 2 matches/);
    expect(await ctx.workspace.readText('a.ts')).toBe('x\ny\nx\n');
  });

  it('requires a prior Read of an existing file', async () => {
    const ctx = makeContext({ 'a.ts': 'x' });
    const r = await call(multiEditTool, { file_path: 'a.ts', edits: [{ old_string: 'x', new_string: 'y' }] }, ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/has not been read/);
  });

  it('creates a file when the first edit has an empty old_string', async () => {
    const ctx = makeContext();
    const r = await call(
      multiEditTool,
      {
        file_path: 'n.ts',
        edits: [
          { old_string: '', new_string: 'a b' },
          { old_string: 'b', new_string: 'c' },
        ],
      },
      ctx,
    );
    expect(r.isError).toBeFalsy();
    expect(await ctx.workspace.readText('n.ts')).toBe('a c');
  });

  it('rejects an empty edit list at validation', async () => {
    const r = await call(multiEditTool, { file_path: 'a.ts', edits: [] }, makeContext());
    expect(r.isError).toBe(true);
  });
});
