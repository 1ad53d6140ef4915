import type { AgentEvent } from '../../agent/events';
import { sessionRange } from './db';
import type { StoreContext } from './context';
import { SessionLockedError, type LeaseListener } from './lease';
import { foldMeta, newMeta } from './meta-fold';
import {
  checkEvent,
  describeIssue,
  eventRecordSchema,
  sessionMetaSchema,
  type EventRecord,
  type SessionMeta,
} from './records';

// The append-only event log: an event is one put in `events` (events appended in the same tick
// share a transaction, runs of deltas are merged into one record), and the session's meta record
// is folded from the same events and written with them. Per session, a writer keeps the meta as
// folded so far and the events not yet committed; a failed write leaves them queued for a retry.

interface Pending {
  event: AgentEvent;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Per-session write state: the meta folded so far and the events not yet committed. */
export interface Writer {
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

export class EventLog implements LeaseListener {
  private readonly writers = new Map<string, Promise<Writer>>();
  private readonly resolved = new Map<string, Writer>();

  constructor(private readonly ctx: StoreContext) {}

  /**
   * Appends one event. Resolves once it is committed. On StorageFullError the event stays queued:
   * the next append or `flush` retries it.
   */
  append(sessionId: string, event: AgentEvent): Promise<void> {
    return this.writer(sessionId).then(
      (w) =>
        new Promise<void>((resolve, reject) => {
          if (w.locked) return reject(w.locked);
          if (foldMeta(w.meta, event, w.scratch, this.ctx.now())) w.metaVersion++;
          w.queue.push({ event, resolve, reject });
          this.schedule(w);
        }),
    );
  }

  /** Waits for every queued write of the session (or of all sessions) and retries failed ones. */
  async flush(sessionId?: string): Promise<void> {
    const ids = sessionId ? [sessionId] : [...this.writers.keys()];
    for (const id of ids) {
      const w = await this.cached(id);
      if (w) await this.drain(w);
    }
  }

  pending(sessionId: string): number {
    return this.resolved.get(sessionId)?.queue.length ?? 0;
  }

  /** The writer of a session this tab has written, once loaded. */
  live(sessionId: string): Writer | undefined {
    return this.resolved.get(sessionId);
  }

  /** Session ids this tab has written. */
  sessions(): string[] {
    return [...this.resolved.keys()];
  }

  async cached(sessionId: string): Promise<Writer | undefined> {
    const writer = this.writers.get(sessionId);
    return writer ? writer.catch(() => undefined) : undefined;
  }

  /** Changes the meta record through the writer that later batches write, then writes it. False when none is cached. */
  async updateCachedMeta(sessionId: string, change: (meta: SessionMeta) => void): Promise<boolean> {
    const cached = await this.cached(sessionId);
    if (!cached) return false;
    change(cached.meta);
    cached.metaVersion++;
    await this.drain(cached);
    return true;
  }

  /** The session was deleted: queued writes fail, later ones too, and the cache goes. */
  async deleted(sessionId: string): Promise<void> {
    const cached = await this.cached(sessionId);
    if (cached) {
      cached.locked = new SessionLockedError(sessionId, this.ctx.writerId, 'was deleted');
      for (const p of cached.queue.splice(0)) p.reject(cached.locked);
    }
    this.forget(sessionId);
  }

  async claimed(sessionId: string): Promise<void> {
    const cached = await this.cached(sessionId);
    if (cached && !cached.queue.length) this.forget(sessionId);
    else if (cached) cached.verified = false;
  }

  tookOver(sessionId: string): void {
    const w = this.resolved.get(sessionId);
    if (w) w.verified = false;
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
    await this.ctx.write(
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
        w.meta.updatedAt = this.ctx.now();
        await tx.objectStore('sessions').put(w.meta);
      },
      sessionId,
    );
    if (fromSeq >= 0) {
      w.nextSeq = fromSeq;
      w.scratch.turnText = '';
      w.writtenMetaVersion = w.metaVersion;
    }
    return removed;
  }

  private writer(sessionId: string): Promise<Writer> {
    let writer = this.writers.get(sessionId);
    if (!writer) {
      writer = this.loadWriter(sessionId);
      this.writers.set(sessionId, writer);
      writer.then(
        (w) => this.resolved.set(sessionId, w),
        () => this.writers.delete(sessionId),
      );
    }
    return writer;
  }

  private forget(sessionId: string): void {
    this.writers.delete(sessionId);
    this.resolved.delete(sessionId);
  }

  private async loadWriter(sessionId: string): Promise<Writer> {
    const tx = this.ctx.db.transaction(['sessions', 'events'], 'readonly');
    const [raw, last] = await Promise.all([
      tx.objectStore('sessions').get(sessionId),
      tx.objectStore('events').openCursor(sessionRange(sessionId), 'prev'),
    ]);
    const nextSeq = last ? (last.value as EventRecord).seq + 1 : 0;
    await tx.done;
    if (raw === undefined) throw new Error(`No session ${sessionId}: create it first.`);
    const parsed = sessionMetaSchema.safeParse(raw);
    const meta = parsed.success ? (parsed.data as SessionMeta) : newMeta(sessionId, this.ctx.now(), '/workspace');
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
    await this.ctx.write(
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

/** An event record as read back: the event, or why it was skipped. */
export function readEventRecord(record: unknown): { ok: true; event: AgentEvent } | { ok: false; reason: string } {
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
