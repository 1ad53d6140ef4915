import { z } from 'zod';
import { defineTool } from './define-tool';
import { displayPath, errorResult, looksBinaryText, resolvePath } from './file-guards';
import { sortByMtime } from './glob';
import { grepDetails } from './grep-details';
import { compileSearch } from './grep/compile';
import { FILE_TYPES } from './grep/file-types';
import type { FileMatches, MatchJob } from './grep/match-job';
import { inlineMatcher, workerMatcher, type GrepMatcher, type MatchFailure } from './grep/matcher';
import { clip, MAX_GREP_OUTPUT_CHARS, renderContent, renderPage, splitLines } from './grep/render';
import { spawnWebWorker } from './grep/web-worker';
import { looseBoolean, looseNumber } from './lenient';
import type { Tool } from './types';
import { globMatcher, isHiddenPath } from './tree-filter';

// The Grep tool: ripgrep's interface over the Workspace tree. It searches the tree directly
// (just-bash's grep took ~450 ms on 5k files); the pattern dialect, file types, matching and
// printing live in ./grep/, one idea per file, as gemini-cli splits its grep. Files are read and
// prefiltered here; the model's regex runs in batches through a GrepMatcher (a worker with a time
// limit in the page), so a pattern that backtracks forever costs an error, not the tab.

export { compileSearch } from './grep/compile';
export { translatePattern } from './grep/pattern';

export const DEFAULT_HEAD_LIMIT = 250;
/** A batch sent to the matcher closes at this many characters or files. */
const BATCH_CHARS = 1_000_000;
const BATCH_FILES = 256;

let shared: GrepMatcher | null = null;
/** In a page, one shared search worker; where there are no workers (Node), inline. */
function defaultMatcher(): GrepMatcher {
  return (shared ??= typeof Worker === 'function' ? workerMatcher(spawnWebWorker) : inlineMatcher);
}

function failureText(failure: MatchFailure, pattern: string): string {
  if (failure.kind === 'aborted') return 'Grep was aborted.';
  if (failure.kind === 'failed') return `Grep failed: ${failure.message}.`;
  return (
    `Grep stopped after ${failure.limitMs / 1000} s: the pattern ${JSON.stringify(pattern)} takes too long on some ` +
    'line, most likely catastrophic backtracking (nested repetition such as (a+)+ or (.*)*). ' +
    'Rewrite it without nested quantifiers, or narrow path, glob or type.'
  );
}

