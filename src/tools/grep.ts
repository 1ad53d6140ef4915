import { z } from 'zod';
import { defineTool } from './define-tool';
import { displayPath, errorResult, looksBinaryText, resolvePath } from './file-guards';
import { sortByMtime } from './glob';
import { grepDetails } from './grep-details';
import { looseBoolean, looseNumber } from './lenient';
import { countNewlines } from './text-lines';
import { globMatcher, isHiddenPath } from './tree-filter';

// Searches the tree directly through the Workspace: just-bash's grep took ~450 ms on 5k files.

export const DEFAULT_HEAD_LIMIT = 250;
export const MAX_GREP_OUTPUT_CHARS = 30_000;
const MAX_LINE_CHARS = 500;

/** ripgrep --type names to file globs (the common subset of `rg --type-list`). */
export const FILE_TYPES: Record<string, string[]> = {
  js: ['*.js', '*.jsx', '*.mjs', '*.cjs', '*.vue'],
  ts: ['*.ts', '*.tsx', '*.mts', '*.cts'],
  py: ['*.py', '*.pyi'],
  rust: ['*.rs'],
  go: ['*.go'],
  java: ['*.java', '*.jsp', '*.properties'],
  kotlin: ['*.kt', '*.kts'],
  scala: ['*.scala', '*.sbt'],
  swift: ['*.swift'],
  c: ['*.c', '*.h'],
  cpp: ['*.cpp', '*.cc', '*.cxx', '*.c++', '*.hpp', '*.hh', '*.hxx', '*.h', '*.inl'],
  cs: ['*.cs', '*.csx'],
  rb: ['*.rb', '*.gemspec', 'Gemfile', 'Rakefile'],
  ruby: ['*.rb', '*.gemspec', 'Gemfile', 'Rakefile'],
  php: ['*.php', '*.phtml'],
  lua: ['*.lua'],
  dart: ['*.dart'],
  elixir: ['*.ex', '*.exs', '*.eex', '*.heex'],
  erlang: ['*.erl', '*.hrl'],
  haskell: ['*.hs', '*.lhs'],
  clojure: ['*.clj', '*.cljs', '*.cljc', '*.edn'],
  css: ['*.css', '*.scss'],
  sass: ['*.sass', '*.scss'],
  less: ['*.less'],
  html: ['*.html', '*.htm', '*.xhtml', '*.ejs'],
  vue: ['*.vue'],
  svelte: ['*.svelte'],
  json: ['*.json', '*.jsonc', '*.json5', '*.jsonl', '*.sarif'],
  yaml: ['*.yaml', '*.yml'],
  toml: ['*.toml', 'Cargo.lock'],
  xml: ['*.xml', '*.xsd', '*.xsl', '*.xslt', '*.svg', '*.plist'],
  md: ['*.md', '*.markdown', '*.mdx', '*.mdown', '*.mkd', '*.mkdn', '*.mdwn'],
  markdown: ['*.md', '*.markdown', '*.mdx', '*.mdown', '*.mkd', '*.mkdn', '*.mdwn'],
  txt: ['*.txt'],
  sh: ['*.sh', '*.bash', '*.zsh', '*.ksh', '.bashrc', '.zshrc', '.profile', '.bash_profile'],
  sql: ['*.sql', '*.psql'],
  graphql: ['*.graphql', '*.graphqls', '*.gql'],
  proto: ['*.proto'],
  docker: ['Dockerfile', '*.dockerfile', 'Dockerfile.*'],
  make: ['Makefile', 'makefile', 'GNUmakefile', '*.mk', '*.mak'],
  csv: ['*.csv'],
  r: ['*.R', '*.r', '*.Rmd'],
  zig: ['*.zig'],
  tf: ['*.tf', '*.tfvars'],
};

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\s',
  blank: ' \\t',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  punct: '!-\\/:-@\\[-`{-~',
  cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
};

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Rewrites a ripgrep (Rust regex) pattern into JavaScript RegExp source: a `{`/`}` that is not a
 * repetition is literal (`interface{}`), leading inline flags become flags, `(?P<n>` becomes `(?<n>`,
 * `\A`/`\z` anchor, `\Q…\E` quotes, `[[:alpha:]]` POSIX classes expand, `\x{..}` becomes `\u{..}`.
 */
