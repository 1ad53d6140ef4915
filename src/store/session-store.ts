import type { IDBPTransaction } from 'idb';
import type { AgentEvent } from '../agent/events';
import type { Workspace } from '../workspace/types';
import { DEFAULT_DB_NAME, openSessionDb, sessionRange, type SessionDb, type StoreProblem } from './db';
import { asStorageError, isQuotaError } from './quota';
import {
  blobRecordSchema,
  checkEvent,
  checkpointRecordSchema,
  describeIssue,
  eventRecordSchema,
  fileRecordSchema,
  sessionMetaSchema,
  type BlobRecord,
  type CheckpointRecord,
  type EventRecord,
  type FileRecord,
  type LeaseRecord,
  type SessionMeta,
} from './records';
import { foldMeta, newMeta } from './session-meta';

export type { SessionMeta, CheckpointRecord, SessionStatus } from './records';
export type { StoreProblem } from './db';
export { StorageFullError, storageEstimate, requestPersistentStorage, isQuotaError } from './quota';

/** What the session list shows: the meta record without its search text. */
export type SessionSummary = Omit<SessionMeta, 'searchText'>;

export interface StoredFile {
  path: string;
  data: Uint8Array;
  mtimeMs: number;
}

export interface StoredCheckpoint {
  id: string;
  turnId: string;
  createdAt: number;
  label: string;
  files: [string, string][];
  /** [size, mtimeMs] of each file when it was taken, in the order of `files`. */
  stats?: [number, number][];
}

export interface LoadedSession {
  meta: SessionMeta;
  events: AgentEvent[];
  files: StoredFile[];
  /** Records that failed validation and were skipped. */
  problems: StoreProblem[];
  /** Another tab holds the writer lease right now: follow it, or take over with claimSession({ force }). */
  writtenElsewhere: boolean;
}

/** A whole session as plain data: what import and fork write in one transaction. */
export interface SessionData {
  meta: SessionMeta;
  events: AgentEvent[];
  files: StoredFile[];
  checkpoints?: StoredCheckpoint[];
  blobs?: { hash: string; data: Uint8Array }[];
}

export interface SessionStoreOptions {
  /** Database name; tests use a fresh one each. */
  name?: string;
  /** Identifies this tab as a writer. Keep it in sessionStorage so a reload of the same tab keeps its lease. */
  writerId?: string;
  /** A lease not refreshed for this long may be taken by another tab (default 30 s). */
  leaseStaleMs?: number;
  /** Clock, injectable for lease tests. */
  now?: () => number;
}

export interface WorkspaceAttachment {
  /** Writes the changes seen so far. Rejects with StorageFullError when they did not fit (they stay queued). */
  flush(): Promise<void>;
  /** Flushes and stops watching. */
  detach(): Promise<void>;
}

export interface RemoteChange {
  sessionId: string;
  kind: 'events' | 'files' | 'meta' | 'deleted' | 'created';
  writerId: string;
}

/** Another tab writes this session. The write was not made; nothing in memory is lost. */
export class SessionLockedError extends Error {
  readonly holder: string;
  constructor(sessionId: string, holder: string, reason = 'is being written by another tab') {
    super(`Session ${sessionId} ${reason}. Reload to follow it there, or take it over here.`);
    this.name = 'SessionLockedError';
    this.holder = holder;
  }
}

