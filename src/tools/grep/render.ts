// How Grep prints what it found: ripgrep's path:line:text lines with context, clipped lines.

const MAX_LINE_CHARS = 500;

/** A line as printed: without its CR, cut at MAX_LINE_CHARS with a note. */
export function clip(line: string): string {
  const s = line.endsWith('\r') ? line.slice(0, -1) : line;
  return s.length > MAX_LINE_CHARS ? `${s.slice(0, MAX_LINE_CHARS)} [… line truncated, ${s.length} chars]` : s;
}

/** Renders matched lines with context as ripgrep does: `path:n:text` for matches, `path-n-text` for context, `--` between groups. */
export function renderContent(
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

export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export const MAX_GREP_OUTPUT_CHARS = 30_000;

export interface PageOptions {
  offset: number;
  /** 0 = unlimited. */
  headLimit: number;
  /** The search stopped before the end, so more entries exist than were collected. */
  stoppedEarly: boolean;
}

/** One page of entries (offset, head_limit), cut to the output cap, with a note on how to get the next page. */
export function renderPage(entries: string[], unit: string, { offset, headLimit, stoppedEarly }: PageOptions): string {
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
}
