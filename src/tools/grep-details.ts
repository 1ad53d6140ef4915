// What Grep's card shows, beside the text the model reads. Its own file so the search engine
// (grep.ts and its helpers) and its result data change apart.

export interface GrepDetails {
  kind: 'grep';
  pattern: string;
  /** The file or directory searched, as a display path. */
  path: string;
  mode: 'files_with_matches' | 'content' | 'count';
  /**
   * The page the model was shown (offset, head_limit): matching files newest first, or in count
   * mode each file with its count. Empty in content mode, whose lines are the content itself.
   */
  files: Array<{ path: string; count?: number }>;
  /** Matching files (files mode), matches (count mode), or output lines found (content mode). */
  total: number;
  /** More results exist than the page holds. */
  truncated: boolean;
}

export interface GrepOutcome {
  pattern: string;
  path: string;
  mode: GrepDetails['mode'];
  /** Every result entry found (files, or files with counts); omitted in content mode. */
  entries?: GrepDetails['files'];
  /** Entries found, or output lines in content mode. */
  total: number;
  offset: number;
  /** 0 for no limit. */
  headLimit: number;
  /** The search stopped once the page was full, so more may exist. */
  stoppedEarly: boolean;
}

/** The details of one Grep page: the entries the model was shown, and whether more exist. */
export function grepDetails(outcome: GrepOutcome): GrepDetails {
  const end = outcome.headLimit === 0 ? Infinity : outcome.offset + outcome.headLimit;
  return {
    kind: 'grep',
    pattern: outcome.pattern,
    path: outcome.path,
    mode: outcome.mode,
    files: outcome.entries?.slice(outcome.offset, end) ?? [],
    total: outcome.total,
    truncated: outcome.stoppedEarly || (outcome.entries?.length ?? outcome.total) > end,
  };
}
