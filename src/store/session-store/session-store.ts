import type { Checkpoint } from '../../agent/checkpoints';
import type { AgentEvent, RuleLists } from '../../agent/events';
import { asStorageError } from '../quota';
import { CheckpointRecords } from './checkpoints';
import { ALL_STORES, randomId, transact, type StoreContext } from './context';
import { DEFAULT_DB_NAME, openSessionDb, sessionRange, type SessionDb, type StoreProblem } from './db';
import { EventLog, readEventRecord } from './event-log';
import { FileRecords, readFilePages, readFilePaths, readFileRecords, type FileChanges, type StoredFile } from './files';
import { Leases, type Claim } from './lease';
import { MetaRecords, type SessionSummary } from './meta';
import { newMeta } from './meta-fold';
import {
  describeIssue,
  sessionMetaSchema,
  type BlobRecord,
  type CheckpointRecord,
  type EventRecord,
  type FileRecord,
  type LeaseRecord,
  type MemoryOnlyFiles,
  type SessionMeta,
} from './records';

// Sessions in IndexedDB, one facade over the parts: meta records (meta.ts), the append-only event
// log (event-log.ts), the workspace's files (files.ts), checkpoints and their blobs
// (checkpoints.ts), and the two-tab lease (lease.ts). Whole sessions (load, import, fork, delete)
// span them all and live here.

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
  checkpoints?: Checkpoint[];
  blobs?: { hash: string; data: Uint8Array }[];
}

export interface SessionStoreOptions {
  /** Database name; each test uses a fresh one. */
  name?: string;
  /** Identifies this tab as a writer. Keep it in sessionStorage so a reload of the same tab keeps its lease. */
  writerId?: string;
  /** A lease not refreshed for this long may be taken by another tab (default 30 s). */
  leaseStaleMs?: number;
  /** Clock, injectable for lease tests. */
  now?: () => number;
}

/** Opens the session store (creating or migrating the database). */
export async function openSessionStore(options: SessionStoreOptions | string = {}): Promise<SessionStore> {
  const opts = typeof options === 'string' ? { name: options } : options;
  const { db, problems } = await openSessionDb(opts.name ?? DEFAULT_DB_NAME);
  return new SessionStore(db, opts, problems);
}

export class SessionStore {
  /** Problems met while opening (migration) and listing; loadSession reports its own. */
  readonly problems: StoreProblem[];
  private readonly ctx: StoreContext;
  private readonly log: EventLog;
  private readonly leases: Leases;
  private readonly meta: MetaRecords;
  private readonly files: FileRecords;
  private readonly checkpoints: CheckpointRecords;

  constructor(db: SessionDb, options: SessionStoreOptions, problems: StoreProblem[] = []) {
    this.problems = [...problems];
    const list = this.problems;
    const ctx: StoreContext = {
      db,
      writerId: options.writerId ?? randomId('writer'),
      staleMs: options.leaseStaleMs ?? 30_000,
      now: options.now ?? Date.now,
      problems: list,
      report: (problem) => {
        if (!list.some((p) => p.sessionId === problem.sessionId && p.reason === problem.reason)) list.push(problem);
      },
      write: (stores, body, sessionId) =>
        transact(
          db,
          sessionId ? [...new Set([...stores, 'lease'])] : stores,
          body,
          sessionId ? (tx) => this.leases.check(tx, sessionId) : undefined,
        ),
    };
    this.ctx = ctx;
    this.log = new EventLog(ctx);
    this.leases = new Leases(ctx, this.log);
    this.meta = new MetaRecords(ctx, this.log);
    this.files = new FileRecords(ctx);
    this.checkpoints = new CheckpointRecords(ctx);
  }

  // ── sessions: meta records ──

  createSession(init: { id?: string; title?: string; model?: string; root?: string; rules?: RuleLists } = {}) {
    return this.meta.create(init);
  }

  getSession(sessionId: string): Promise<SessionMeta | undefined> {
    return this.meta.get(sessionId);
  }

  /** Checks whether an id is taken (import keeps the exported id when it is free). */
  hasSession(sessionId: string): Promise<boolean> {
    return this.meta.has(sessionId);
  }

  /** Most recently used first. `search` matches every word against the title and the session's text. */
  listSessions(options: { search?: string; limit?: number } = {}): Promise<SessionSummary[]> {
    return this.meta.list(options);
  }

  /** The session used last, for "continue where I left off". */
  async lastSession(): Promise<SessionSummary | undefined> {
    return (await this.meta.list({ limit: 1 }))[0];
  }

  renameSession(sessionId: string, title: string): Promise<void> {
    return this.meta.update(sessionId, (meta) => {
      meta.title = title.trim() || meta.title;
      meta.updatedAt = this.ctx.now();
    });
  }

  /** Marks the session as just opened, so it tops the list. */
  touchSession(sessionId: string): Promise<void> {
    return this.meta.update(sessionId, (meta) => {
      meta.lastUsedAt = this.ctx.now();
    });
  }

  // ── the event log ──

  /**
   * Appends one event. Resolves once it is committed. Events appended in the same tick share one
   * transaction; consecutive text/argument/output deltas are merged into one record (replay is identical).
   * On StorageFullError the event stays queued: the next append or `flush` retries it.
   */
  appendEvent(sessionId: string, event: AgentEvent): Promise<void> {
    return this.log.append(sessionId, event);
  }

  /** Waits for every queued write of the session (or of all sessions) and retries failed ones. Rejects if they still fail. */
  flush(sessionId?: string): Promise<void> {
    return this.log.flush(sessionId);
  }

