// Splits a shell command line into the simple commands it runs, so permission rules can
// judge each one: `a && b`, `a | b`, `(a; b)`, `$(a)` and backticks all count as parts.
// Anything this scanner cannot read with confidence sets `ok: false`, and the caller must
// then never auto-allow the command by rule.

export interface ShellSplit {
  /** Each simple command as written (substitutions kept inline, leading `if`/`then`/`{`… dropped), trimmed. */
  commands: string[];
  /** False when the line could not be split with confidence. */
  ok: boolean;
  /** Why `ok` is false. */
  problem?: string;
}

export interface ShellWords {
  /** Leading `NAME=value` assignments. */
  assignments: string[];
  /** The command name and its arguments, quotes removed. */
  words: string[];
  /** Redirection targets (`> out.txt` gives `out.txt`); fd duplications like `2>&1` are left out. */
  redirects: string[];
  /** True when a word depends on expansion (`$VAR`, `$(…)`, backticks), so its value is unknown here. */
  dynamic: boolean;
}

const LEADING_KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'do',
  'while',
  'until',
  '!',
  'time',
  '{',
  '}',
  'fi',
  'done',
  'esac',
]);

interface ScanState {
  out: string[];
  problem?: string;
  heredocs: { delimiter: string; quoted: boolean; stripTabs: boolean }[];
}

/** Splits `command` into the simple commands it would run. Never throws. */
export function splitShellCommand(command: string): ShellSplit {
  const st: ScanState = { out: [], heredocs: [] };
  scanList(command, 0, false, st);
  if (st.heredocs.length) st.problem ??= 'unterminated here-document';
  return st.problem ? { commands: st.out, ok: false, problem: st.problem } : { commands: st.out, ok: true };
}

function fail(st: ScanState, problem: string): void {
  st.problem ??= problem;
}

function pushCommand(raw: string, st: ScanState): void {
  let text = raw.trim();
  // Drop reserved words that only structure the line (`if x; then y; fi` runs x and y).
  for (;;) {
    const m = /^(\S+)(?:\s+|$)/.exec(text);
    if (!m || !LEADING_KEYWORDS.has(m[1])) break;
    text = text.slice(m[0].length);
  }
  if (!text) return;
  const first = /^\S+/.exec(text)?.[0];
  if (first === 'case' || first === 'function' || first === 'coproc' || first === 'select') {
    fail(st, `\`${first}\` blocks are not analysed`);
    return;
  }
  // `for x in a b` only names values; any substitution in it was already collected.
  if (first === 'for') return;
  const { words, assignments } = shellWords(text);
  if (words.length === 0 && assignments.length === 0) return; // only redirections left, e.g. `) > log`
  st.out.push(text);
}