export function translatePattern(pattern: string): { source: string; flags: string; unicode: boolean } {
  let flags = '';
  let p = pattern;
  const inline = /^\(\?([imsxU]+)\)/.exec(p);
  if (inline) {
    for (const f of inline[1]) if ((f === 'i' || f === 's') && !flags.includes(f)) flags += f;
    p = p.slice(inline[0].length);
  }
  let out = '';
  let inClass = false;
  let classStart = -1;
  let unicode = /[^\x00-\x7f]/.test(p);
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      const n = p[i + 1];
      if (n === undefined) {
        out += '\\\\';
        break;
      }
      if (!inClass && n === 'A') out += '^';
      else if (!inClass && (n === 'z' || n === 'Z')) out += '$';
      else if (n === 'Q') {
        const end = p.indexOf('\\E', i + 2);
        const lit = p.slice(i + 2, end === -1 ? p.length : end);
        out += inClass ? lit.replace(/[\]\\^-]/g, '\\$&') : escapeLiteral(lit);
        i = end === -1 ? p.length : end + 1;
        continue;
      } else if (n === 'x' && p[i + 2] === '{') {
        const end = p.indexOf('}', i + 3);
        out += `\\u{${p.slice(i + 3, end)}}`;
        unicode = true;
        i = end;
        continue;
      } else if ((n === 'p' || n === 'P') && p[i + 2] !== '{' && /[A-Za-z]/.test(p[i + 2] ?? '')) {
        out += `\\${n}{${p[i + 2]}}`;
        unicode = true;
        i += 2;
        continue;
      } else if ((n === 'p' || n === 'P') && p[i + 2] === '{') {
        const end = p.indexOf('}', i + 3);
        out += p.slice(i, end + 1);
        unicode = true;
        i = end;
        continue;
      } else out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && p[i + 1] === ':') {
        const end = p.indexOf(':]', i + 2);
        const name = end === -1 ? '' : p.slice(i + 2, end);
        if (POSIX_CLASSES[name]) {
          out += POSIX_CLASSES[name];
          i = end + 1;
          continue;
        }
      }
      if (c === ']') {
        // A `]` first in a class is literal in Rust regex; JavaScript needs it escaped.
        if (out.length === classStart) out += '\\]';
        else {
          inClass = false;
          out += ']';
        }
        continue;
      }
      out += c === '[' ? '\\[' : c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += p[i + 1] === '^' ? '[^' : '[';
      if (p[i + 1] === '^') i++;
      classStart = out.length;
      continue;
    }
    if (c === '{') {
      const rep = /^\{\d+(,\d*)?\}/.exec(p.slice(i, i + 24));
      const quantifiable = out !== '' && !/(^|[^\\])[(|]$/.test(out);
      if (rep && quantifiable) {
        out += rep[0];
        i += rep[0].length - 1;
      } else out += '\\{';
      continue;
    }
    if (c === '}') {
      out += '\\}';
      continue;
    }
    if (c === '(' && p.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    out += c;
  }
  return { source: out, flags, unicode };
}

export type CompiledSearch =
  | {
      ok: true;
      re: RegExp;
      lineRe: RegExp;
      /** text every match contains, for an indexOf prefilter */ literal: string | null;
    }
  | { ok: false; error: string };

const LITERAL_ESCAPES = new Set('.*+?^$' + '{}()|[]\\/-=!<>:,#&~"\' @%;`_ '.split(''));

/** Index of the `]` closing the class that opens at `start`, or -1 (also for the JS oddities `[]` and `[^]`). */
function classEnd(source: string, start: number): number {
  let j = start + 1;
  if (source[j] === '^') j++;
  if (source[j] === ']') return -1;
  for (; j < source.length && source[j] !== ']'; j++) if (source[j] === '\\') j++;
  return j < source.length ? j : -1;
}

/**
 * The longest run of plain characters that every match must contain, or null when unsure.
 * Conservative: any alternation, an unusual escape, or a case-insensitive search gives up; groups and classes are skipped.
 */
export function requiredLiteral(source: string, flags: string): string | null {
  if (flags.includes('i')) return null;
  let best = '';
  let run = '';
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const n = source[i + 1];
      if (n === undefined) return null;
      if (LITERAL_ESCAPES.has(n)) {
        run += n;
        i++;
        continue;
      }
      if ('dDwWsSbBntrfv0'.includes(n)) {
        end();
        i++;
        continue;
      }
      return null; // \u, \x, \p, \k, backreferences: not worth parsing
    }
    if (c === '|') return null;
    if (c === '[') {
      end();
      i = classEnd(source, i);
      if (i === -1) return null;
      continue;
    }
    if (c === '(') {
      end(); // skip the whole group: its contents may be optional or alternatives
      let depth = 0;
      for (; i < source.length; i++) {
        const d = source[i];
        if (d === '\\') i++;
        else if (d === '[') {
          i = classEnd(source, i);
          if (i === -1) return null;
        } else if (d === '(') depth++;
        else if (d === ')' && --depth === 0) break;
      }
      if (i >= source.length) return null;
      continue;
    }
    if (c === '*' || c === '?' || c === '{') {
      const last = run.charCodeAt(run.length - 1);
      run = run.slice(0, last >= 0xdc00 && last <= 0xdfff ? -2 : -1); // the previous character may be absent
      end();
      if (c === '{') i = source.indexOf('}', i);
      if (i === -1) return null;
      continue;
    }
    if (c === '+') {
      end();
      continue;
    }
    if (c === '.' || c === '^' || c === '$' || c === ')') {
      end();
      continue;
    }
    run += c;
  }
  end();
  return best.length >= 2 ? best : null;
}