export function createGrepTool(options: { matcher?: GrepMatcher } = {}): Tool {
  return defineTool({
    name: 'Grep',
    kind: 'read',
    description:
      'Searches file contents with a regular expression (ripgrep syntax: literal braces need no escaping, e.g. "interface\\{\\}" or "interface{}"). ' +
      'Filter files with glob ("*.{ts,tsx}") or type ("ts", "py", "rust"…). output_mode: "files_with_matches" (default; paths, newest first), ' +
      '"content" (matching lines as path:line:text; supports -A/-B/-C context, -n, -o), or "count". Skips binary files, .git, and node_modules unless path or glob names it. ' +
      'Use this instead of grep or rg in Bash.',
    input: z.object({
      pattern: z.string().describe('Regular expression to search for'),
      path: z.string().optional().describe('File or directory to search (default: workspace root)'),
      glob: z.string().optional().describe('Glob filter for file paths, e.g. "*.js", "src/**/*.ts"'),
      type: z.string().optional().describe('File type, e.g. js, ts, py, rust, go, java, css, html, json, md'),
      output_mode: z.enum(['content', 'files_with_matches', 'count']).optional(),
      '-A': looseNumber().describe('Lines after each match (content mode)'),
      '-B': looseNumber().describe('Lines before each match (content mode)'),
      '-C': looseNumber().describe('Alias for context'),
      context: looseNumber().describe('Lines before and after each match (content mode)'),
      '-n': looseBoolean().describe('Show line numbers (content mode; default true)'),
      '-i': looseBoolean().describe('Case insensitive'),
      '-o': looseBoolean().describe('Print only the matched parts (content mode)'),
      head_limit: looseNumber().describe('Limit output to the first N lines/entries (default 250; 0 = unlimited)'),
      offset: looseNumber().describe('Skip the first N lines/entries before head_limit'),
      multiline: looseBoolean().describe('Let patterns span lines; . matches newlines'),
    }),
    permission: (input) => ({ ruleName: 'Read', value: input.path ?? '.' }),
    summary: (input) => `Grep ${JSON.stringify(input.pattern)}${input.path ? ` in ${input.path}` : ''}`,
    async run(input, ctx) {
      const ws = ctx.workspace;
      const mode = input.output_mode ?? 'files_with_matches';
      const compiled = compileSearch(input.pattern, { ignoreCase: input['-i'], multiline: input.multiline });
      if (!compiled.ok)
        return errorResult(`${compiled.error}. Escape regex metacharacters to search for them literally.`);
      const { literal } = compiled;

      const resolved = await resolvePath(ctx, input.path);
      if (!resolved.ok) return resolved.result;
      const base = resolved.abs;
      const stat = await ws.stat(base);
      if (!stat) return errorResult(`Path does not exist: ${displayPath(ws, base)}`);
      const singleFile = stat.kind === 'file';

      let typeGlobs: string[] | null = null;
      if (input.type) {
        typeGlobs = FILE_TYPES[input.type.toLowerCase()] ?? null;
        if (!typeGlobs)
          return errorResult(
            `Unknown file type "${input.type}". Known types: ${Object.keys(FILE_TYPES).join(', ')}. Or use glob.`,
          );
      }
      const globFilter = input.glob ? globMatcher(input.glob.trim().split(/\s+/)) : null;
      const typeFilter = typeGlobs ? globMatcher(typeGlobs) : null;
      const allowNodeModules = base.includes('/node_modules') || (input.glob ?? '').includes('node_modules');

      let files: string[];
      if (singleFile) files = [base];
      else {
        const prefix = base === '/' ? 1 : base.length + 1;
        files = [];
        for (const file of await ws.listFiles(base)) {
          const rel = file.slice(prefix);
          if (isHiddenPath(rel, allowNodeModules)) continue;
          if (ctx.isReadDenied?.(file)) continue;
          if (globFilter && !globFilter(rel)) continue;
          if (typeFilter && !typeFilter(rel)) continue;
          files.push(file);
        }
      }

      const offset = Math.max(0, Math.floor(input.offset ?? 0));
      const headLimit = input.head_limit === undefined ? DEFAULT_HEAD_LIMIT : Math.max(0, Math.floor(input.head_limit));
      const wanted = headLimit === 0 ? Infinity : offset + headLimit;
      const contextAll = input.context ?? input['-C'] ?? 0;
      const before = Math.max(0, Math.floor(input['-B'] ?? contextAll));
      const after = Math.max(0, Math.floor(input['-A'] ?? contextAll));
      const showNumbers = input['-n'] ?? true;
      const onlyMatching = input['-o'] === true;
      const multiline = input.multiline === true;

      const matcher = options.matcher ?? defaultMatcher();
      const { re } = compiled;
      const jobBase = {
        source: re.source,
        flags: re.flags,
        multiline,
        want: mode === 'files_with_matches' ? 'first' : 'all',
        onlyMatching: mode === 'content' && onlyMatching,
      } satisfies Omit<MatchJob, 'texts'>;

      const matchedFiles: string[] = [];
      const counts: Array<[string, number]> = [];
      const out: string[] = [];
      let stoppedEarly = false;
      let measured = 0;
      let pageChars = 0;

      /** Takes in one file's matches; false once the page is full. */
      const collect = (file: string, text: string, found: FileMatches): boolean => {
        if (found.lines.length === 0) return true;
        if (mode === 'files_with_matches') {
          matchedFiles.push(file);
          return true;
        }
        const shown = displayPath(ws, file);
        if (mode === 'count') {
          counts.push([shown, found.count]);
          return true;
        }
        const prefix = singleFile ? '' : shown;
        if (onlyMatching) {
          for (const [l, part] of found.parts ?? [])
            out.push(`${prefix}${prefix ? ':' : ''}${showNumbers ? `${l}:` : ''}${clip(part)}`);
        } else {
          if (out.length && (before > 0 || after > 0)) out.push('--');
          renderContent(prefix, splitLines(text), found.lines, before, after, showNumbers, out);
        }
        // Stop once the requested page is full, or once it is longer than the output cap would keep anyway.
        for (; measured < out.length; measured++) if (measured >= offset) pageChars += out[measured].length + 1;
        return !(out.length > wanted || pageChars > MAX_GREP_OUTPUT_CHARS);
      };

      let batch: Array<{ file: string; text: string }> = [];
      let batchChars = 0;
      /** Matches the pending batch; an error text when matching failed, else null. */
      const flush = async (): Promise<string | null> => {
        const pending = batch;
        batch = [];
        batchChars = 0;
        if (pending.length === 0 || stoppedEarly) return null;
        const found = await matcher.match({ ...jobBase, texts: pending.map((p) => p.text) }, ctx.signal);
        if (!found.ok) return failureText(found.error, input.pattern);
        for (let i = 0; i < pending.length; i++) {
          if (!collect(pending[i].file, pending[i].text, found.value[i])) {
            stoppedEarly = true;
            break;
          }
        }
        return null;
      };

      for (const file of files) {
        if (ctx.signal.aborted) return errorResult('Grep was aborted.');
        let text: string;
        try {
          text = await ws.readText(file); // the lite tree caches decoded text: no per-search decode
        } catch {
          continue; // removed while searching
        }
        if (literal !== null && text.indexOf(literal) === -1) continue; // most files fail here, at memchr speed
        if (text.length === 0 || looksBinaryText(text)) continue;
        batch.push({ file, text });
        batchChars += text.length;
        if (batchChars >= BATCH_CHARS || batch.length >= BATCH_FILES) {
          const failed = await flush();
          if (failed) return errorResult(failed);
          if (stoppedEarly) break;
        }
      }
      const failed = await flush();
      if (failed) return errorResult(failed);

      const literalNewline =
        !multiline && /\\n/.test(input.pattern)
          ? ' (the pattern contains \\n: set multiline: true to match across lines)'
          : '';
      const page = { offset, headLimit, stoppedEarly };

      const shown = { pattern: input.pattern, path: displayPath(ws, base), mode, offset, headLimit, stoppedEarly };

      if (mode === 'files_with_matches') {
        if (matchedFiles.length === 0)
          return {
            content: `No files found${literalNewline}`,
            details: grepDetails({ ...shown, entries: [], total: 0 }),
          };
        const sorted = await sortByMtime(ws, matchedFiles);
        const shownFiles = sorted.map((f) => displayPath(ws, f));
        const list = renderPage(shownFiles, 'files', page);
        return {
          content: `Found ${sorted.length} file${sorted.length === 1 ? '' : 's'}\n${list}`,
          details: grepDetails({ ...shown, entries: shownFiles.map((path) => ({ path })), total: sorted.length }),
        };
      }
      if (mode === 'count') {
        if (counts.length === 0)
          return {
            content: `No matches found${literalNewline}`,
            details: grepDetails({ ...shown, entries: [], total: 0 }),
          };
        const total = counts.reduce((sum, [, n]) => sum + n, 0);
        const list = renderPage(
          counts.map(([f, n]) => `${f}:${n}`),
          'entries',
          page,
        );
        const unit = multiline ? 'matches' : 'matching lines';
        return {
          content: `${list}\n\nFound ${total} ${unit} across ${counts.length} file${counts.length === 1 ? '' : 's'}.`,
          details: grepDetails({ ...shown, entries: counts.map(([path, count]) => ({ path, count })), total }),
        };
      }
      if (out.length === 0)
        return { content: `No matches found${literalNewline}`, details: grepDetails({ ...shown, total: 0 }) };
      return { content: renderPage(out, 'lines', page), details: grepDetails({ ...shown, total: out.length }) };
    },
  });
}

export const grepTool = createGrepTool();
