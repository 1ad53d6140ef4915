import type { IDBPTransaction } from 'idb';
import { asStorageError, isQuotaError } from '../quota';
import type { SessionDb, StoreProblem } from './db';

// What the parts of the session store share: the database, who this tab is as a writer, the
// clock, the problems report, and one way to write (a transaction that checks the lease).

export type WriteTx = IDBPTransaction<unknown, string[], 'readwrite'>;

export interface StoreContext {
  readonly db: SessionDb;
  /** Identifies this tab as a writer (see lease.ts). */
  readonly writerId: string;
  /** A lease not refreshed for this long may be taken by another tab. */
  readonly staleMs: number;
  readonly now: () => number;
  /** Problems met while opening (migration) and listing; loadSession reports its own. */
  readonly problems: StoreProblem[];
  report(problem: StoreProblem): void;
  /**
   * Runs `body` in a readwrite transaction. With a session id, the lease is checked (and taken or
   * refreshed) in the same transaction, so a tab that lost the session cannot write to it.
   * Quota failures come out as StorageFullError.
   */
  write(stores: string[], body: (tx: WriteTx) => Promise<void>, sessionId?: string): Promise<void>;
}

export const ALL_STORES = ['sessions', 'events', 'files', 'checkpoints', 'blobs', 'lease'] as const;

/** The transaction behind `StoreContext.write`; `check` runs first inside it (the lease check). */
export async function transact(
  db: SessionDb,
  stores: string[],
  body: (tx: WriteTx) => Promise<void>,
  check?: (tx: WriteTx) => Promise<void>,
): Promise<void> {
  const tx = db.transaction(stores, 'readwrite') as unknown as WriteTx;
  const done = tx.done;
  done.catch(() => undefined);
  try {
    if (check) await check(tx);
    await body(tx);
    await done;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // already finished or aborted
    }
    // A quota failure at commit aborts the transaction: its requests fail with a bare AbortError
    // while the transaction's own error says QuotaExceededError. Report the telling one.
    const txError = await done.then(
      () => null,
      (e: unknown) => e,
    );
    throw await asStorageError(isQuotaError(txError) ? txError : error);
  }
}

export function randomId(prefix: string): string {
  const uuid = (globalThis.crypto as Crypto | undefined)?.randomUUID?.();
  return `${prefix}_${uuid ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`}`;
}
