// What one tab takes in from a remote, for clone, open-by-URL, fetch and pull alike: a download
// cap (http.ts stops the stream past it), and caps on what the objects inflate to (a small pack
// can inflate to gigabytes), counted as files and bytes of the tree that lands.

/** Stop and report `too-large` past this many downloaded bytes. */
export const DEFAULT_MAX_BYTES = 300 * 1024 * 1024;

export const CHECKOUT_LIMITS = { files: 100_000, bytes: 1024 * 1024 * 1024 };

export interface RemoteLimits {
  /** Downloaded bytes (default DEFAULT_MAX_BYTES). */
  maxBytes?: number;
  /** Files in a fetched tree (default CHECKOUT_LIMITS.files). */
  files?: number;
  /** Bytes of a fetched tree once inflated (default CHECKOUT_LIMITS.bytes). */
  bytes?: number;
}

/** A tree past a limit; clone and fetch report it as `too-large`. */
export class CheckoutLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckoutLimitError';
  }
}

export function tooManyFiles(count: number, max: number): CheckoutLimitError {
  return new CheckoutLimitError(
    `The repository has ${count.toLocaleString('en')} files; a tab holds at most ${max.toLocaleString('en')}.`,
  );
}

export function tooManyBytes(max: number): CheckoutLimitError {
  return new CheckoutLimitError(
    `The repository's files come to more than ${Math.round(max / 1024 / 1024)} MB unpacked, more than a tab can hold.`,
  );
}

export const TOO_LARGE_HINT =
  'Open a smaller repository (or one folder of it), or work on it with git on your own machine.';

/** The page's words: it can clone one folder instead (sparse-folder.ts). */
export const TOO_LARGE_FOLDER_HINT =
  'Clone just one folder of it, open a smaller repository, or work on it with git on your own machine.';
