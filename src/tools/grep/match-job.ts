import { splitLines } from './render';
import { scanLines, scanMatches } from './scan';

// The part of Grep that runs the model's regex: plain data in, plain data out, so it can run in
// the search worker (match-worker.ts) where a pattern that backtracks forever cannot freeze the
// tab, or inline where there is no worker.

/** One batch of files to match; crosses postMessage, so only plain data. */
export interface MatchJob {
  /** RegExp source and flags as compileSearch chose them (flags include g and m). */
  source: string;
  flags: string;
  /** Matches may span lines; they are counted one by one. */
  multiline: boolean;
  /** `first`: a file's first match is enough (files_with_matches). */
  want: 'first' | 'all';
  /** Also collect each non-empty match (content mode with -o). */
  onlyMatching: boolean;
  texts: string[];
}

export interface FileMatches {
  /** Lines that match, ascending, 1-based; in multiline mode every line a match spans. */
  lines: number[];
  /** Matching lines, or in multiline mode matches. */
  count: number;
  /** With onlyMatching: each non-empty match with its line. */
  parts?: Array<[line: number, text: string]>;
}

export function runMatchJob(job: MatchJob): FileMatches[] {
  const re = new RegExp(job.source, job.flags);
  const lineRe = new RegExp(job.source, job.flags);
  return job.texts.map((text) => matchFile(text, job, re, lineRe));
}

function matchFile(text: string, job: MatchJob, re: RegExp, lineRe: RegExp): FileMatches {
  const lines: number[] = [];
  if (job.want === 'first') {
    if (job.multiline) scanMatches(text, re, (first) => (lines.push(first), false));
    else scanLines(text, re, lineRe, (line) => (lines.push(line), false));
    return { lines, count: lines.length };
  }
  let count = 0;
  if (job.multiline) {
    count = scanMatches(text, re, (first, last) => {
      for (let l = Math.max(first, (lines[lines.length - 1] ?? 0) + 1); l <= last; l++) lines.push(l);
      return true;
    });
  } else {
    scanLines(text, re, lineRe, (line) => (lines.push(line), true));
    count = lines.length;
  }
  if (!job.onlyMatching || lines.length === 0) return { lines, count };
  const all = splitLines(text);
  const parts: Array<[number, string]> = [];
  for (const l of lines) {
    lineRe.lastIndex = 0;
    for (const m of (all[l - 1] ?? '').matchAll(lineRe)) if (m[0] !== '') parts.push([l, m[0]]);
  }
  return { lines, count, parts };
}
