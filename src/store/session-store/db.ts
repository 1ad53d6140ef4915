import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { AgentEvent } from '../../agent/events';
import { checkEvent, type SessionMeta } from './records';
import { foldMeta, newMeta } from './meta-fold';

// The session database and its migrations. One store per kind of record, so that appending an
// event is one small put and restoring a session is a handful of key-range reads:
//   sessions    SessionMeta, key id, index lastUsedAt
//   events      { sessionId, seq, event }, key [sessionId, seq] — append-only
//   files       { sessionId, path, data, mtimeMs }, key [sessionId, path] — the live workspace
//   checkpoints { sessionId, id, turnId, files: [path, hash][] }, key [sessionId, id]
//   blobs       { sessionId, hash, data }, key [sessionId, hash] — checkpoint contents, deduplicated
//   lease       { sessionId, writerId, heartbeatAt }, key sessionId — which tab may write
//   quarantine  records a migration could not read, kept rather than destroyed

export const DB_VERSION = 2;
export const DEFAULT_DB_NAME = 'tidepool-sessions';

/**
 * Version 1 (the first prototype) kept a whole session in one record, rewritten on every change:
 * `{ id, title, createdAt, updatedAt, model?, events: AgentEvent[], files: { [path]: text } }`.
 */
export interface V1SessionRecord {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  model?: string;
  events: AgentEvent[];
  files: Record<string, string>;
}

export interface StoreProblem {
  sessionId?: string;
  /** Which store the record came from. */
  store: string;
  reason: string;
}

export type SessionDb = IDBPDatabase;

/** Covers every compound key that starts with `sessionId` ([id] < [id, x] < [id, []] in IndexedDB's key order). */
export function sessionRange(sessionId: string): IDBKeyRange {
  return IDBKeyRange.bound([sessionId], [sessionId, []]);
}

const encoder = new TextEncoder();
const V1_ROOT = '/workspace';

/** Opens (creating or migrating) the session database. Problems met while migrating are returned, not thrown. */
export async function openSessionDb(
  name: string = DEFAULT_DB_NAME,
): Promise<{ db: SessionDb; problems: StoreProblem[] }> {
  const problems: StoreProblem[] = [];
  let migration: Promise<void> = Promise.resolve();
  const db = await openDB(name, DB_VERSION, {
    upgrade(database, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) database.createObjectStore('sessions', { keyPath: 'id' });
      if (oldVersion < 2) {
        tx.objectStore('sessions').createIndex('lastUsedAt', 'lastUsedAt');
        database.createObjectStore('events', { keyPath: ['sessionId', 'seq'] });
        database.createObjectStore('files', { keyPath: ['sessionId', 'path'] });
        database.createObjectStore('checkpoints', { keyPath: ['sessionId', 'id'] });
        database.createObjectStore('blobs', { keyPath: ['sessionId', 'hash'] });
        database.createObjectStore('lease', { keyPath: 'sessionId' });
        database.createObjectStore('quarantine', { autoIncrement: true });
        if (oldVersion === 1)
          migration = migrateV1(tx as unknown as IDBPTransaction<unknown, string[], 'versionchange'>, problems);
      }
    },
    blocking(_current, _blocked, event) {
      // A newer build in another tab wants to upgrade: step aside rather than block it forever.
      (event.target as IDBDatabase | null)?.close();
    },
  });
  await migration;
  return { db, problems };
}

/** Splits each v1 session into a meta record, its events and its files, inside the upgrade transaction. */
async function migrateV1(
  tx: IDBPTransaction<unknown, string[], 'versionchange'>,
  problems: StoreProblem[],
): Promise<void> {
  const sessions = tx.objectStore('sessions');
  const events = tx.objectStore('events');
  const files = tx.objectStore('files');
  const quarantine = tx.objectStore('quarantine');
  try {
    let cursor = await sessions.openCursor();
    while (cursor) {
      const old = cursor.value as Partial<V1SessionRecord> | undefined;
      const id = typeof old?.id === 'string' ? old.id : String(cursor.key);
      const reason = checkV1(old);
      if (reason) {
        problems.push({ sessionId: id, store: 'sessions', reason: `v1 session skipped: ${reason}` });
        void quarantine.put({ from: 'v1-session', reason, value: old });
        await cursor.delete();
      } else {
        const v1 = old as V1SessionRecord;
        const meta: SessionMeta = {
          ...newMeta(id, v1.createdAt, V1_ROOT),
          title: v1.title,
          updatedAt: v1.updatedAt,
          lastUsedAt: v1.updatedAt,
          model: v1.model ?? '',
        };
        const scratch = { turnText: '' };
        let seq = 0;
        for (const event of v1.events) {
          const checked = checkEvent(event);
          if (!checked.ok) {
            problems.push({ sessionId: id, store: 'events', reason: `v1 event ${seq} skipped: ${checked.reason}` });
            continue;
          }
          foldMeta(meta, checked.event, scratch, v1.updatedAt);
          void events.put({ sessionId: id, seq: seq++, event: checked.event });
        }
        // A v1 session cannot be mid-turn any more: its page is long gone.
        if (meta.status === 'running') meta.status = 'interrupted';
        meta.updatedAt = v1.updatedAt;
        meta.lastUsedAt = v1.updatedAt;
        for (const [path, text] of Object.entries(v1.files)) {
          const abs = path.startsWith('/') ? path : `${V1_ROOT}/${path}`;
          void files.put({ sessionId: id, path: abs, data: encoder.encode(text), mtimeMs: v1.updatedAt });
        }
        await cursor.update(meta);
      }
      cursor = await cursor.continue();
    }
  } catch (error) {
    problems.push({ store: 'sessions', reason: `migration from version 1 failed: ${String(error)}` });
    tx.abort();
    throw error;
  }
}

function checkV1(value: Partial<V1SessionRecord> | undefined): string | null {
  if (!value || typeof value !== 'object') return 'not an object';
  if (typeof value.id !== 'string' || !value.id) return 'no id';
  if (typeof value.title !== 'string') return 'title is not a string';
  if (typeof value.createdAt !== 'number' || typeof value.updatedAt !== 'number') return 'dates are not numbers';
  if (!Array.isArray(value.events)) return 'events is not a list';
  if (!value.files || typeof value.files !== 'object') return 'files is not an object';
  for (const [path, text] of Object.entries(value.files)) {
    if (typeof text !== 'string') return `file ${path} is not text`;
  }
  return null;
}
