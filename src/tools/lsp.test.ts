import { afterAll, describe, expect, it } from 'vitest';
import { nodeLibs } from '../../test/fixtures/ts-libs';
import { createLiteWorkspace } from '../workspace/lite-workspace';
import { createCodeIntel } from './code-intel/client';
import { inProcessTransport } from './code-intel/in-process';
import { editTool } from './edit';
import { withNewErrors } from './code-intel/after-edit';
import { lspTool } from './lsp';
import { readTool } from './read';
import { call } from './test-context';
import type { ToolContext } from './types';

export const PROJECT: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext' } }),
  'src/math.ts': [
    '/** Adds two numbers. */',
    'export function add(a: number, b: number): number {',
    '  return a + b;',
    '}',
    '',
    'export interface Point {',
    '  x: number;',
    '  y: number;',
    '}',
    '',
  ].join('\n'),
  'src/main.ts': [
    "import { add, type Point } from './math';",
    '',
    'const origin: Point = { x: 1, y: 2 };',
    'export const total = add(origin.x, origin.y);',
    '',
  ].join('\n'),
  'src/report.ts': [
    "import { add } from './math';",
    '',
    'export class Report {',
    '  sum(values: number[]): number {',
    '    return values.reduce((acc, v) => add(acc, v), 0);',
    '  }',
    '}',
    '',
  ].join('\n'),
  'src/broken.ts': "export const n: number = 'not a number';\n",
};

const workspace = createLiteWorkspace({ files: PROJECT });
const codeIntel = createCodeIntel(workspace, { connect: () => inProcessTransport(nodeLibs) });
afterAll(() => codeIntel.dispose());
const ctx = (): ToolContext => ({ workspace, signal: new AbortController().signal, readFiles: new Map(), codeIntel });
const lsp = (operation: string, filePath: string, line = 1, character = 1) =>
  call(lspTool, { operation, filePath, line, character }, ctx());

describe('LSP over a small TypeScript project', () => {
  it('goes to the definition in another file', async () => {
    const r = await lsp('goToDefinition', 'src/main.ts', 4, 22); // `add` in add(origin.x, …)
    expect(r.content).toBe(
      'Found 1 definition:\nsrc/math.ts:\n  Line 2:17  export function add(a: number, b: number): number {',
    );
  }, 60_000);

  it('finds references across files', async () => {
    const r = await lsp('findReferences', 'src/math.ts', 2, 17);
    expect(r.content).toMatch(/^Found 5 references across 3 files:/);
    expect(r.content).toContain('src/report.ts:\n  Line 1:10');
    expect(r.content).toContain('  Line 5:38  return values.reduce((acc, v) => add(acc, v), 0);');
  });

  it('shows the type and docs on hover', async () => {
    const r = await lsp('hover', 'src/math.ts', 2, 17);
    expect(r.content).toBe('```typescript\nfunction add(a: number, b: number): number\n```\n\nAdds two numbers.');
    const imported = await lsp('hover', 'src/main.ts', 4, 22);
    expect(imported.content).toContain('(alias) add(a: number, b: number): number');
  });

  it('reports the type errors of a file, and none for a clean one', async () => {
    const broken = await lsp('diagnostics', 'src/broken.ts');
    expect(broken.content).toBe(
      "1 diagnostic in src/broken.ts:\n  ✘ [Line 1:14] Type 'string' is not assignable to type 'number'. [2322] (ts)",
    );
    expect((await lsp('diagnostics', 'src/main.ts')).content).toBe('No diagnostics in src/main.ts.');
  });

  it('outlines a file and finds workspace symbols by the name at the position', async () => {
    expect((await lsp('documentSymbol', 'src/report.ts')).content).toBe(
      'Document symbols:\n  Report (class) - Line 3\n    sum (method) - Line 4',
    );
    const symbols = await lsp('workspaceSymbol', 'src/main.ts', 3, 16); // `Point`
    expect(symbols.content).toContain('Symbols matching "Point":');
    expect(symbols.content).toContain('Point (interface) - src/math.ts:6');
  });

  it('answers into TypeScript lib files by their package path', async () => {
    const r = await lsp('goToDefinition', 'src/report.ts', 5, 19); // `reduce`
    expect(r.content).toMatch(/typescript\/lib\/lib\.es5\.d\.ts:/);
  });

  it('refuses bad input, naming the field', async () => {
    expect(
      (await call(lspTool, { operation: 'rename', filePath: 'src/main.ts', line: 1, character: 1 }, ctx())).content,
    ).toMatch(/operation/);
    expect(
      (await call(lspTool, { operation: 'hover', filePath: 'src/main.ts', line: 0, character: 1 }, ctx())).content,
    ).toMatch(/line/);
    expect((await lsp('hover', 'README.md')).content).toMatch(/^filePath: README\.md is not a TypeScript/);
    expect((await lsp('hover', 'src/missing.ts')).content).toMatch(/^filePath: src\/missing\.ts does not exist/);
    expect(lspTool.available?.({})).toBe(false);
  });

  it('follows workspace changes made by any route', async () => {
    await workspace.writeFile('src/extra.ts', "import { add } from './math';\nexport const three = add(1, 2);\n");
    const r = await lsp('findReferences', 'src/math.ts', 2, 17);
    expect(r.content).toMatch(/^Found 7 references across 4 files:/);
    await workspace.remove('src/extra.ts');
    expect((await lsp('findReferences', 'src/math.ts', 2, 17)).content).toMatch(/^Found 5 references across 3 files:/);
    // A folder that comes and goes as a whole.
    await workspace.writeFile('src/more/a.ts', "import { add } from '../math';\nadd(1, 1);\n");
    await workspace.writeFile('src/more/b.ts', "import { add } from '../math';\nadd(2, 2);\n");
    expect((await lsp('findReferences', 'src/math.ts', 2, 17)).content).toMatch(/^Found 9 references across 5 files:/);
    await workspace.remove('src/more', { recursive: true });
    expect((await lsp('findReferences', 'src/math.ts', 2, 17)).content).toMatch(/^Found 5 references across 3 files:/);
  });
});

