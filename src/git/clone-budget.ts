import type { RemoteError } from './remote-errors';

// A clone that would not fit in the browser's storage quota is refused before its first file is
// written, with words that say how much it needs and what can be done instead; so the tab never
// fills up half-way and fails on a save the user did not see.

const MB = 1024 * 1024;

/** The session store keeps each file plus its record; leave room for that and a margin. */
const OVERHEAD = 1.25;

export class StorageShortError extends Error {
  constructor(
    readonly neededBytes: number,
    readonly freeBytes: number,
  ) {
    super(
      `This repository needs about ${Math.ceil((neededBytes * OVERHEAD) / MB)} MB of browser storage; this site has ${Math.floor(freeBytes / MB)} MB left.`,
    );
    this.name = 'StorageShortError';
  }
}

export function storageShortError(error: StorageShortError): RemoteError {
  return {
    kind: 'too-large',
    message: error.message,
    hint: 'Free space by deleting or exporting old sessions and try again, clone one folder of it, or keep its files in memory only (they are not saved with the session); nothing was written.',
    remedies: ['folder', 'memory-only'],
  };
}

type Estimate = () => Promise<{ usage?: number; quota?: number }>;

function browserEstimate(): Estimate | null {
  const storage = (globalThis as { navigator?: { storage?: { estimate?: Estimate } } }).navigator?.storage;
  return storage?.estimate ? () => storage.estimate!() : null;
}

/** Null when `bytes` fit (or nothing is saved, or the browser does not say); else the error to show. */
export async function storageCheck(
  bytes: number,
  persist: boolean,
  estimate: Estimate | null = browserEstimate(),
): Promise<StorageShortError | null> {
  if (!persist || !estimate) return null;
  let free: number;
  try {
    const { usage = 0, quota } = await estimate();
    if (!quota) return null;
    free = Math.max(0, quota - usage);
  } catch {
    return null;
  }
  return bytes * OVERHEAD > free ? new StorageShortError(bytes, free) : null;
}
