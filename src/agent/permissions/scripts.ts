// The little languages inside read-only commands: a sed script can write (`w`, `s///w`), run
// (`e`, `s///e`) or read other files (`r`, `R`); an awk program can write (`print > f`), run
// (`system()`, `print | cmd`, `cmd | getline`) or load code (`@load`). These read a script the way
// the programs do, just far enough to say "only prints", and refuse anything they do not know.

const SED_SIMPLE = '=dDgGhHlnNpPxzFqQ';

/** Why a sed script is not print-only, or null when it only reads its input and prints. */
export function sedScriptProblem(script: string): string | null {
  let i = 0;
  const s = script;
  const skipBlank = (): void => {
    while (i < s.length && /[ \t]/.test(s[i])) i++;
  };
  /** Past a delimited part (`/re/`, `s/a/b/`): returns the index after the closing delimiter, or -1. */
  const delimited = (from: number, delim: string): number => {
    for (let j = from; j < s.length; j++) {
      if (s[j] === '\\') j++;
      else if (s[j] === delim) return j + 1;
      else if (s[j] === '\n' && delim !== '\n') return -1;
    }
    return -1;
  };
  const address = (): boolean => {
    if (/\d/.test(s[i] ?? '')) {
      while (/[\d~]/.test(s[i] ?? '')) i++;
    } else if (s[i] === '$') i++;
    else if (s[i] === '/' || s[i] === '\\') {
      const delim = s[i] === '\\' ? s[i + 1] : '/';
      const next = delimited(i + (s[i] === '\\' ? 2 : 1), delim);
      if (next < 0) return false;
      i = next;
      while (s[i] === 'I' || s[i] === 'M') i++;
    } else if (s[i] === '+' || s[i] === '~') {
      i++;
      while (/\d/.test(s[i] ?? '')) i++;
    }
    return true;
  };
  const endOfCommand = (): boolean => {
    skipBlank();
    return i >= s.length || s[i] === ';' || s[i] === '\n' || s[i] === '}' || s[i] === '#';
  };
  while (i < s.length) {
    while (i < s.length && /[\s;]/.test(s[i])) i++;
    if (i >= s.length) break;
    if (s[i] === '#') {
      while (i < s.length && s[i] !== '\n') i++;
      continue;
    }
    if (!address()) return 'an unterminated address';
    skipBlank();
    if (s[i] === ',') {
      i++;
      skipBlank();
      if (!address()) return 'an unterminated address';
      skipBlank();
    }
    while (s[i] === '!') {
      i++;
      skipBlank();
    }
    const c = s[i++];
    if (c === undefined) return 'an address without a command';
    if (c === '{' || c === '}') continue;
    if (SED_SIMPLE.includes(c)) {
      while (/\d/.test(s[i] ?? '')) i++; // `q5`, `l 40`
      if (!endOfCommand()) return `unexpected text after \`${c}\``;
      continue;
    }
    if (c === ':' || c === 'b' || c === 't' || c === 'T' || c === 'v') {
      while (i < s.length && s[i] !== '\n' && s[i] !== ';') i++;
      continue;
    }
    if (c === 'a' || c === 'i' || c === 'c') {
      // Text to print: to the end of the line, continued by a trailing backslash.
      while (i < s.length) {
        if (s[i] === '\\' && s[i + 1] === '\n') i += 2;
        else if (s[i] === '\n') break;
        else i++;
      }
      continue;
    }
    if (c === 's' || c === 'y') {
      const delim = s[i];
      if (!delim || delim === '\n' || delim === '\\') return `a malformed \`${c}\` command`;
      const afterPattern = delimited(i + 1, delim);
      const afterReplacement = afterPattern < 0 ? -1 : delimited(afterPattern, delim);
      if (afterReplacement < 0) return `an unterminated \`${c}\` command`;
      i = afterReplacement;
      if (c === 's') {
        while (/[gpiImM0-9eEwW]/.test(s[i] ?? '')) {
          if (s[i] === 'w' || s[i] === 'W') return 'the `w` flag of `s` writes a file';
          if (s[i] === 'e') return 'the `e` flag of `s` runs a command';
          i++;
        }
      }
      if (!endOfCommand()) return `unexpected text after \`${c}\``;
      continue;
    }
    if (c === 'w' || c === 'W') return `\`${c}\` writes a file`;
    if (c === 'e') return '`e` runs a command';
    if (c === 'r' || c === 'R') return `\`${c}\` reads another file`;
    return `\`${c}\` is not a sed command known to be safe`;
  }
  return null;
}

/** Why an awk program is not print-only, or null when it only reads its input and prints. */
export function awkProgramProblem(program: string): string | null {
  // String literals may hold anything; the rest is checked for the constructs that act outside awk.
  const code = program.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
  if (/[|>]/.test(code)) return 'an output redirection or pipe (`>`, `|`) in the awk program';
  if (/\bsystem\s*\(/.test(code)) return '`system()` in the awk program runs a command';
  if (/@\s*(load|include|namespace)/.test(code)) return '`@load`/`@include` in the awk program loads code';
  if (/\b(getline)\b/.test(code) && /</.test(code)) return '`getline <` in the awk program reads another file';
  return null;
}
