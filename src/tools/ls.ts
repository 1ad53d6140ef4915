import { z } from 'zod';
import { defineTool } from './define-tool';
import { displayPath, errorResult, fsErrorResult, resolvePath } from './file-guards';
import { globMatcher } from './tree-filter';

export const MAX_LS_ENTRIES = 1000;

/** What the LS card shows: the listed tree as data. */
export interface LsDetails {
  kind: 'ls';
  /** The directory listed, as a display path. */
  path: string;
  /** Depth first, as the tree reads; paths relative to the listed directory. */
  entries: Array<{ path: string; dir: boolean }>;
  /** More than MAX_LS_ENTRIES entries: the first ones, breadth-first, are listed. */
  truncated: boolean;
}

export const lsTool = defineTool({
  name: 'LS',
  kind: 'read',
  description:
    'Lists a directory as an indented tree ("- name/" for directories), breadth-first up to 1000 entries. ' +
    'Skips .git; shows node_modules without its contents. Prefer Glob or Grep when you know what you are looking for.',
  input: z.object({
    path: z.string().describe('Directory to list: absolute (under the workspace root) or relative to the root'),
    ignore: z.array(z.string()).optional().describe('Glob patterns of entries to leave out'),
  }),
  permission: (input) => ({ ruleName: 'Read', value: input.path }),
  summary: (input) => `LS ${input.path}`,
  async run(input, ctx) {
    const resolved = await resolvePath(ctx, input.path);
    if (!resolved.ok) return resolved.result;
    const base = resolved.abs;
    const ws = ctx.workspace;
    const stat = await ws.stat(base);
    if (!stat) return errorResult(`Directory does not exist: ${displayPath(ws, base)}`);
    if (stat.kind !== 'dir')
      return errorResult(`${displayPath(ws, base)} is a file, not a directory. Use Read to read it.`);

    const ignored = input.ignore?.length ? globMatcher(input.ignore) : null;
    const inNodeModules = base.includes('/node_modules');
    const prefix = base === '/' ? 1 : base.length + 1;
    type Entry = { name: string; path: string; dir: boolean };
    const children = new Map<string, Entry[]>();
    const queue = [base];
    let total = 0;
    let truncated = false;
    // Breadth-first, so a capped listing still shows every top-level entry.
    for (let q = 0; q < queue.length && !truncated; q++) {
      const dir = queue[q];
      let entries: Entry[];
      try {
        entries = (await ws.list(dir)).map((e) => ({
          name: e.name,
          path: dir === '/' ? `/${e.name}` : `${dir}/${e.name}`,
          dir: e.kind === 'dir',
        }));
      } catch (e) {
        if (dir === base) return fsErrorResult(e, displayPath(ws, base));
        continue;
      }
      entries = entries
        .filter((e) => e.name !== '.git' && !(ignored && ignored(e.path.slice(prefix))) && !ctx.isReadDenied?.(e.path))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const kept: Entry[] = [];
      for (const entry of entries) {
        if (total === MAX_LS_ENTRIES) {
          truncated = true;
          break;
        }
        kept.push(entry);
        total++;
        if (entry.dir && (entry.name !== 'node_modules' || inNodeModules)) queue.push(entry.path);
      }
      children.set(dir, kept);
    }

    const lines: string[] = [];
    const listed: LsDetails['entries'] = [];
    if (truncated) {
      lines.push(
        `(More than ${MAX_LS_ENTRIES} entries; the first ${MAX_LS_ENTRIES}, breadth-first, are below. LS a subdirectory or use Glob to see more.)`,
      );
    }
    lines.push(`- ${base === '/' ? '/' : `${base}/`}`);
    const render = (dir: string, depth: number) => {
      for (const entry of children.get(dir) ?? []) {
        lines.push(`${'  '.repeat(depth)}- ${entry.name}${entry.dir ? '/' : ''}`);
        listed.push({ path: entry.path.slice(prefix), dir: entry.dir });
        if (entry.dir) render(entry.path, depth + 1);
      }
    };
    render(base, 1);
    if (total === 0) lines.push('  (empty directory)');
    return {
      content: lines.join('\n'),
      details: { kind: 'ls', path: displayPath(ws, base), entries: listed, truncated },
    };
  },
});
