import type { DiffHunk } from '../lib/diff-hunk';

// The hunks an edit made, with the file's real line numbers, for the result's details. Only the
// changed region (plus context) is diffed: a whole-file diff of a 400 KB file took 30–80 ms, too
// long for the page's main thread; trimming the common head and tail first is linear and cheap.

/** Beyond this many lines in the changed region the hunks are left out (the card says so). */
export const MAX_DIFF_REGION_LINES = 4000;

/** Index just after the `count`-th newline at or after `from` (or the end). */
function forwardLines(text: string, from: number, count: number): number {
  let pos = from;
  for (let n = 0; n < count && pos < text.length; n++) {
    const nl = text.indexOf('\n', pos);
    pos = nl === -1 ? text.length : nl + 1;
  }
  return pos;
}

/** Start of the line `count` lines above the line starting at `lineStart`. */
function backLines(text: string, lineStart: number, count: number): number {
  let pos = lineStart;
  for (let n = 0; n < count && pos > 0; n++) pos = text.lastIndexOf('\n', pos - 2) + 1;
  return pos;
}

function newlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * The unified-diff hunks turning `before` into `after` (`context` lines around each change), or
 * null when the changed region is too large to be worth diffing here. Loads `diff` on first use.
 */
export async function diffHunks(before: string, after: string, context = 3): Promise<DiffHunk[] | null> {
  if (before === after) return [];
  // Common head, backed up to a line start.
  const max = Math.min(before.length, after.length);
  let p = 0;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  const head = p === 0 ? 0 : before.lastIndexOf('\n', p - 1) + 1;
  // Common tail, not reaching into the head, moved forward to a line start.
  let s = 0;
  while (
    s < before.length - head &&
    s < after.length - head &&
    before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)
  )
    s++;
  // The first newline inside the common tail is a line end in both texts.
  const tail = s === 0 ? before.length : forwardLines(before, before.length - s, 1);

  const from = backLines(before, head, context);
  const endBefore = forwardLines(before, tail, context);
  const endAfter = after.length - (before.length - endBefore);
  const oldRegion = before.slice(from, endBefore);
  const newRegion = after.slice(from, endAfter);
  if (newlines(oldRegion, 0, oldRegion.length) + newlines(newRegion, 0, newRegion.length) > MAX_DIFF_REGION_LINES)
    return null;

  const { structuredPatch } = await import('diff');
  const offset = newlines(before, 0, from);
  return structuredPatch('a', 'b', oldRegion, newRegion, '', '', { context }).hunks.map((h) => ({
    oldStart: h.oldStart + offset,
    oldLines: h.oldLines,
    newStart: h.newStart + offset,
    newLines: h.newLines,
    lines: h.lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line)),
  }));
}
