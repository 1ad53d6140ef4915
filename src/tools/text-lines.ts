// Line arithmetic done by scanning with indexOf: no split() of whole files, so 1 MB stays in the low milliseconds.

/** Lines longer than this are cut in Read output. */
export const MAX_LINE_CHARS = 2000;

/** One line of `cat -n` output: number right-aligned to 6 columns, a tab, the text. */
export function numberedLine(lineNumber: number, text: string, maxChars: number = MAX_LINE_CHARS): string {
  const shown = text.length > maxChars ? `${text.slice(0, maxChars)}… [line truncated: ${text.length} chars]` : text;
  return `${String(lineNumber).padStart(6)}\t${shown}`;
}

/** Number of lines; a final newline does not start another line, and "" has none. */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let count = 0;
  let i = text.indexOf('\n');
  while (i !== -1) {
    count++;
    i = text.indexOf('\n', i + 1);
  }
  return text.endsWith('\n') ? count : count + 1;
}

/** Number of newlines in text[from, to). */
export function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  let i = text.indexOf('\n', from);
  while (i !== -1 && i < to) {
    count++;
    i = text.indexOf('\n', i + 1);
  }
  return count;
}

/** 1-based line number of the character at `index`. */
export function lineNumberAt(text: string, index: number): number {
  return countNewlines(text, 0, index) + 1;
}

/** Index where 1-based line `line` starts, or -1 when the text has fewer lines. */
export function lineStartIndex(text: string, line: number): number {
  let pos = 0;
  for (let n = 1; n < line; n++) {
    const nl = text.indexOf('\n', pos);
    if (nl === -1 || nl + 1 >= text.length) return -1;
    pos = nl + 1;
  }
  return line >= 1 && (pos < text.length || line === 1) ? pos : -1;
}

/** Up to `max` lines starting at 1-based `startLine`, without line terminators (a trailing \r is dropped). */
export function takeLines(text: string, startLine: number, max: number): string[] {
  const out: string[] = [];
  let pos = lineStartIndex(text, startLine);
  if (pos === -1 || text.length === 0) return out;
  while (out.length < max && pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    out.push(text.charCodeAt(end - 1) === 13 && end > pos ? text.slice(pos, end - 1) : text.slice(pos, end));
    pos = end + 1;
  }
  return out;
}

/** True when the first line break in the text is CRLF. */
export function usesCrlf(text: string): boolean {
  const nl = text.indexOf('\n');
  return nl > 0 && text.charCodeAt(nl - 1) === 13;
}

/** Keeps the head and tail of over-long output, saying how much was cut from the middle. */
export function truncateMiddle(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const head = Math.floor(maxChars * 0.4);
  const tail = maxChars - head;
  const cut = text.slice(head, text.length - tail);
  const cutLines = countNewlines(cut, 0, cut.length);
  return `${text.slice(0, head)}\n… [${cut.length} characters (${cutLines} lines) cut from the middle of the output] …\n${text.slice(text.length - tail)}`;
}

/** The UTF-8 encoded length of text, without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4; // a surrogate pair: one code point
      i++;
    } else bytes += 3; // the rest of the BMP; a lone surrogate encodes as U+FFFD, also 3 bytes
  }
  return bytes;
}
