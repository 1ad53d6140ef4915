import { z } from 'zod';
import type { CodeAnswer, CodeDiagnostic, CodeLocation, CodeSymbol, LspOperation } from './code-intel/types';
import { LIB_DIR } from './code-intel/protocol';
import { defineTool } from './define-tool';
import { displayPath, errorResult, resolvePath } from './file-guards';
import type { Workspace } from '../workspace/types';

/** Card data: the operation, where it was asked, and the answer as data. */
export interface LspDetails {
  kind: 'lsp';
  operation: LspOperation;
  filePath: string;
  line: number;
  character: number;
  answer: CodeAnswer | null;
}

const OPERATIONS = [
  'goToDefinition',
  'findReferences',
  'hover',
  'documentSymbol',
  'workspaceSymbol',
  'diagnostics',
] as const;

const position = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v),
  z.number().int().min(1),
);

/** A path as the model should read it: relative to the root, TypeScript's libs by their package path. */
export function shownPath(workspace: Workspace, path: string): string {
  return path.startsWith(LIB_DIR) ? `typescript/lib/${path.slice(LIB_DIR.length)}` : displayPath(workspace, path);
}

function locations(ws: Workspace, what: string, locs: CodeLocation[]): string {
  if (!locs.length) return `No ${what} found.`;
  const byFile = new Map<string, CodeLocation[]>();
  for (const loc of locs) byFile.set(loc.path, [...(byFile.get(loc.path) ?? []), loc]);
  const head =
    locs.length === 1
      ? `Found 1 ${what}:`
      : `Found ${locs.length} ${what}s${byFile.size > 1 ? ` across ${byFile.size} files` : ''}:`;
  const lines = [head];
  for (const [path, list] of byFile) {
    lines.push(`${shownPath(ws, path)}:`);
    for (const l of list) lines.push(`  Line ${l.line}:${l.character}${l.preview ? `  ${l.preview}` : ''}`);
  }
  return lines.join('\n');
}

function symbols(ws: Workspace, list: CodeSymbol[], depth = 0, withPath = false): string[] {
  return list.flatMap((s) => [
    `${'  '.repeat(depth)}${s.name} (${s.kind}) - ${withPath ? `${shownPath(ws, s.path)}:` : 'Line '}${s.line}${s.container ? ` in ${s.container}` : ''}`,
    ...symbols(ws, s.children ?? [], depth + 1, withPath),
  ]);
}

export function formatDiagnostics(ws: Workspace, list: CodeDiagnostic[]): string[] {
  const mark = { error: '✘', warning: '⚠', suggestion: '★' } as const;
  return list.map((d) => `  ${mark[d.severity]} [Line ${d.line}:${d.character}] ${d.message} [${d.code}] (ts)`);
}

function format(ws: Workspace, answer: CodeAnswer | null, op: LspOperation, file: string): string {
  if (!answer) return op === 'hover' ? 'No hover information at this position.' : 'Nothing found.';
  switch (answer.op) {
    case 'goToDefinition':
      return locations(ws, 'definition', answer.locations);
    case 'findReferences':
      return locations(ws, 'reference', answer.locations);
    case 'hover':
      return `\`\`\`typescript\n${answer.signature}\n\`\`\`${answer.documentation ? `\n\n${answer.documentation}` : ''}`;
    case 'documentSymbol':
      return answer.symbols.length
        ? ['Document symbols:', ...symbols(ws, answer.symbols, 1)].join('\n')
        : `No symbols in ${file}.`;
    case 'workspaceSymbol':
      return answer.symbols.length
        ? [`Symbols matching "${answer.query}":`, ...symbols(ws, answer.symbols, 1, true)].join('\n')
        : `No symbols matching "${answer.query}" in the workspace.`;
    case 'diagnostics':
      return answer.diagnostics.length
        ? [
            `${answer.diagnostics.length} diagnostic${answer.diagnostics.length === 1 ? '' : 's'} in ${file}:`,
            ...formatDiagnostics(ws, answer.diagnostics),
          ].join('\n')
        : `No diagnostics in ${file}.`;
  }
}

export const lspTool = defineTool({
  name: 'LSP',
  kind: 'read',
  description:
    'Code intelligence for TypeScript and JavaScript (the TypeScript language service over the workspace): goToDefinition, findReferences, ' +
    'hover (type and docs), documentSymbol (outline of the file), workspaceSymbol (symbols named like the one at the position), diagnostics ' +
    '(type errors of the file). line and character are 1-based, as editors show them; point at the symbol.',
  input: z.object({
    operation: z.enum(OPERATIONS).describe('The operation to perform'),
    filePath: z.string().min(1).describe('The file, absolute or relative to the workspace root'),
    line: position.describe('Line number (1-based)'),
    character: position.describe('Character offset in the line (1-based)'),
  }),
  permission: (input) => ({ ruleName: 'Read', value: input.filePath }),
  summary: (input) => `LSP ${input.operation} ${input.filePath}:${input.line}:${input.character}`,
  available: (services) => !!services.codeIntel,
  async run(input, ctx) {
    const resolved = await resolvePath(ctx, input.filePath);
    if (!resolved.ok) return resolved.result;
    const abs = resolved.abs;
    const shown = displayPath(ctx.workspace, abs);
    const intel = ctx.codeIntel!;
    if (!intel.handles(abs))
      return errorResult(
        `filePath: ${shown} is not a TypeScript or JavaScript file; LSP covers .ts, .tsx, .js, .jsx, .mts, .cts, .mjs and .cjs.`,
      );
    if (!(await ctx.workspace.stat(abs))) return errorResult(`filePath: ${shown} does not exist.`);
    if (ctx.isReadDenied?.(abs)) return errorResult(`Reading ${shown} is denied by a permission rule.`);
    const answer = await intel.query(input.operation, abs, input.line, input.character, ctx.signal);
    if (!answer.ok) return errorResult(answer.error.replaceAll(abs, shown));
    const details: LspDetails = {
      kind: 'lsp',
      operation: input.operation,
      filePath: abs,
      line: input.line,
      character: input.character,
      answer: answer.value,
    };
    return { content: format(ctx.workspace, answer.value, input.operation, shown), details };
  },
});
