import { countNewlines } from '../text-lines';

// Where a compiled search matches in one file's text: line by line as ripgrep does, or whole
// matches in multiline mode.

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
export function scanMatches(text: string, re: RegExp, visit: (first: number, last: number) => boolean): number {
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