/** Scans a command list from `i`; when `inParens`, stops after the matching `)`. Returns the index reached. */
function scanList(s: string, i: number, inParens: boolean, st: ScanState): number {
  let start = i;
  let atStart = true;
  const flush = (end: number, next: number): void => {
    pushCommand(s.slice(start, end), st);
    start = next;
    atStart = true;
  };
  while (i < s.length) {
    const c = s[i];
    if (c === ')' && inParens) {
      flush(i, i + 1);
      return i + 1;
    }
    if (c === '\\') {
      i += 2;
      atStart = false;
      continue;
    }
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) {
        fail(st, 'unterminated single quote');
        i = s.length;
        break;
      }
      i = end + 1;
      atStart = false;
      continue;
    }
    if (c === '"') {
      i = scanDoubleQuoted(s, i + 1, st);
      atStart = false;
      continue;
    }
    if (c === '`') {
      i = scanBackticks(s, i, st);
      atStart = false;
      continue;
    }
    if (c === '$') {
      i = scanDollar(s, i, st);
      atStart = false;
      continue;
    }
    if ((c === '<' || c === '>') && s[i + 1] === '(') {
      i = scanList(s, i + 2, true, st); // process substitution runs a command
      atStart = false;
      continue;
    }
    if (c === '<' && s[i + 1] === '<' && s[i + 2] !== '<') {
      i = readHeredocStart(s, i + 2, st);
      atStart = false;
      continue;
    }
    if (c === '#' && (i === 0 || /[\s;&|()]/.test(s[i - 1]))) {
      let end = i;
      while (end < s.length && s[end] !== '\n') end++; // a comment runs to the end of the line
      flush(i, end);
      i = end;
      continue;
    }
    if (c === '[' && atStart && s.startsWith('[[', i) && /\s/.test(s[i + 2] ?? '')) {
      const end = s.indexOf(']]', i + 2);
      if (end < 0) {
        fail(st, 'unterminated [[ test');
        i = s.length;
        break;
      }
      i = end + 2; // `&&` inside [[ ]] is a test operator, not a list
      atStart = false;
      continue;
    }
    if (c === '(') {
      if (!atStart) {
        fail(st, 'unexpected `(` (function definition or array)');
        i++;
        continue;
      }
      if (s[i + 1] === '(') {
        i = skipArithmetic(s, i + 2, st);
        atStart = false;
        continue;
      }
      i = scanList(s, i + 1, true, st); // subshell: its commands are parts of their own
      start = i; // what follows `)` can only be redirections
      atStart = false;
      continue;
    }
    if (c === ')') {
      fail(st, 'unbalanced `)`');
      i++;
      continue;
    }
    if (c === '\n') {
      flush(i, i + 1);
      i = readHeredocBodies(s, i + 1, st);
      start = i;
      continue;
    }
    if (c === ';') {
      if (s[i + 1] === ';' || s[i + 1] === '&') fail(st, '`case` syntax is not analysed');
      flush(i, i + 1);
      i++;
      continue;
    }
    if (c === '&') {
      if (s[i + 1] === '>') {
        i = skipRedirectOperator(s, i + 1);
        atStart = false;
        continue;
      }
      const len = s[i + 1] === '&' ? 2 : 1;
      flush(i, i + len);
      i += len;
      continue;
    }
    if (c === '|') {
      const len = s[i + 1] === '|' || s[i + 1] === '&' ? 2 : 1;
      flush(i, i + len);
      i += len;
      continue;
    }
    if (c === '>' || c === '<') {
      i = skipRedirectOperator(s, i);
      atStart = false;
      continue;
    }
    if (!/\s/.test(c)) atStart = false;
    i++;
  }
  if (inParens) fail(st, 'unbalanced `(`');
  flush(Math.min(i, s.length), i);
  return i;
}

/** Past `>`, `>>`, `>&`, `>|`, `<&`, `<>` (the operator only; the target is an ordinary word). */
function skipRedirectOperator(s: string, i: number): number {
  i++;
  while (i < s.length && (s[i] === '>' || s[i] === '&' || s[i] === '|' || s[i] === '<')) i++;
  return i;
}

function scanDoubleQuoted(s: string, i: number, st: ScanState): number {
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if (c === '$') i = scanDollar(s, i, st);
    else if (c === '`') i = scanBackticks(s, i, st);
    else i++;
  }
  fail(st, 'unterminated double quote');
  return s.length;
}

