import { z } from 'zod';
import type { Workspace } from '../workspace/types';
import { defineTool } from './define-tool';
import { displayPath, errorResult, resolvePath } from './file-guards';
import { globMatcher, isHiddenPath } from './tree-filter';

export const MAX_GLOB_RESULTS = 100;

/** What the Glob card shows: the files found, as the model was given them. */
export interface GlobDetails {
  kind: 'glob';
  pattern: string;
  /** The directory searched, as a display path. */
  path: string;
  /** Display paths, newest first, at most MAX_GLOB_RESULTS. */
  files: string[];
  /** Files that matched in all. */
  total: number;
  truncated: boolean;
}

/** Absolute paths sorted newest first (ties by path), stat-ing each once. */
export async function sortByMtime(workspace: Workspace, paths: string[]): Promise<string[]> {
  const stats = await Promise.all(paths.map((p) => workspace.stat(p)));
  const mtimes = new Map(paths.map((p, i) => [p, stats[i]?.mtimeMs ?? 0]));
  return [...paths].sort((a, b) => mtimes.get(b)! - mtimes.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
}

export const globTool = defineTool({
  name: 'Glob',
  kind: 'read',
  description:
    'Finds files by glob pattern, e.g. "**/*.ts" or "src/**/*.{ts,tsx}"; a pattern without "/" matches file names at any depth. ' +
    'Returns paths relative to the workspace root, newest first, at most 100. Skips .git, and node_modules unless the pattern names it.',
  input: z.object({
    pattern: z.string().describe('Glob pattern'),
    path: z.string().optional().describe('Directory to search in (default: workspace root)'),
  }),
  permission: (input) => ({ ruleName: 'Read', value: input.path ?? '.' }),
  summary: (input) => `Glob ${input.pattern}${input.path ? ` in ${input.path}` : ''}`,
  async run(input, ctx) {
    const ws = ctx.workspace;
    let pattern = input.pattern.trim();
    let basePath = input.path;
    // An absolute pattern under the root carries its own base.
    if (pattern.startsWith(`${ws.root}/`) && basePath === undefined) {
      basePath = ws.root;
      pattern = pattern.slice(ws.root.length + 1);
    }
    const resolved = await resolvePath(ctx, basePath);
    if (!resolved.ok) return resolved.result;
    const base = resolved.abs;
    if (pattern.startsWith(`${base}/`)) pattern = pattern.slice(base.length + 1);
    const stat = await ws.stat(base);
    if (!stat) return errorResult(`Directory does not exist: ${displayPath(ws, base)}`);
    if (stat.kind !== 'dir')
      return errorResult(`${displayPath(ws, base)} is a file, not a directory. Give a directory as path.`);

    const allowNodeModules = pattern.includes('node_modules') || base.includes('/node_modules');
    const matches = globMatcher([pattern]);
    const prefix = base === '/' ? 1 : base.length + 1;
    const hits: string[] = [];
    for (const file of await ws.listFiles(base)) {
      const rel = file.slice(prefix);
      if (isHiddenPath(rel, allowNodeModules)) continue;
      if (ctx.isReadDenied?.(file)) continue;
      if (matches(rel)) hits.push(file);
    }
    const details = (files: string[], total: number): GlobDetails => ({
      kind: 'glob',
      pattern: input.pattern,
      path: displayPath(ws, base),
      files,
      total,
      truncated: total > files.length,
    });
    if (hits.length === 0) return { content: 'No files found', details: details([], 0) };
    const sorted = await sortByMtime(ws, hits);
    const shown = sorted.slice(0, MAX_GLOB_RESULTS).map((p) => displayPath(ws, p));
    let content = shown.join('\n');
    if (sorted.length > MAX_GLOB_RESULTS) {
      content += `\n(Results are truncated: showing ${MAX_GLOB_RESULTS} of ${sorted.length} files, newest first. Use a more specific pattern or path.)`;
    }
    return { content, details: details(shown, sorted.length) };
  },
});
