// One hunk of a unified diff, as data: what an Edit's result and `git diff` both hand the UI, so
// one view renders either and nobody parses patch text back.

export interface DiffHunk {
  /** 1-based first line of the range; for an empty range, the line the range would start at. */
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Each line starts with ' ' (context), '-', '+', or '\' (`\ No newline at end of file`). */
  lines: string[];
  /** The function (or other section) line git names after `@@`, when there is one. */
  section?: string;
}

/** A hunk's range as a unified diff's `@@` line writes it: `3,2`, `3` for one line, `2,0` when empty. */
export function hunkRange(start: number, count: number): string {
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

/** The `@@ -a,b +c,d @@ section` line of a hunk. */
export function hunkHeader(hunk: DiffHunk): string {
  const section = hunk.section ? ` ${hunk.section}` : '';
  return `@@ -${hunkRange(hunk.oldStart, hunk.oldLines)} +${hunkRange(hunk.newStart, hunk.newLines)} @@${section}`;
}