/** Builds the whole-text regex (global, ^/$ at line boundaries), the per-line confirmer and the literal prefilter. */
export function compileSearch(pattern: string, opts: { ignoreCase?: boolean; multiline?: boolean }): CompiledSearch {
  const t = translatePattern(pattern);
  let flags = t.flags;
  if (opts.ignoreCase && !flags.includes('i')) flags += 'i';
  if (opts.multiline && !flags.includes('s')) flags += 's';
  const attempts = t.unicode ? [`${flags}u`, flags] : [flags, `${flags}u`];
  let lastError = '';
  for (const f of attempts) {
    for (const source of [t.source, pattern]) {
      try {
        const re = new RegExp(source, `${f}gm`);
        return { ok: true, re, lineRe: new RegExp(source, `${f}gm`), literal: requiredLiteral(source, f) };
      } catch (e) {
        lastError = (e as Error).message;
      }
    }
  }
  return { ok: false, error: `Invalid regular expression: ${lastError}` };
}

/**
 * Calls visit(lineNumber, lineStart, lineEnd) for each line that matches, in order, until visit returns false.
 * The whole text is searched once, so a file without matches costs a single regex scan; a match that
 * crosses a line break is confirmed against its line alone, as ripgrep matches line by line.
 */
export function scanLines(
  text: string,
  re: RegExp,
  lineRe: RegExp,
  visit: (line: number, start: number, end: number) => boolean,
): void {
  re.lastIndex = 0;
  let line = 1;
  let counted = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    const lineStart = start === 0 ? 0 : text.lastIndexOf('\n', start - 1) + 1;
    if (lineStart === text.length) break; // the empty "line" after a final newline is not a line
    let lineEnd = text.indexOf('\n', start);
    if (lineEnd === -1) lineEnd = text.length;
    let ok = start + m[0].length <= lineEnd;
    if (!ok) {
      lineRe.lastIndex = 0;
      ok = lineRe.test(text.slice(lineStart, lineEnd));
    }
    if (ok) {
      line += countNewlines(text, counted, lineStart);
      counted = lineStart;
      if (!visit(line, lineStart, lineEnd)) return;
    }
    re.lastIndex = lineEnd + 1;
  }
}

/** Multiline mode: each match as its first and last line (1-based); returns the match count. */
function scanMatches(text: string, re: RegExp, visit: (first: number, last: number) => boolean): number {
  re.lastIndex = 0;
  let line = 1;
  let counted = 0;
  let count = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0] === '') {
      re.lastIndex++;
      if (m.index >= text.length) break;
    }
    count++;
    line += countNewlines(text, counted, m.index);
    counted = m.index;
    const end = m.index + Math.max(0, m[0].length - 1);
    const last = line + countNewlines(text, m.index, end);
    if (!visit(line, last)) break;
  }
  return count;
}

function clip(line: string): string {
  const s = line.endsWith('\r') ? line.slice(0, -1) : line;
  return s.length > MAX_LINE_CHARS ? `${s.slice(0, MAX_LINE_CHARS)} [… line truncated, ${s.length} chars]` : s;
}

