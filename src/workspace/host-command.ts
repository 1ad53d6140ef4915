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
