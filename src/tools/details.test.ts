import { applyPatch } from 'diff';
import type { DiffHunk } from '../lib/diff-hunk';
import { describe, expect, it } from 'vitest';
import { bashTool } from './bash';
import { toolDetailsOf, type ToolDetails } from './details';
import { diffHunks } from './diff-hunks';
import { editTool } from './edit';
import { globTool } from './glob';
import { grepTool } from './grep';
import { lsTool } from './ls';
import { multiEditTool } from './multi-edit';
import { readTool } from './read';
import { call, makeContext } from './test-context';
import { todoWriteTool } from './todo-write';
import type { Tool, ToolContext } from './types';
import { writeTool } from './write';

// Each tool's typed details (what its card renders), and the check every stored or imported
// details value passes before the UI uses it.

const numbered = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `line ${i + from}`).join('\n') + '\n';

async function detailsOf(tool: Tool, input: unknown, ctx: ToolContext): Promise<ToolDetails | undefined> {
  const result = await call(tool, input, ctx);
  // What the UI gets is what survived storage: a structured clone, then the shape check.
  return toolDetailsOf(structuredClone(result.details));
}

describe('tool details', () => {
  it('Read: the path, the lines given and whether the file goes on', async () => {
    const ctx = makeContext({ 'src/a.txt': numbered(50), 'empty.txt': '' });
    expect(await detailsOf(readTool, { file_path: 'src/a.txt', offset: 10, limit: 5 }, ctx)).toEqual({
      kind: 'read',
      path: 'src/a.txt',
      startLine: 10,
      endLine: 14,
      totalLines: 50,
      truncated: true,
    });
    expect(await detailsOf(readTool, { file_path: '/workspace/src/a.txt' }, ctx)).toMatchObject({
      startLine: 1,
      endLine: 50,
      truncated: false,
    });
    expect(await detailsOf(readTool, { file_path: 'empty.txt' }, ctx)).toMatchObject({ endLine: 0, totalLines: 0 });
    expect((await call(readTool, { file_path: 'missing.txt' }, ctx)).details).toBeUndefined();
  });

  it('Write: created or updated, and the UTF-8 bytes and lines written', async () => {
    const ctx = makeContext({ 'old.txt': 'x\n' });
    expect(await detailsOf(writeTool, { file_path: 'new/é.txt', content: 'héllo\n🌊\n' }, ctx)).toEqual({
      kind: 'write',
      path: 'new/é.txt',
      created: true,
      bytes: new TextEncoder().encode('héllo\n🌊\n').byteLength,
      lines: 2,
    });
    await call(readTool, { file_path: 'old.txt' }, ctx);
    expect(await detailsOf(writeTool, { file_path: 'old.txt', content: 'y\n' }, ctx)).toMatchObject({
      created: false,
      bytes: 2,
    });
  });

  it('Edit: hunks with the real line numbers of the file, not of the snippet', async () => {
    const ctx = makeContext({ 'a.txt': numbered(100) });
    await call(readTool, { file_path: 'a.txt' }, ctx);
    const details = await detailsOf(
      editTool,
      { file_path: 'a.txt', old_string: 'line 60\n', new_string: 'sixty\n' },
      ctx,
    );
    expect(details).toEqual({
      kind: 'edit',
      path: 'a.txt',
      created: false,
      replacements: 1,
      hunks: [
        {
          oldStart: 57,
          oldLines: 7,
          newStart: 57,
          newLines: 7,
          lines: [' line 57', ' line 58', ' line 59', '-line 60', '+sixty', ' line 61', ' line 62', ' line 63'],
        },
      ],
    });
  });

  it('Edit with replace_all and MultiEdit: one hunk per separated change, the count of replacements and edits', async () => {
    const ctx = makeContext({ 'a.txt': numbered(40).replace('line 5\n', 'x\n').replace('line 35\n', 'x\n') });
    await call(readTool, { file_path: 'a.txt' }, ctx);
    const all = await detailsOf(
      editTool,
      { file_path: 'a.txt', old_string: 'x\n', new_string: 'y\n', replace_all: true },
      ctx,
    );
    expect(all).toMatchObject({ replacements: 2 });
    expect(all?.kind === 'edit' && all.hunks?.map((h) => [h.oldStart, h.lines.filter((l) => l[0] === '+')])).toEqual([
      [2, ['+y']],
      [32, ['+y']],
    ]);
    const multi = await detailsOf(
      multiEditTool,
      {
        file_path: 'a.txt',
        edits: [
          { old_string: 'line 1\n', new_string: 'first\n' },
          { old_string: 'y\n', new_string: 'z\n', replace_all: true },
        ],
      },
      ctx,
    );
    expect(multi).toMatchObject({ kind: 'edit', edits: 2, replacements: 3, created: false });
    expect(multi?.kind === 'edit' && multi.hunks?.length).toBe(2);
  });

  it('Edit creating a file: created, and every line an addition', async () => {
    const ctx = makeContext();
    const details = await detailsOf(editTool, { file_path: 'n.txt', old_string: '', new_string: 'a\nb' }, ctx);
    expect(details).toMatchObject({ created: true, hunks: [{ newStart: 1, newLines: 2 }] });
    expect(details?.kind === 'edit' && details.hunks?.[0].lines).toEqual(['+a', '+b', '\\ No newline at end of file']);
  });

  it('Glob and Grep: the page of files the model was shown, the total, and whether more exist', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 120; i++) files[`src/f${i}.ts`] = i % 2 ? 'needle\nneedle\n' : 'hay\n';
    const ctx = makeContext(files);
    const glob = await detailsOf(globTool, { pattern: '**/*.ts' }, ctx);
    expect(glob).toMatchObject({ kind: 'glob', pattern: '**/*.ts', path: '.', total: 120, truncated: true });
    expect(glob?.kind === 'glob' && glob.files.length).toBe(100);

    const grep = await detailsOf(grepTool, { pattern: 'needle', path: 'src', head_limit: 10 }, ctx);
    expect(grep).toMatchObject({ kind: 'grep', mode: 'files_with_matches', path: 'src', total: 60, truncated: true });
    expect(grep?.kind === 'grep' && grep.files.length).toBe(10);

    const counts = await detailsOf(grepTool, { pattern: 'needle', glob: 'f1.ts', output_mode: 'count' }, ctx);
    expect(counts).toEqual({
      kind: 'grep',
      pattern: 'needle',
      path: '.',
      mode: 'count',
      files: [{ path: 'src/f1.ts', count: 2 }],
      total: 2,
      truncated: false,
    });
    const none = await detailsOf(grepTool, { pattern: 'absent', output_mode: 'content' }, ctx);
    expect(none).toMatchObject({ mode: 'content', files: [], total: 0, truncated: false });
  });

  it('LS: the tree as entries, depth first, relative to the listed directory', async () => {
    const ctx = makeContext({ 'src/a.ts': '', 'src/lib/b.ts': '', 'README.md': '' });
    expect(await detailsOf(lsTool, { path: '.' }, ctx)).toEqual({
      kind: 'ls',
      path: '.',
      entries: [
        { path: 'README.md', dir: false },
        { path: 'src', dir: true },
        { path: 'src/a.ts', dir: false },
        { path: 'src/lib', dir: true },
        { path: 'src/lib/b.ts', dir: false },
      ],
      truncated: false,
    });
  });

  it('TodoWrite and Bash survive the check as they were made', async () => {
    const todos = [{ content: 'Ship', status: 'in_progress', activeForm: 'Shipping' }];
    expect(await detailsOf(todoWriteTool, { todos }, makeContext())).toEqual({ kind: 'todos', todos });
    expect(await detailsOf(bashTool, { command: 'echo hi; exit 2' }, makeContext())).toMatchObject({
      kind: 'bash',
      stdout: 'hi',
      exitCode: 2,
    });
  });
});

