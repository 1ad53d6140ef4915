// Storage quota: turn IndexedDB's QuotaExceededError into a typed error a person can act on,
// and wrap navigator.storage so the same calls no-op under Node.

export interface StorageEstimate {
  usedBytes: number;
  quotaBytes: number;
  /** True when the browser promised not to evict this origin's data. */
  persisted: boolean;
}

const MB = 1024 * 1024;

function formatMb(bytes: number): string {
  return bytes >= 10 * MB ? `${Math.round(bytes / MB)} MB` : `${(bytes / MB).toFixed(1)} MB`;
}

/** Thrown by the session store when a write did not fit. Nothing in memory is lost: the write can be retried. */
export class StorageFullError extends Error {
  readonly usedBytes: number | undefined;
  readonly quotaBytes: number | undefined;
  constructor(estimate?: { usedBytes: number; quotaBytes: number }) {
    const amount =
      estimate && estimate.quotaBytes > 0
        ? `: ${formatMb(estimate.usedBytes)} used of ${formatMb(estimate.quotaBytes)}`
        : '';
    super(`Storage is full${amount}; delete old sessions or export them, then retry.`);
    this.name = 'StorageFullError';
    this.usedBytes = estimate?.usedBytes;
    this.quotaBytes = estimate?.quotaBytes;
  }
}

/** IndexedDB reports a full quota as a QuotaExceededError DOMException, on the request or on the aborted transaction. */
export function isQuotaError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { name?: unknown; code?: unknown; inner?: unknown; cause?: unknown };
  if (e.name === 'QuotaExceededError' || e.code === 22) return true;
  // Firefox used NS_ERROR_DOM_QUOTA_REACHED before it adopted the standard name.
  if (e.name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
  return isQuotaError(e.cause) || isQuotaError(e.inner);
}

interface StorageManagerLike {
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
  persist?: () => Promise<boolean>;
  persisted?: () => Promise<boolean>;
}

function storageManager(): StorageManagerLike | undefined {
  const nav = (globalThis as { navigator?: { storage?: StorageManagerLike } }).navigator;
  return nav?.storage;
}

/** Usage and quota of this origin; zeros where the browser (or Node) cannot tell. */
export async function storageEstimate(): Promise<StorageEstimate> {
  const storage = storageManager();
  try {
    const [estimate, persisted] = await Promise.all([
      storage?.estimate ? storage.estimate() : Promise.resolve({} as { usage?: number; quota?: number }),
      storage?.persisted ? storage.persisted() : Promise.resolve(false),
    ]);
    return { usedBytes: estimate.usage ?? 0, quotaBytes: estimate.quota ?? 0, persisted };
  } catch {
    return { usedBytes: 0, quotaBytes: 0, persisted: false };
  }
}

/**
 * Asks the browser to keep this origin's data under storage pressure. Chromium grants it silently to
 * sites the user engages with; Firefox may prompt. Returns false where unsupported (Node, old Safari).
 */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = storageManager();
  if (!storage?.persist) return false;
  try {
    if (storage.persisted && (await storage.persisted())) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}

/** Maps a failed IndexedDB write to StorageFullError when it was the quota; other errors pass through. */
export async function asStorageError(error: unknown): Promise<unknown> {
  if (!isQuotaError(error)) return error;
  const estimate = await storageEstimate();
  return new StorageFullError(estimate.quotaBytes > 0 ? estimate : undefined);
}