  /** Events waiting to be written (after a full disk, say). */
  pendingWrites(sessionId: string): number {
    return this.log.pending(sessionId);
  }

  /** Removes the turn `turnId` and everything after it from the log (rewind of the conversation). */
  truncateFromTurn(sessionId: string, turnId: string): Promise<number> {
    return this.log.truncateFromTurn(sessionId, turnId);
  }

  // ── files ──

  /** Mirrors one batch of workspace changes (see src/session/workspace-mirror.ts). */
  writeFiles(sessionId: string, changes: FileChanges): Promise<void> {
    return this.files.write(sessionId, changes);
  }

  /**
   * From now on the session's files are not stored: the meta says so first, then its file records
   * go, so a reload finds either all the files or the mark (never a half set passed off as whole).
   * The caller stops writing files before this (the workspace mirror).
   */
  async keepFilesInMemory(sessionId: string, memoryOnly: MemoryOnlyFiles): Promise<void> {
    await this.meta.update(sessionId, (meta) => {
      meta.memoryOnly = { ...memoryOnly };
    });
    await this.files.removeAll(sessionId);
  }

  // ── checkpoints ──

  saveCheckpoint(sessionId: string, checkpoint: Checkpoint, newBlobs: Map<string, Uint8Array>): Promise<void> {
    return this.checkpoints.save(sessionId, checkpoint, newBlobs);
  }

  /** Oldest first. Damaged records are skipped and reported in `problems`. */
  listCheckpoints(sessionId: string): Promise<Checkpoint[]> {
    return this.checkpoints.list(sessionId);
  }

  loadCheckpoint(sessionId: string, checkpointId: string): Promise<Checkpoint | undefined> {
    return this.checkpoints.load(sessionId, checkpointId);
  }

  getBlob(sessionId: string, hash: string): Promise<Uint8Array | undefined> {
    return this.checkpoints.blob(sessionId, hash);
  }

  blobHashes(sessionId: string): Promise<Set<string>> {
    return this.checkpoints.blobHashes(sessionId);
  }

  /** Deletes checkpoints and the blobs no remaining checkpoint of the session refers to. */
  deleteCheckpoints(sessionId: string, ids: string[]): Promise<void> {
    return this.checkpoints.remove(sessionId, ids);
  }

  // ── two tabs ──

  /**
   * Takes the writer lease of a session. Fails (without `force`) while another tab's lease is fresh.
   * With `heartbeatMs`, the lease is refreshed on a timer and `onLost` fires if another tab takes it.
   */
  claimSession(
    sessionId: string,
    options: { force?: boolean; heartbeatMs?: number; onLost?: (holder: string) => void } = {},
  ): Promise<Claim> {
    return this.leases.claim(sessionId, options);
  }

  // ── whole sessions ──

  /** The session's file paths alone (no contents): what a reload shows first. */
  async listFilePaths(sessionId: string): Promise<string[]> {
    const tx = this.ctx.db.transaction(['files'], 'readonly');
    const [paths] = await Promise.all([readFilePaths(tx.objectStore('files'), sessionId), tx.done]);
    return paths;
  }

  async loadSession(sessionId: string): Promise<LoadedSession | null> {
    await this.flush(sessionId).catch(() => undefined);
    const tx = this.ctx.db.transaction(['sessions', 'events', 'files', 'lease'], 'readonly');
    const range = sessionRange(sessionId);
    const [rawMeta, rawEvents, rawFiles, lease] = await Promise.all([
      tx.objectStore('sessions').get(sessionId),
      tx.objectStore('events').getAll(range),
      readFilePages(tx.objectStore('files'), sessionId),
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
      meta = newMeta(sessionId, this.ctx.now(), '/workspace');
      const title = (rawMeta as { title?: unknown })?.title;
      meta.title = typeof title === 'string' ? title : 'Recovered session';
    }
    const events: AgentEvent[] = [];
    for (const record of rawEvents as unknown[]) {
      const event = readEventRecord(record);
      if (event.ok) events.push(event.event);
      else problems.push({ sessionId, store: 'events', reason: event.reason });
    }
    const files = readFileRecords(sessionId, rawFiles as unknown[], problems);
    const writtenElsewhere = this.leases.heldElsewhere(lease);
    const live = this.log.live(sessionId);
    if (meta.status === 'running' && !writtenElsewhere && !(live && live.meta.status === 'running'))
      meta.status = 'interrupted';
    return { meta, events, files, problems, writtenElsewhere };
  }

  /** Writes a complete session in one transaction: all of it lands, or none. The id must be free. */
  async createSessionFrom(data: SessionData): Promise<SessionMeta> {
    const sessionId = data.meta.id;
    const meta: SessionMeta = {
      ...structuredClone(data.meta),
      status: data.meta.status === 'running' ? 'interrupted' : data.meta.status,
    };
    await this.ctx.write(
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
    return meta;
  }

  /** Deletes the session and everything that belongs to it: events, files, checkpoints, blobs, lease. */
  async deleteSession(sessionId: string): Promise<void> {
    await this.log.deleted(sessionId);
    const tx = this.ctx.db.transaction([...ALL_STORES], 'readwrite');
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
  }

  /** Writes what is pending, gives up this tab's leases and closes the database. */
  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    for (const sessionId of this.log.sessions()) await this.leases.release(sessionId).catch(() => undefined);
    this.leases.stopHeartbeats();
    this.ctx.db.close();
  }
}