describe('toolDetailsOf', () => {
  it('turns anything malformed or unknown into undefined, never an exception', () => {
    for (const bad of [
      null,
      'edit',
      [],
      { kind: 'teleport' },
      { kind: 'toString' },
      { kind: 'read', path: 'a', startLine: '1', endLine: 1, totalLines: 1, truncated: false },
      { kind: 'edit', path: 'a', created: false, replacements: 1, hunks: [{ oldStart: 1 }] },
      { kind: 'edit', path: 'a', created: false, replacements: 1, hunks: 'not hunks' },
      { kind: 'todos', todos: [{ content: 'x', status: 'done', activeForm: 'x' }] },
      { kind: 'bash', command: 'x', cwd: '.', stdout: '', stderr: '', exitCode: '0', timedOut: false },
      { kind: 'ls', path: '.', entries: [{ path: 1, dir: true }], truncated: false },
    ]) {
      expect(toolDetailsOf(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it('keeps only the known fields', () => {
    const checked = toolDetailsOf({ kind: 'write', path: 'a', created: true, bytes: 1, lines: 1, html: '<img>' });
    expect(checked).toEqual({ kind: 'write', path: 'a', created: true, bytes: 1, lines: 1 });
  });
});

describe('diffHunks', () => {
  it('gives hunks that apply and sit at the file line numbers, diffing only the changed region', async () => {
    // A deterministic pseudo-random walk over edits: inserts, deletions, replacements, at the
    // start, the end and in the middle, with and without a final newline.
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 200; round++) {
      const lines = Array.from({ length: 1 + rand(30) }, () => `l${rand(6)}`);
      const before = lines.join('\n') + (rand(2) ? '\n' : '');
      const changed = [...lines];
      for (let k = 0; k <= rand(3); k++) {
        const at = rand(changed.length + 1);
        const op = rand(3);
        if (op === 0) changed.splice(at, 0, `new${rand(9)}`);
        else if (op === 1) changed.splice(at, 1);
        else changed.splice(at, 1, `swap${rand(9)}`);
      }
      const after = changed.join('\n') + (rand(2) ? '\n' : '');
      const ours = (await diffHunks(before, after))!;
      // Applied to `before` they give `after`, and every line sits where the ranges say.
      const applied = applyPatch(before, {
        oldFileName: 'a',
        newFileName: 'b',
        oldHeader: '',
        newHeader: '',
        hunks: ours,
      });
      expect(applied, JSON.stringify({ before, after })).toBe(after);
      expectAt(before, after, ours);
    }
  });

  it('leaves a change too large to diff on the main thread out', async () => {
    const before = numbered(5000);
    const after = numbered(5000, 2);
    expect(await diffHunks(before, after)).toBeNull();
  });
});

/** Each hunk's lines sit where its ranges say, in `before` and in `after` (test oracle). */
function expectAt(before: string, after: string, hunks: DiffHunk[]): void {
  const linesOf = (text: string) => text.split('\n').slice(0, text.endsWith('\n') ? -1 : undefined);
  const [a, b] = [linesOf(before), linesOf(after)];
  for (const h of hunks) {
    const body = h.lines.filter((l) => !l.startsWith('\\'));
    const old = body.filter((l) => l[0] !== '+').map((l) => l.slice(1));
    const neu = body.filter((l) => l[0] !== '-').map((l) => l.slice(1));
    expect([old.length, neu.length]).toEqual([h.oldLines, h.newLines]);
    expect(a.slice(h.oldStart - 1, h.oldStart - 1 + h.oldLines)).toEqual(old);
    expect(b.slice(h.newStart - 1, h.newStart - 1 + h.newLines)).toEqual(neu);
  }
}
