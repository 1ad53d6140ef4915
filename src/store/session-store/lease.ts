import type { LeaseRecord } from './records';
import type { StoreContext, WriteTx } from './context';

// One tab writes a session at a time. Each session has a lease record (writer id + heartbeat);
// every write checks it in its own transaction, a fresh lease of another tab refuses the write,
// and a stale one may be taken over. In the browser, hold a Web Lock too where available: the
// lease record is what makes a second writer detectable even where locks are missing.

/** Another tab writes this session. The write was not made; nothing in memory is lost. */
export class SessionLockedError extends Error {
  readonly holder: string;
  constructor(sessionId: string, holder: string, reason = 'is being written by another tab') {
    super(`Session ${sessionId} ${reason}. Reload to follow it there, or take it over here.`);
    this.name = 'SessionLockedError';
    this.holder = holder;
  }
}

export type Claim = { ok: true; release: () => Promise<void> } | { ok: false; holder: string; heartbeatAt: number };

/** What the lease tells the event log: its cached view of a session may be stale. */
export interface LeaseListener {
  /** This tab (re)claimed the session: re-read what it cached before the next write. */
  claimed(sessionId: string): Promise<void>;
  /** A stale lease of another tab was taken over inside a write: verify the log's end first. */
  tookOver(sessionId: string): void;
}

export class Leases {
  private readonly heartbeats = new Set<ReturnType<typeof setInterval>>();

  constructor(
    private readonly ctx: StoreContext,
    private readonly listener: LeaseListener,
  ) {}

  /**
   * Takes the writer lease of a session. Fails (without `force`) while another tab's lease is fresh.
   * With `heartbeatMs`, the lease is refreshed on a timer and `onLost` fires if another tab takes it.
   */
  async claim(
    sessionId: string,
    options: { force?: boolean; heartbeatMs?: number; onLost?: (holder: string) => void } = {},
  ): Promise<Claim> {
    const { ctx } = this;
    let refused: LeaseRecord | null = null;
    const tx = ctx.db.transaction(['lease'], 'readwrite');
    const lease = (await tx.objectStore('lease').get(sessionId)) as LeaseRecord | undefined;
    if (lease && lease.writerId !== ctx.writerId && ctx.now() - lease.heartbeatAt < ctx.staleMs && !options.force)
      refused = lease;
    else
      await tx
        .objectStore('lease')
        .put({ sessionId, writerId: ctx.writerId, heartbeatAt: ctx.now() } satisfies LeaseRecord);
    await tx.done;
    if (refused) return { ok: false, holder: refused.writerId, heartbeatAt: refused.heartbeatAt };
    await this.listener.claimed(sessionId);
    let timer: ReturnType<typeof setInterval> | null = null;
    const stop = (): void => {
      if (!timer) return;
      clearInterval(timer);
      this.heartbeats.delete(timer);
      timer = null;
    };
    if (options.heartbeatMs) {
      timer = setInterval(() => {
        void this.refresh(sessionId).then((holder) => {
          if (holder && timer) {
            stop();
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
        stop();
        await this.release(sessionId);
      },
    };
  }

  /** Gives the lease up (on pagehide, or when switching sessions) so another tab may write at once. */
  async release(sessionId: string): Promise<void> {
    const tx = this.ctx.db.transaction(['lease'], 'readwrite');
    const lease = (await tx.objectStore('lease').get(sessionId)) as LeaseRecord | undefined;
    if (lease?.writerId === this.ctx.writerId) await tx.objectStore('lease').delete(sessionId);
    await tx.done;
  }

  /** Another tab's lease, when it is fresh (the session is written elsewhere right now). */
  heldElsewhere(lease: LeaseRecord | undefined): boolean {
    return !!lease && lease.writerId !== this.ctx.writerId && this.ctx.now() - lease.heartbeatAt < this.ctx.staleMs;
  }

  /** Inside a write: refuses when another tab holds a fresh lease, else takes or refreshes this tab's. */
  async check(tx: WriteTx, sessionId: string): Promise<void> {
    const { ctx } = this;
    const store = tx.objectStore('lease');
    const lease = (await store.get(sessionId)) as LeaseRecord | undefined;
    const now = ctx.now();
    if (this.heldElsewhere(lease)) throw new SessionLockedError(sessionId, lease!.writerId);
    // Taking over a stale lease: whatever this tab cached may predate the other tab's writes.
    if (lease && lease.writerId !== ctx.writerId) this.listener.tookOver(sessionId);
    // Refreshing on writes keeps an active tab's lease fresh without a timer.
    if (!lease || lease.writerId !== ctx.writerId || now - lease.heartbeatAt > ctx.staleMs / 3) {
      await store.put({ sessionId, writerId: ctx.writerId, heartbeatAt: now } satisfies LeaseRecord);
    }
  }

  stopHeartbeats(): void {
    for (const timer of this.heartbeats) clearInterval(timer);
    this.heartbeats.clear();
  }

  /** Refreshes this tab's lease; returns the other holder's id when it was lost. */
  private async refresh(sessionId: string): Promise<string | null> {
    const { ctx } = this;
    const tx = ctx.db.transaction(['lease'], 'readwrite');
    const lease = (await tx.objectStore('lease').get(sessionId)) as LeaseRecord | undefined;
    if (lease && lease.writerId !== ctx.writerId) {
      await tx.done;
      return lease.writerId;
    }
    await tx
      .objectStore('lease')
      .put({ sessionId, writerId: ctx.writerId, heartbeatAt: ctx.now() } satisfies LeaseRecord);
    await tx.done;
    return null;
  }
}
