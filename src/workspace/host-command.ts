// Commands the page runs itself in place of a shell program, such as `git` (isomorphic-git over
// the workspace tree): the WebContainer shell has no git of its own, so a command line that is
// just `git …` (optionally after `cd <dir> &&`) is answered here instead of by `jsh`.

export interface HostCommandContext {
  /** Absolute directory the command runs in. */
  cwd: string;
  /** Exported environment of the shell. */
  env: Record<string, string>;
  signal?: AbortSignal;
}

export interface HostCommand {
  name: string;
  run(args: string[], ctx: HostCommandContext): Promise<{ stdout: string; stderr: string; exitCode: number }>;
}

/** What a routed command line asks for: optional `cd` steps, then one host command's argv. */
export interface RoutedCommand {
  cds: string[];
  argv: string[];
}

const META = new Set(['|', '&', ';', '<', '>', '(', ')', '`', '$', '*', '?', '[', '{', '}', '\n']);
/** Special only at the start of a word: `~` (home) and `#` (comment); `HEAD~1` is a plain word. */
const WORD_START_META = new Set(['~', '#']);

/**
 * Splits a command line into words the way sh would for plain words and quotes, or returns null
 * when it uses anything a real shell must interpret (pipes, redirects, variables, globs…), so
 * those still go to the real shell rather than be half-understood here.
 */
export function splitWords(line: string): string[] | null {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return null;
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '$' || line[j] === '`') return null;
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`\n'.includes(line[j + 1])) word += line[++j];
        else word += line[j];
      }
      if (j >= line.length) return null;
      inWord = true;
      i = j;
    } else if (c === '\\') {
      if (i + 1 >= line.length) return null;
      word += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (META.has(c) || (!inWord && WORD_START_META.has(c))) {
      return null;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** `git status`, `cd app && git log -n 3`: the host command to run, or null to leave it to the shell. */
export function routeCommand(line: string, names: string[]): RoutedCommand | null {
  const parts = line.trim().split(/\s*&&\s*/);
  const cds: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const words = splitWords(parts[i]);
    if (!words || words.length === 0) return null;
    if (i < parts.length - 1) {
      if (words[0] !== 'cd' || words.length !== 2) return null;
      cds.push(words[1]);
    } else {
      if (!names.includes(words[0])) return null;
      return { cds, argv: words };
    }
  }
  return null;
}

/** Built into every sh (jsh and just-bash alike), so never a reason to prefer one shell. */
export const SHELL_BUILTINS = new Set([
  'cd',
  'export',
  'unset',
  'set',
  'true',
  'false',
  'exit',
  'pwd',
  'echo',
  'printf',
  'test',
  '[',
  'read',
  'shift',
  ':',
]);

/**
 * The programs a simple command line runs, in order: the first word of each part between `|`,
 * `||`, `&&`, `;` and `&`, after any `VAR=value` assignments. Null when the line uses anything
 * that could run a program this cannot see (`$(…)`, backticks, subshells, groups, here-docs),
 * so a caller can tell for sure which shell has every program the line needs.
 */
export function commandWords(line: string): string[] | null {
  if (/\$\(|`|<<|[(){}]/.test(line)) return null;
  const words: string[] = [];
  // Quoted text can hold separators: blank it out before splitting.
  const masked = line.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, (m) => 'x'.repeat(m.length));
  if (/['"]/.test(masked)) return null; // an unclosed quote
  let start = 0;
  const parts: string[] = [];
  const separator = /\|\||&&|[|;&\n]/g;
  for (let m = separator.exec(masked); m; m = separator.exec(masked)) {
    // `2>&1`, `&>file`: redirections, not separators.
    if (m[0] === '&' && (masked[m.index - 1] === '>' || masked[m.index + 1] === '>')) continue;
    parts.push(line.slice(start, m.index));
    start = m.index + m[0].length;
  }
  parts.push(line.slice(start));
  for (const part of parts) {
    const split = splitWords(part.replace(/\s*\d?>>?&?\s*\S+/g, '').replace(/\s*<\s*\S+/g, ''));
    if (split === null) return null;
    const program = split.find((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    if (program) words.push(program);
  }
  return words;
}