function scanDollar(s: string, i: number, st: ScanState): number {
  const next = s[i + 1];
  if (next === "'") return skipAnsiC(s, i + 2, st);
  if (next === '(') {
    if (s[i + 2] === '(') return skipArithmetic(s, i + 3, st);
    return scanList(s, i + 2, true, st); // command substitution: inner commands are parts
  }
  if (next === '{') {
    // Parameter expansion: skip to the matching brace; a substitution inside it is not analysed.
    let depth = 0;
    for (let j = i + 1; j < s.length; j++) {
      if (s[j] === '\\') j++;
      else if (s[j] === '{') depth++;
      else if (s[j] === '}' && --depth === 0) {
        if (/\$\(|`/.test(s.slice(i, j))) fail(st, 'command substitution inside ${…}');
        return j + 1;
      }
    }
    fail(st, 'unterminated ${');
    return s.length;
  }
  return i + 1;
}

function scanBackticks(s: string, i: number, st: ScanState): number {
  let inner = '';
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\' && j + 1 < s.length) {
      inner += s[j + 1] === '`' || s[j + 1] === '\\' || s[j + 1] === '$' ? s[j + 1] : s[j] + s[j + 1];
      j++;
    } else if (s[j] === '`') {
      const sub: ScanState = { out: st.out, heredocs: [] };
      scanList(inner, 0, false, sub);
      if (sub.problem) fail(st, sub.problem);
      return j + 1;
    } else inner += s[j];
  }
  fail(st, 'unterminated backtick');
  return s.length;
}

/** Skips the rest of a `$'…'` string, where `\\'` does not end it. */
function skipAnsiC(s: string, i: number, st: ScanState): number {
  for (; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === "'") return i + 1;
  }
  fail(st, "unterminated $'…' string");
  return s.length;
}

/** Skips `$(( … ))` or `(( … ))` from just after the opening parens. */
function skipArithmetic(s: string, i: number, st: ScanState): number {
  let depth = 2;
  for (; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i + 1;
    else if (s[i] === '`' || (s[i] === '$' && s[i + 1] === '(' && s[i + 2] !== '(')) {
      fail(st, 'command substitution inside arithmetic'); // rare; refuse rather than guess
    }
  }
  fail(st, 'unterminated arithmetic expression');
  return s.length;
}

function readHeredocStart(s: string, i: number, st: ScanState): number {
  let stripTabs = false;
  if (s[i] === '-') {
    stripTabs = true;
    i++;
  }
  while (s[i] === ' ' || s[i] === '\t') i++;
  let delimiter = '';
  let quoted = false;
  while (i < s.length && !/[\s;&|<>()]/.test(s[i])) {
    const c = s[i];
    if (c === "'" || c === '"') {
      const end = s.indexOf(c, i + 1);
      if (end < 0) {
        fail(st, 'unterminated quote in here-document delimiter');
        return s.length;
      }
      delimiter += s.slice(i + 1, end);
      quoted = true;
      i = end + 1;
    } else if (c === '\\') {
      delimiter += s[i + 1] ?? '';
      quoted = true;
      i += 2;
    } else {
      delimiter += c;
      i++;
    }
  }
  if (!delimiter) fail(st, 'here-document without a delimiter');
  else st.heredocs.push({ delimiter, quoted, stripTabs });
  return i;
}

/** After a newline, consumes the bodies of pending here-documents (they are data, not commands). */
function readHeredocBodies(s: string, i: number, st: ScanState): number {
  while (st.heredocs.length) {
    const doc = st.heredocs.shift()!;
    let found = false;
    while (i < s.length) {
      let end = s.indexOf('\n', i);
      if (end < 0) end = s.length;
      const line = s.slice(i, end);
      i = Math.min(end + 1, s.length);
      if ((doc.stripTabs ? line.replace(/^\t+/, '') : line) === doc.delimiter) {
        found = true;
        break;
      }
      // An unquoted here-document expands `$(…)`: that would run commands we do not see.
      if (!doc.quoted && /\$\(|`/.test(line)) fail(st, 'command substitution inside a here-document');
    }
    if (!found) {
      fail(st, 'unterminated here-document');
      st.heredocs.length = 0;
      return s.length;
    }
  }
  return i;
}

/** Tokenises one simple command into words, assignments and redirection targets. */
export function shellWords(command: string): ShellWords {
  const words: string[] = [];
  const assignments: string[] = [];
  const redirects: string[] = [];
  let dynamic = false;
  let cur = '';
  let inWord = false;
  let redirectNext = false;
  const end = (): void => {
    if (!inWord) return;
    if (redirectNext) redirects.push(cur);
    else if (words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(cur)) assignments.push(cur);
    else words.push(cur);
    redirectNext = false;
    cur = '';
    inWord = false;
  };
  const s = command;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (/\s/.test(c)) {
      end();
    } else if (c === '\\') {
      if (s[i + 1] !== '\n') cur += s[i + 1] ?? '';
      i++;
      inWord = true;
    } else if (c === '$' && s[i + 1] === "'") {
      let j = i + 2;
      for (; j < s.length && s[j] !== "'"; j++) {
        if (s[j] === '\\') j++;
      }
      cur += s.slice(i + 2, j); // escapes left as written: only prefixes matter here
      i = j;
      inWord = true;
    } else if (c === "'") {
      const close = s.indexOf("'", i + 1);
      const stop = close < 0 ? s.length : close;
      cur += s.slice(i + 1, stop);
      i = stop;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === '\\' && /[$`"\\\n]/.test(s[j + 1] ?? '')) {
          cur += s[++j];
        } else {
          if (s[j] === '$' || s[j] === '`') dynamic = true;
          cur += s[j];
        }
      }
      i = j;
      inWord = true;
    } else if ((c === '>' || c === '<' || (c === '&' && s[i + 1] === '>')) && s[i + 1] !== '(') {
      if (inWord && /^\d+$/.test(cur)) {
        cur = ''; // `2>`: the digits name a file descriptor
        inWord = false;
      }
      end();
      let j = i + 1;
      while (j < s.length && /[>&|<]/.test(s[j])) j++;
      const op = s.slice(i, j);
      i = j - 1;
      if (op.endsWith('&') && /^[\d-]/.test(s[j] ?? '')) {
        while (j < s.length && /[\d-]/.test(s[j])) j++; // `2>&1`: duplication, no file
        i = j - 1;
      } else {
        redirectNext = true;
      }
    } else {
      if (c === '$' || c === '`') dynamic = true;
      cur += c;
      inWord = true;
    }
  }
  end();
  return { assignments, words, redirects, dynamic };
}