describe('type errors after an edit', () => {
  it('an Edit that breaks a type gets the new error appended; errors that were there before are not repeated', async () => {
    const c = ctx();
    await call(readTool, { file_path: 'src/main.ts' }, c);
    const edit = await call(editTool, { file_path: 'src/main.ts', old_string: 'x: 1,', new_string: "x: 'one'," }, c);
    const result = await withNewErrors(edit, codeIntel, workspace, c.signal);
    expect(result.content).toContain('<new-diagnostics>');
    expect(result.content).toContain(
      "src/main.ts:\n  ✘ [Line 3:25] Type 'string' is not assignable to type 'number'. [2322] (ts)",
    );

    // A second edit elsewhere in the file: the existing error is not new.
    const again = await call(
      editTool,
      { file_path: 'src/main.ts', old_string: 'export const total', new_string: 'export const sum' },
      c,
    );
    expect((await withNewErrors(again, codeIntel, workspace, c.signal)).content).not.toContain('<new-diagnostics>');

    const fix = await call(editTool, { file_path: 'src/main.ts', old_string: "x: 'one',", new_string: 'x: 1,' }, c);
    expect((await withNewErrors(fix, codeIntel, workspace, c.signal)).content).not.toContain('new-diagnostics');
  });
});

describe('type errors after an edit, in a session that has not used the service yet', () => {
  it('the first edit does not wait for the cold service but starts it; the next breaking edit is reported', async () => {
    const fresh = createLiteWorkspace({ files: PROJECT });
    const intel = createCodeIntel(fresh, { connect: () => inProcessTransport(nodeLibs) });
    try {
      const c: ToolContext = { workspace: fresh, signal: new AbortController().signal, readFiles: new Map() };
      await call(readTool, { file_path: 'src/main.ts' }, c);
      expect(intel.warm).toBe(false);
      const first = await call(editTool, { file_path: 'src/main.ts', old_string: 'x: 1,', new_string: "x: 'one'," }, c);
      expect((await withNewErrors(first, intel, fresh, c.signal)).content).toBe(first.content);
      await expect.poll(() => intel.warm, { timeout: 30_000 }).toBe(true);
      const second = await call(
        editTool,
        { file_path: 'src/main.ts', old_string: 'export const total =', new_string: 'export const total: string =' },
        c,
      );
      const reported = (await withNewErrors(second, intel, fresh, c.signal)).content;
      expect(reported).toContain('<new-diagnostics>');
      expect(reported).toContain("Type 'number' is not assignable to type 'string'.");
    } finally {
      intel.dispose();
    }
  });
});