/** Renders matched lines with context as ripgrep does: `path:n:text` for matches, `path-n-text` for context, `--` between groups. */
function renderContent(
  prefix: string,
  lines: string[],
  matched: number[],
  before: number,
  after: number,
  showNumbers: boolean,
  out: string[],
): void {
  const isMatch = new Set(matched);
  const total = lines.length;
  let printed = 0;
  for (const ml of matched) {
    const from = Math.max(1, ml - before, printed + 1);
    const to = Math.min(total, ml + after);
    if (from > to) continue;
    if (printed > 0 && from > printed + 1 && (before > 0 || after > 0)) out.push('--');
    for (let l = from; l <= to; l++) {
      const sep = isMatch.has(l) ? ':' : '-';
      out.push(`${prefix}${prefix ? sep : ''}${showNumbers ? `${l}${sep}` : ''}${clip(lines[l - 1])}`);
    }
    printed = to;
  }
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export const grepTool = defineTool({
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
    const { re, lineRe, literal } = compiled;

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

    const matchedFiles: string[] = [];
    const counts: Array<[string, number]> = [];
    const out: string[] = [];
    let stoppedEarly = false;
    let measured = 0;
    let pageChars = 0;

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

      if (mode === 'files_with_matches') {
        let hit = false;
        if (multiline) scanMatches(text, re, () => ((hit = true), false));
        else scanLines(text, re, lineRe, () => ((hit = true), false));
        if (hit) matchedFiles.push(file);
        continue;
      }

      // Matching line numbers (ascending) and, in multiline mode, the match count.
      const matched: number[] = [];
      let count = 0;
      if (multiline) {
        count = scanMatches(text, re, (first, last) => {
          for (let l = Math.max(first, (matched[matched.length - 1] ?? 0) + 1); l <= last; l++) matched.push(l);
          return true;
        });
      } else {
        scanLines(text, re, lineRe, (line) => (matched.push(line), true));
        count = matched.length;
      }
      if (matched.length === 0) continue;
      const shown = displayPath(ws, file);
      if (mode === 'count') {
        counts.push([shown, count]);
        continue;
      }
      const lines = splitLines(text);
      const prefix = singleFile ? '' : shown;
      if (onlyMatching) {
        for (const l of matched) {
          const lineText = lines[l - 1] ?? '';
          lineRe.lastIndex = 0;
          for (const m of lineText.matchAll(lineRe)) {
            if (m[0] !== '') out.push(`${prefix}${prefix ? ':' : ''}${showNumbers ? `${l}:` : ''}${clip(m[0])}`);
          }
        }
      } else {
        if (out.length && (before > 0 || after > 0)) out.push('--');
        renderContent(prefix, lines, matched, before, after, showNumbers, out);
      }
      // Stop once the requested page is full, or once it is longer than the output cap would keep anyway.
      for (; measured < out.length; measured++) if (measured >= offset) pageChars += out[measured].length + 1;
      if (out.length > wanted || pageChars > MAX_GREP_OUTPUT_CHARS) {
        stoppedEarly = true;
        break;
      }
    }

    const literalNewline =
      !multiline && /\\n/.test(input.pattern)
        ? ' (the pattern contains \\n: set multiline: true to match across lines)'
        : '';
    /** One page of entries (offset, head_limit), cut to the output cap, with a note on how to get the next page. */
    const renderPage = (entries: string[], unit: string): string => {
      const end = headLimit === 0 ? entries.length : offset + headLimit;
      const items = entries.slice(offset, end);
      let body = '';
      let shown = 0;
      for (const item of items) {
        if (body.length + item.length + 1 > MAX_GREP_OUTPUT_CHARS) break;
        body += (shown ? '\n' : '') + item;
        shown++;
      }
      const next = offset + shown;
      if (shown < items.length) {
        return `${body}\n(Output cut at ${MAX_GREP_OUTPUT_CHARS} characters after ${unit} ${next}: pass offset=${next} for more, or narrow path, glob or pattern.)`;
      }
      if (entries.length > end || stoppedEarly)
        return `${body}\n(Showing ${unit} ${offset + 1}–${next}; more exist: pass offset=${next} for the next page.)`;
      return body;
    };

    const page = { pattern: input.pattern, path: displayPath(ws, base), mode, offset, headLimit, stoppedEarly };
    if (mode === 'files_with_matches') {
      if (matchedFiles.length === 0)
        return { content: `No files found${literalNewline}`, details: grepDetails({ ...page, entries: [], total: 0 }) };
      const sorted = await sortByMtime(ws, matchedFiles);
      const shownFiles = sorted.map((f) => displayPath(ws, f));
      const list = renderPage(shownFiles, 'files');
      return {
        content: `Found ${sorted.length} file${sorted.length === 1 ? '' : 's'}\n${list}`,
        details: grepDetails({ ...page, entries: shownFiles.map((path) => ({ path })), total: sorted.length }),
      };
    }
    if (mode === 'count') {
      if (counts.length === 0)
        return {
          content: `No matches found${literalNewline}`,
          details: grepDetails({ ...page, entries: [], total: 0 }),
        };
      const total = counts.reduce((sum, [, n]) => sum + n, 0);
      const list = renderPage(
        counts.map(([f, n]) => `${f}:${n}`),
        'entries',
      );
      const unit = multiline ? 'matches' : 'matching lines';
      return {
        content: `${list}\n\nFound ${total} ${unit} across ${counts.length} file${counts.length === 1 ? '' : 's'}.`,
        details: grepDetails({ ...page, entries: counts.map(([path, count]) => ({ path, count })), total }),
      };
    }
    if (out.length === 0)
      return { content: `No matches found${literalNewline}`, details: grepDetails({ ...page, total: 0 }) };
    return { content: renderPage(out, 'lines'), details: grepDetails({ ...page, total: out.length }) };
  },
});