interface Pending {
  event: AgentEvent;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Per-session write state: the meta folded so far and the events not yet committed. */
interface Writer {
  sessionId: string;
  meta: SessionMeta;
  nextSeq: number;
  scratch: { turnText: string };
  metaVersion: number;
  writtenMetaVersion: number;
  queue: Pending[];
  pumping: Promise<void> | null;
  /** Set once another tab took the session: every later write fails fast with it. */
  locked: SessionLockedError | null;
  /** True once this writer verified the lease and the log's end itself. */
  verified: boolean;
  /** Why the last write failed (cleared when a retry starts). */
  lastError: unknown;
}

const BATCH_MAX = 1000;
const ALL_STORES = ['sessions', 'events', 'files', 'checkpoints', 'blobs', 'lease'] as const;

function randomId(prefix: string): string {
  const uuid = (globalThis.crypto as Crypto | undefined)?.randomUUID?.();
  return `${prefix}_${uuid ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`}`;
}

/** Opens the session store (creating or migrating the database). */
export async function openSessionStore(options: SessionStoreOptions | string = {}): Promise<SessionStore> {
  const opts = typeof options === 'string' ? { name: options } : options;
  const { db, problems } = await openSessionDb(opts.name ?? DEFAULT_DB_NAME);
  return new SessionStore(db, opts, problems);
}

/**
 * Sessions in IndexedDB, written incrementally: an event is one put in `events` (events emitted in
 * the same tick share a transaction), file changes are coalesced per path, checkpoints share
 * blobs by hash. One tab writes a session at a time (see claimSession); the others are told.
 */
export class SessionStore {
  readonly name: string;
  readonly writerId: string;
  /** Problems met while opening (migration) and listing; loadSession reports its own. */
  readonly problems: StoreProblem[];
  private readonly db: SessionDb;
  private readonly staleMs: number;
  private readonly now: () => number;
  private readonly writers = new Map<string, Promise<Writer>>();
  private readonly attachments = new Set<WorkspaceAttachment>();
  private readonly heartbeats = new Set<ReturnType<typeof setInterval>>();
  private channel: BroadcastChannel | null = null;
  private readonly remoteListeners = new Set<(change: RemoteChange) => void>();

  constructor(db: SessionDb, options: SessionStoreOptions, problems: StoreProblem[] = []) {
    this.db = db;
    this.name = options.name ?? DEFAULT_DB_NAME;
    this.writerId = options.writerId ?? randomId('writer');
    this.staleMs = options.leaseStaleMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.problems = [...problems];
  }

  // ── sessions ────────────────────────────────────────────────────────────

  async createSession(
    init: { id?: string; title?: string; model?: string; root?: string; rules?: SessionMeta['rules'] } = {},
  ): Promise<SessionMeta> {
    const meta = newMeta(init.id ?? randomId('session'), this.now(), init.root ?? '/workspace');
    if (init.title) meta.title = init.title;
    if (init.model) meta.model = init.model;
    if (init.rules) meta.rules = { allow: [...init.rules.allow], ask: [...init.rules.ask], deny: [...init.rules.deny] };
    await this.write(['sessions'], async (tx) => {
      if (await tx.objectStore('sessions').get(meta.id))
        throw new Error(`A session with id ${meta.id} already exists.`);
      await tx.objectStore('sessions').put(meta);
    });
    this.post(meta.id, 'created');
    return meta;
  }

  async getSession(sessionId: string): Promise<SessionMeta | undefined> {
    const cached = await this.cachedWriter(sessionId);
    if (cached) return structuredClone(cached.meta);
    const raw = await this.db.get('sessions', sessionId);
    if (raw === undefined) return undefined;
    const parsed = sessionMetaSchema.safeParse(raw);
    return parsed.success ? (parsed.data as SessionMeta) : undefined;
  }

  /** Most recently used first. `search` matches every word against the title and the session's text. */
  async listSessions(options: { search?: string; limit?: number } = {}): Promise<SessionSummary[]> {
    // The whole store rather than the lastUsedAt index: a damaged record missing that field must be reported, not invisible.
    const raw = (await this.db.getAll('sessions')) as unknown[];
    const metas: SessionMeta[] = [];
    for (const record of raw) {
      const parsed = sessionMetaSchema.safeParse(record);
      if (parsed.success) metas.push(parsed.data as SessionMeta);
      else
        this.report({
          sessionId: (record as { id?: string })?.id,
          store: 'sessions',
          reason: `session record skipped: ${describeIssue(parsed.error)}`,
        });
    }
    metas.sort((a, b) => b.lastUsedAt - a.lastUsedAt);
    const terms = (options.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const out: SessionSummary[] = [];
    for (const meta of metas) {
      if (terms.length) {
        const haystack = `${meta.title}\n${meta.searchText}`.toLowerCase();
        if (!terms.every((t) => haystack.includes(t))) continue;
      }
      const { searchText: _omit, ...summary } = meta;
      out.push(summary);
      if (options.limit && out.length >= options.limit) break;
    }
    return out;
  }

  /** The session used last, for "continue where I left off". */
  async lastSession(): Promise<SessionSummary | undefined> {
    return (await this.listSessions({ limit: 1 }))[0];
  }

  async renameSession(sessionId: string, title: string): Promise<void> {
    await this.updateMeta(sessionId, (meta) => {
      meta.title = title.trim() || meta.title;
      meta.updatedAt = this.now();
    });
  }

  /** Marks the session as just opened, so it tops the list. */
  async touchSession(sessionId: string): Promise<void> {
    await this.updateMeta(sessionId, (meta) => {
      meta.lastUsedAt = this.now();
    });
  }

  /** Deletes the session and everything that belongs to it: events, files, checkpoints, blobs, lease. */
  async deleteSession(sessionId: string): Promise<void> {
    const cached = await this.cachedWriter(sessionId);
    if (cached) {
      cached.locked = new SessionLockedError(sessionId, this.writerId, 'was deleted');
      for (const p of cached.queue.splice(0)) p.reject(cached.locked);
    }
    this.forgetWriter(sessionId);
    const tx = this.db.transaction([...ALL_STORES], 'readwrite');
    const range = sessionRange(sessionId);
    await Promise.all([
      tx.objectStore('sessions').delete(sessionId),
      tx.objectStore('lease').delete(sessionId),
      tx.objectStore('events').delete(range),
      tx.objectStore('files').delete(range),
      tx.objectStore('checkpoints').delete(range),
      tx.objectStore('blobs').delete(range),
      tx.done,
    ]).catch(async (error) => {
      throw await asStorageError(error);
    });
    this.post(sessionId, 'deleted');
  }

  // ── events ──────────────────────────────────────────────────────────────

  /**
   * Appends one event. Resolves once it is committed. Events appended in the same tick share one
   * transaction; consecutive text/argument/output deltas are merged into one record (replay is identical).
   * On StorageFullError the event stays queued: the next append or `flush` retries it.
   */
  appendEvent(sessionId: string, event: AgentEvent): Promise<void> {
    return this.writer(sessionId).then(
      (w) =>
        new Promise<void>((resolve, reject) => {
          if (w.locked) return reject(w.locked);
          if (foldMeta(w.meta, event, w.scratch, this.now())) w.metaVersion++;
          w.queue.push({ event, resolve, reject });
          this.schedule(w);
        }),
    );
  }

  /** Waits for every queued write of the session (or of all sessions) and retries failed ones. Rejects if they still fail. */
  async flush(sessionId?: string): Promise<void> {
    const ids = sessionId ? [sessionId] : [...this.writers.keys()];
    for (const id of ids) {
      const w = await this.cachedWriter(id);
      if (!w) continue;
      await this.drain(w);
    }
  }

  /** Events waiting to be written (after a full disk, say). */
  pendingWrites(sessionId: string): number {
    return this.writersResolved.get(sessionId)?.queue.length ?? 0;
  }

  async loadSession(sessionId: string): Promise<LoadedSession | null> {
    await this.flush(sessionId).catch(() => undefined);
    const tx = this.db.transaction(['sessions', 'events', 'files', 'lease'], 'readonly');
    const range = sessionRange(sessionId);
    const [rawMeta, rawEvents, rawFiles, lease] = await Promise.all([
      tx.objectStore('sessions').get(sessionId),
      tx.objectStore('events').getAll(range),
      tx.objectStore('files').getAll(range),
      tx.objectStore('lease').get(sessionId) as Promise<LeaseRecord | undefined>,
      tx.done,
    ]);
    if (rawMeta === undefined) return null;
    const problems: StoreProblem[] = [];
    const parsedMeta = sessionMetaSchema.safeParse(rawMeta);
    let meta: SessionMeta;
    if (parsedMeta.success) meta = parsedMeta.data as SessionMeta;
    else {
      // The log is the truth; a damaged meta record only costs the list its details.
      problems.push({
        sessionId,
        store: 'sessions',
        reason: `session record damaged (${describeIssue(parsedMeta.error)}); rebuilt from defaults`,
      });
      meta = newMeta(sessionId, this.now(), '/workspace');
      meta.title =
        typeof (rawMeta as { title?: unknown })?.title === 'string'
          ? (rawMeta as { title: string }).title
          : 'Recovered session';
    }
    const events: AgentEvent[] = [];
    for (const record of rawEvents as unknown[]) {
      const event = readEventRecord(record);
      if (event.ok) events.push(event.event);
      else problems.push({ sessionId, store: 'events', reason: event.reason });
    }
    const files: StoredFile[] = [];
    for (const record of rawFiles as unknown[]) {
      const parsed = fileRecordSchema.safeParse(record);
      if (parsed.success) files.push({ path: parsed.data.path, data: parsed.data.data, mtimeMs: parsed.data.mtimeMs });
      else
        problems.push({
          sessionId,
          store: 'files',
          reason: `file ${describePath(record)} skipped: ${describeIssue(parsed.error)}`,
        });
    }
    const writtenElsewhere =
      !!lease && lease.writerId !== this.writerId && this.now() - lease.heartbeatAt < this.staleMs;
    const live = this.writersResolved.get(sessionId);
    if (meta.status === 'running' && !writtenElsewhere && !(live && live.meta.status === 'running'))
      meta.status = 'interrupted';
    return { meta, events, files, problems, writtenElsewhere };
  }

  /**
   * Removes the turn `turnId` and everything after it from the log (rewind of the conversation).
   * Returns how many records went; 0 when the turn is not in the log.
   */
  async truncateFromTurn(sessionId: string, turnId: string): Promise<number> {
    await this.flush(sessionId);
    const w = await this.writer(sessionId);
    let removed = 0;
    let fromSeq = -1;
    await this.write(
      ['events', 'sessions'],
      async (tx) => {
        const store = tx.objectStore('events');
        let cursor = await store.openCursor(sessionRange(sessionId), 'prev');
        while (cursor) {
          const event = (cursor.value as EventRecord).event;
          if (event.type === 'turn-started' && event.turnId === turnId) {
            fromSeq = (cursor.value as EventRecord).seq;
            break;
          }
          cursor = await cursor.continue();
        }
        if (fromSeq < 0) return;
        const range = IDBKeyRange.bound([sessionId, fromSeq], [sessionId, Infinity]);
        removed = await store.count(range);
        await store.delete(range);
        w.meta.status = 'idle';
        w.meta.updatedAt = this.now();
        await tx.objectStore('sessions').put(w.meta);
      },
      sessionId,
    );
    if (fromSeq >= 0) {
      w.nextSeq = fromSeq;
      w.scratch.turnText = '';
      w.writtenMetaVersion = w.metaVersion;
      this.post(sessionId, 'events');
    }
    return removed;
  }

  // ── files ───────────────────────────────────────────────────────────────

  async loadFiles(sessionId: string): Promise<StoredFile[]> {
    return (await this.loadSession(sessionId))?.files ?? [];
  }

  /** Writes files (all in one transaction). With `replace`, stored files not in the list are removed. */
  async saveFiles(
    sessionId: string,
    files: StoredFile[],
    options: { replace?: boolean; removed?: string[] } = {},
  ): Promise<void> {
    await this.write(
      ['files'],
      async (tx) => {
        const store = tx.objectStore('files');
        if (options.replace) await store.delete(sessionRange(sessionId));
        for (const path of options.removed ?? []) {
          void store.delete([sessionId, path]);
          void store.delete(IDBKeyRange.bound([sessionId, `${path}/`], [sessionId, `${path}/\uffff`]));
        }
        await Promise.all(
          files.map((f) =>
            store.put({ sessionId, path: f.path, data: f.data, mtimeMs: f.mtimeMs } satisfies FileRecord),
          ),
        );
      },
      sessionId,
    );
    this.post(sessionId, 'files');
  }

  /**
   * Persists the workspace's file changes as they happen: paths seen in `watch` are coalesced and
   * written after `debounceMs` of quiet (or on `flush`). `fullSync` first writes the whole tree.
   */
  attachWorkspace(
    sessionId: string,
    workspace: Workspace,
    options: { debounceMs?: number; fullSync?: boolean; onError?: (error: unknown) => void } = {},
  ): WorkspaceAttachment {
    const debounceMs = options.debounceMs ?? 150;
    const dirty = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let running: Promise<void> = Promise.resolve();
    let detached = false;

    const flushNow = (): Promise<void> => {
      if (timer) clearTimeout(timer);
      timer = null;
      running = running
        .catch(() => undefined)
        .then(async () => {
          if (!dirty.size) return;
          const paths = [...dirty];
          dirty.clear();
          try {
            await this.persistPaths(sessionId, workspace, paths);
          } catch (error) {
            for (const p of paths) dirty.add(p); // kept for the retry
            throw error;
          }
        });
      return running;
    };
    const schedule = (): void => {
      if (detached) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        flushNow().catch((error) => options.onError?.(error));
      }, debounceMs);
    };
    const unwatch = workspace.watch((changes) => {
      for (const change of changes) {
        if (change.type === 'renamed') {
          dirty.add(change.from);
          dirty.add(change.to);
        } else dirty.add(change.path);
      }
      schedule();
    });
    if (options.fullSync) {
      dirty.add(workspace.root);
      schedule();
    }
    const attachment: WorkspaceAttachment = {
      flush: flushNow,
      detach: async () => {
        detached = true;
        unwatch();
        this.attachments.delete(attachment);
        await flushNow();
      },
    };
    this.attachments.add(attachment);
    return attachment;
  }

  /** Reads the current state of each path from the workspace and mirrors it into `files`. */
  private async persistPaths(sessionId: string, workspace: Workspace, paths: string[]): Promise<void> {
    const puts: StoredFile[] = [];
    const deletes: string[] = [];
    const dirs: string[] = [];
    for (const path of paths) {
      const stat = await workspace.stat(path).catch(() => null);
      if (!stat) deletes.push(path);
      else if (stat.kind === 'file') {
        const data = await workspace.readFile(path).catch(() => null);
        if (data) puts.push({ path: stat.path, data, mtimeMs: stat.mtimeMs });
      } else {
        dirs.push(stat.path);
        for (const file of await workspace.listFiles(stat.path)) {
          const [fileStat, data] = await Promise.all([
            workspace.stat(file),
            workspace.readFile(file).catch(() => null),
          ]);
          if (fileStat && data) puts.push({ path: file, data, mtimeMs: fileStat.mtimeMs });
        }
      }
    }
    await this.write(
      ['files'],
      async (tx) => {
        const store = tx.objectStore('files');
        const ops: Promise<unknown>[] = [];
        for (const path of deletes) {
          ops.push(store.delete([sessionId, path]));
          ops.push(store.delete(IDBKeyRange.bound([sessionId, `${path}/`], [sessionId, `${path}/\uffff`])));
        }
        if (dirs.length) {
          // A directory that changed (renamed in, restored, first sync): drop stored files it no longer has.
          const present = new Set(puts.map((f) => f.path));
          for (const dir of dirs) {
            const lower = dir === '/' ? '/' : `${dir}/`;
            const keys = (await store.getAllKeys(
              IDBKeyRange.bound([sessionId, lower], [sessionId, `${lower}\uffff`]),
            )) as [string, string][];
            for (const key of keys) if (!present.has(key[1])) ops.push(store.delete(key));
          }
        }
        for (const f of puts)
          ops.push(store.put({ sessionId, path: f.path, data: f.data, mtimeMs: f.mtimeMs } satisfies FileRecord));
        await Promise.all(ops);
      },
      sessionId,
    );
    this.post(sessionId, 'files');
  }

  // ── checkpoints ─────────────────────────────────────────────────────────

  /** Saves a checkpoint and the blobs it introduces, in one transaction. */
  async saveCheckpoint(
    sessionId: string,
    checkpoint: StoredCheckpoint,
    newBlobs: Map<string, Uint8Array>,
  ): Promise<void> {
    await this.write(
      ['checkpoints', 'blobs'],
      async (tx) => {
        const blobs = tx.objectStore('blobs');
        const ops: Promise<unknown>[] = [];
        for (const [hash, data] of newBlobs) ops.push(blobs.put({ sessionId, hash, data } satisfies BlobRecord));
        ops.push(tx.objectStore('checkpoints').put({ sessionId, ...checkpoint } satisfies CheckpointRecord));
        await Promise.all(ops);
      },
      sessionId,
    );
  }

  /** Oldest first. Damaged records are skipped and reported in `problems`. */
  async listCheckpoints(sessionId: string): Promise<StoredCheckpoint[]> {
    const raw = await this.db.getAll('checkpoints', sessionRange(sessionId));
    const out: StoredCheckpoint[] = [];
    for (const record of raw) {
      const parsed = checkpointRecordSchema.safeParse(record);
      if (!parsed.success) {
        this.report({ sessionId, store: 'checkpoints', reason: `checkpoint skipped: ${describeIssue(parsed.error)}` });
        continue;
      }
      const { sessionId: _s, ...checkpoint } = parsed.data;
      out.push(checkpoint as StoredCheckpoint);
    }
    return out.sort((a, b) => a.createdAt - b.createdAt);
  }

  async loadCheckpoint(sessionId: string, checkpointId: string): Promise<StoredCheckpoint | undefined> {
    const parsed = checkpointRecordSchema.safeParse(await this.db.get('checkpoints', [sessionId, checkpointId]));
    if (!parsed.success) return undefined;
    const { sessionId: _s, ...checkpoint } = parsed.data;
    return checkpoint as StoredCheckpoint;
  }

  async getBlob(sessionId: string, hash: string): Promise<Uint8Array | undefined> {
    const parsed = blobRecordSchema.safeParse(await this.db.get('blobs', [sessionId, hash]));
    return parsed.success ? parsed.data.data : undefined;
  }

  async blobHashes(sessionId: string): Promise<Set<string>> {
    const keys = (await this.db.getAllKeys('blobs', sessionRange(sessionId))) as [string, string][];
    return new Set(keys.map((k) => k[1]));
  }

  /** Deletes checkpoints and the blobs no remaining checkpoint of the session refers to. */
  async deleteCheckpoints(sessionId: string, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.write(
      ['checkpoints', 'blobs'],
      async (tx) => {
        const checkpoints = tx.objectStore('checkpoints');
        await Promise.all(ids.map((id) => checkpoints.delete([sessionId, id])));
        const remaining = (await checkpoints.getAll(sessionRange(sessionId))) as CheckpointRecord[];
        const used = new Set<string>();
        for (const cp of remaining) for (const [, hash] of cp.files ?? []) used.add(hash);
        const blobs = tx.objectStore('blobs');
        const keys = (await blobs.getAllKeys(sessionRange(sessionId))) as [string, string][];
        await Promise.all(keys.filter((k) => !used.has(k[1])).map((k) => blobs.delete(k)));
      },
      sessionId,
    );
  }

  // ── whole sessions (import, fork) ──────────────────────────────────────

  /** Writes a complete session in one transaction: all of it lands, or none. The id must be free. */
  async createSessionFrom(data: SessionData): Promise<SessionMeta> {
    const sessionId = data.meta.id;
    const meta: SessionMeta = {
      ...structuredClone(data.meta),
      status: data.meta.status === 'running' ? 'interrupted' : data.meta.status,
    };
    await this.write(
      [...ALL_STORES],
      async (tx) => {
        if (await tx.objectStore('sessions').get(sessionId))
          throw new Error(`A session with id ${sessionId} already exists.`);
        const ops: Promise<unknown>[] = [tx.objectStore('sessions').put(meta)];
        const events = tx.objectStore('events');
        data.events.forEach((event, seq) => ops.push(events.put({ sessionId, seq, event } satisfies EventRecord)));
        const files = tx.objectStore('files');
        for (const f of data.files)
          ops.push(files.put({ sessionId, path: f.path, data: f.data, mtimeMs: f.mtimeMs } satisfies FileRecord));
        for (const cp of data.checkpoints ?? [])
          ops.push(tx.objectStore('checkpoints').put({ sessionId, ...cp } satisfies CheckpointRecord));
        for (const b of data.blobs ?? [])
          ops.push(tx.objectStore('blobs').put({ sessionId, hash: b.hash, data: b.data } satisfies BlobRecord));
        await Promise.all(ops);
      },
      sessionId,
    );
    this.post(sessionId, 'created');
    return meta;
  }

  /** Checks whether an id is taken (import keeps the exported id when it is free). */
  async hasSession(sessionId: string): Promise<boolean> {
    return (await this.db.count('sessions', sessionId)) > 0;
  }

  // ── two tabs ────────────────────────────────────────────────────────────

  /**
   * Takes the writer lease of a session. Fails (without `force`) while another tab's lease is fresh.
   * With `heartbeatMs`, the lease is refreshed on a timer and `onLost` fires if another tab takes it.
   * In the browser, also hold a Web Lock (`navigator.locks`) named after the session when available:
   * the lease record is what makes a second writer detectable even where locks are missing.
   */
  async claimSession(
    sessionId: string,
    options: { force?: boolean; heartbeatMs?: number; onLost?: (holder: string) => void } = {},
  ): Promise<{ ok: true; release: () => Promise<void> } | { ok: false; holder: string; heartbeatAt: number }> {
    let refused: LeaseRecord | null = null;
    const tx = this.db.transaction(['lease'], 'readwrite');
    const lease = (await tx.objectStore('lease').get(sessionId)) as LeaseRecord | undefined;
    if (lease && lease.writerId !== this.writerId && this.now() - lease.heartbeatAt < this.staleMs && !options.force)
      refused = lease;
    else
      await tx
        .objectStore('lease')
        .put({ sessionId, writerId: this.writerId, heartbeatAt: this.now() } satisfies LeaseRecord);
    await tx.done;
    if (refused) return { ok: false, holder: refused.writerId, heartbeatAt: refused.heartbeatAt };
    // Whatever this tab cached about the session may be stale now: re-read it on the next write.
    const cached = await this.cachedWriter(sessionId);
    if (cached && !cached.queue.length) this.forgetWriter(sessionId);
    else if (cached) cached.verified = false;
    let timer: ReturnType<typeof setInterval> | null = null;
    if (options.heartbeatMs) {
      timer = setInterval(() => {
        void this.refreshLease(sessionId).then((holder) => {
          if (holder && timer) {
            clearInterval(timer);
            this.heartbeats.delete(timer);
            options.onLost?.(holder);
          }
        });
      }, options.heartbeatMs);
      (timer as { unref?: () => void }).unref?.();
      this.heartbeats.add(timer);
    }
    return {
      ok: true,
      release: async () => {
        if (timer) {
          clearInterval(timer);
          this.heartbeats.delete(timer);
        }
        await this.releaseSession(sessionId);
      },
    };
  }

  /** Gives the lease up (on pagehide, or when switching sessions) so another tab may write at once. */
  async releaseSession(sessionId: string): Promise<void> {
    const tx = this.db.transaction(['lease'], 'readwrite');
    const lease = (await tx.objectStore('lease').get(sessionId)) as LeaseRecord | undefined;
    if (lease?.writerId === this.writerId) await tx.objectStore('lease').delete(sessionId);
    await tx.done;
  }

  /** Refreshes this tab's lease; returns the other holder's id when it was lost. */
  private async refreshLease(sessionId: string): Promise<string | null> {
    const tx = this.db.transaction(['lease'], 'readwrite');
    const lease = (await tx.objectStore('lease').get(sessionId)) as LeaseRecord | undefined;
    if (lease && lease.writerId !== this.writerId) {
      await tx.done;
      return lease.writerId;
    }
    await tx
      .objectStore('lease')
      .put({ sessionId, writerId: this.writerId, heartbeatAt: this.now() } satisfies LeaseRecord);
    await tx.done;
    return null;
  }

  /** Changes committed by other tabs (BroadcastChannel), so a follower can reload what it shows. */
  onRemoteChange(listener: (change: RemoteChange) => void): () => void {
    this.remoteListeners.add(listener);
    this.ensureChannel();
    return () => this.remoteListeners.delete(listener);
  }

  async close(): Promise<void> {
    for (const attachment of [...this.attachments]) await attachment.detach().catch(() => undefined);
    await this.flush().catch(() => undefined);
    for (const sessionId of this.writersResolved.keys()) await this.releaseSession(sessionId).catch(() => undefined);
    for (const timer of this.heartbeats) clearInterval(timer);
    this.heartbeats.clear();
    this.channel?.close();
    this.channel = null;
    this.db.close();
  }

  // ── internals ───────────────────────────────────────────────────────────

  private readonly writersResolved = new Map<string, Writer>();

  private writer(sessionId: string): Promise<Writer> {
    let writer = this.writers.get(sessionId);
    if (!writer) {
      writer = this.loadWriter(sessionId);
      this.writers.set(sessionId, writer);
      writer.then(
        (w) => this.writersResolved.set(sessionId, w),
        () => this.writers.delete(sessionId),
      );
    }
    return writer;
  }

  private forgetWriter(sessionId: string): void {
    this.writers.delete(sessionId);
    this.writersResolved.delete(sessionId);
  }

  private async cachedWriter(sessionId: string): Promise<Writer | undefined> {
    const writer = this.writers.get(sessionId);
    return writer ? writer.catch(() => undefined) : undefined;
  }

  private async loadWriter(sessionId: string): Promise<Writer> {
    const tx = this.db.transaction(['sessions', 'events'], 'readonly');
    const [raw, last] = await Promise.all([
      tx.objectStore('sessions').get(sessionId),
      tx.objectStore('events').openCursor(sessionRange(sessionId), 'prev'),
    ]);
    const nextSeq = last ? (last.value as EventRecord).seq + 1 : 0;
    await tx.done;
    if (raw === undefined) throw new Error(`No session ${sessionId}: create it first.`);
    const parsed = sessionMetaSchema.safeParse(raw);
    const meta = parsed.success ? (parsed.data as SessionMeta) : newMeta(sessionId, this.now(), '/workspace');
    return {
      sessionId,
      meta,
      nextSeq,
      scratch: { turnText: '' },
      metaVersion: 0,
      writtenMetaVersion: 0,
      queue: [],
      pumping: null,
      locked: null,
      verified: false,
      lastError: null,
    };
  }

  private schedule(w: Writer): void {
    if (w.pumping) return;
    // A microtask's delay lets the events of one tick share a transaction.
    w.pumping = Promise.resolve()
      .then(() => this.pump(w))
      .finally(() => {
        w.pumping = null;
      });
  }

  /** Writes everything queued (retrying what failed before); rejects with the error if it still fails. */
  private async drain(w: Writer): Promise<void> {
    if (w.locked) throw w.locked;
    if (w.pumping) await w.pumping;
    if (!w.queue.length && w.metaVersion <= w.writtenMetaVersion) return;
    w.lastError = null;
    this.schedule(w);
    await w.pumping;
    if (w.locked) throw w.locked;
    if (w.lastError) throw w.lastError;
  }

  private async pump(w: Writer): Promise<void> {
    while ((w.queue.length || w.metaVersion > w.writtenMetaVersion) && !w.locked) {
      const batch = w.queue.slice(0, BATCH_MAX);
      try {
        await this.writeBatch(w, batch);
      } catch (error) {
        w.lastError = error;
        if (error instanceof SessionLockedError) {
          w.locked = error;
          for (const p of w.queue.splice(0)) p.reject(error);
        } else for (const p of batch) p.reject(error);
        return; // queued events stay for the retry
      }
      w.queue.splice(0, batch.length);
      for (const p of batch) p.resolve();
    }
  }

  private async writeBatch(w: Writer, batch: Pending[]): Promise<void> {
    const records = coalesce(batch.map((p) => p.event));
    const metaVersion = w.metaVersion;
    const meta = metaVersion > w.writtenMetaVersion ? structuredClone(w.meta) : null;
    let seq = w.nextSeq;
    await this.write(
      ['events', 'sessions'],
      async (tx) => {
        if (!w.verified) {
          // First write of this writer (or after a takeover): the log must end where we think it does,
          // else another tab wrote meanwhile and our view is stale.
          const last = await tx.objectStore('events').openCursor(sessionRange(w.sessionId), 'prev');
          const dbNext = last ? (last.value as EventRecord).seq + 1 : 0;
          if (dbNext !== w.nextSeq)
            throw new SessionLockedError(w.sessionId, 'another tab', 'was changed by another tab');
        }
        const events = tx.objectStore('events');
        const ops: Promise<unknown>[] = records.map((event) =>
          events.put({ sessionId: w.sessionId, seq: seq++, event } satisfies EventRecord),
        );
        if (meta) ops.push(tx.objectStore('sessions').put(meta));
        await Promise.all(ops);
      },
      w.sessionId,
    );
    w.nextSeq = seq;
    w.verified = true;
    if (meta) w.writtenMetaVersion = Math.max(w.writtenMetaVersion, metaVersion);
    this.post(w.sessionId, 'events');
  }

  private async updateMeta(sessionId: string, change: (meta: SessionMeta) => void): Promise<void> {
    const cached = await this.cachedWriter(sessionId);
    if (cached) {
      // The writer's copy is the one later batches write: change it, not a stale read.
      change(cached.meta);
      cached.metaVersion++;
      await this.drain(cached);
    } else {
      await this.write(
        ['sessions'],
        async (tx) => {
          const raw = await tx.objectStore('sessions').get(sessionId);
          const parsed = sessionMetaSchema.safeParse(raw);
          if (!parsed.success) throw new Error(`No readable session ${sessionId}.`);
          const meta = parsed.data as SessionMeta;
          change(meta);
          await tx.objectStore('sessions').put(meta);
        },
        sessionId,
      );
    }
    this.post(sessionId, 'meta');
  }

  /**
   * Runs `body` in a readwrite transaction. With a session id, the lease is checked (and taken or
   * refreshed) in the same transaction, so a tab that lost the session cannot write to it.
   * Quota failures come out as StorageFullError.
   */
  private async write(
    stores: string[],
    body: (tx: IDBPTransaction<unknown, string[], 'readwrite'>) => Promise<void>,
    sessionId?: string,
  ): Promise<void> {
    const scope = sessionId ? [...new Set([...stores, 'lease'])] : stores;
    const tx = this.db.transaction(scope, 'readwrite') as unknown as IDBPTransaction<unknown, string[], 'readwrite'>;
    const done = tx.done;
    done.catch(() => undefined);
    try {
      if (sessionId) await this.checkLease(tx, sessionId);
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

  private async checkLease(tx: IDBPTransaction<unknown, string[], 'readwrite'>, sessionId: string): Promise<void> {
    const store = tx.objectStore('lease');
    const lease = (await store.get(sessionId)) as LeaseRecord | undefined;
    const now = this.now();
    if (lease && lease.writerId !== this.writerId && now - lease.heartbeatAt < this.staleMs) {
      throw new SessionLockedError(sessionId, lease.writerId);
    }
    if (lease && lease.writerId !== this.writerId) {
      // Taking over a stale lease: whatever this tab cached may predate the other tab's writes.
      const w = this.writersResolved.get(sessionId);
      if (w) w.verified = false;
    }
    // Refreshing on writes keeps an active tab's lease fresh without a timer.
    if (!lease || lease.writerId !== this.writerId || now - lease.heartbeatAt > this.staleMs / 3) {
      await store.put({ sessionId, writerId: this.writerId, heartbeatAt: now } satisfies LeaseRecord);
    }
  }

  private report(problem: StoreProblem): void {
    if (!this.problems.some((p) => p.sessionId === problem.sessionId && p.reason === problem.reason))
      this.problems.push(problem);
  }

  private ensureChannel(): void {
    if (this.channel || typeof BroadcastChannel === 'undefined') return;
    this.channel = new BroadcastChannel(`tidepool-sessions:${this.name}`);
    (this.channel as unknown as { unref?: () => void }).unref?.();
    this.channel.onmessage = (message: MessageEvent<RemoteChange>) => {
      const change = message.data;
      if (!change || change.writerId === this.writerId) return;
      for (const listener of this.remoteListeners) listener(change);
    };
  }

  private post(sessionId: string, kind: RemoteChange['kind']): void {
    if (typeof BroadcastChannel === 'undefined') return;
    this.ensureChannel();
    this.channel?.postMessage({ sessionId, kind, writerId: this.writerId } satisfies RemoteChange);
  }
}

/** Merges runs of deltas (same turn / same call) into one record each: far fewer records, identical replay. */
export function coalesce(events: AgentEvent[]): AgentEvent[] {
  const out: AgentEvent[] = [];
  for (const event of events) {
    const prev = out[out.length - 1];
    if (prev && prev.type === event.type) {
      if (event.type === 'text-delta' && prev.type === 'text-delta' && prev.turnId === event.turnId) {
        out[out.length - 1] = { ...prev, text: prev.text + event.text };
        continue;
      }
      if (event.type === 'tool-call-delta' && prev.type === 'tool-call-delta' && prev.callId === event.callId) {
        out[out.length - 1] = { ...prev, argsDelta: prev.argsDelta + event.argsDelta };
        continue;
      }
      if (event.type === 'tool-progress' && prev.type === 'tool-progress' && prev.callId === event.callId) {
        out[out.length - 1] = { ...prev, chunk: prev.chunk + event.chunk };
        continue;
      }
    }
    out.push(event);
  }
  return out;
}

function readEventRecord(record: unknown): { ok: true; event: AgentEvent } | { ok: false; reason: string } {
  // The hot path of a restore: deltas are checked by hand, the rest by schema.
  const r = record as EventRecord | undefined;
  const e = r?.event as { type?: unknown; turnId?: unknown; text?: unknown } | undefined;
  if (
    r &&
    typeof r.seq === 'number' &&
    e &&
    e.type === 'text-delta' &&
    typeof e.turnId === 'string' &&
    typeof e.text === 'string'
  ) {
    return { ok: true, event: r.event };
  }
  const parsed = eventRecordSchema.safeParse(record);
  if (!parsed.success) return { ok: false, reason: `event record skipped: ${describeIssue(parsed.error)}` };
  const checked = checkEvent(parsed.data.event);
  return checked.ok ? checked : { ok: false, reason: `event ${parsed.data.seq} skipped: ${checked.reason}` };
}

function describePath(record: unknown): string {
  const path = (record as { path?: unknown })?.path;
  return typeof path === 'string' ? path : '(unknown path)';
}
