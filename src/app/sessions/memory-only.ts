import { err, ok, type Result } from '../../lib/result';
import type { LiveSession, MemoryOnlyRequest } from '../../session/live-session';
import type { MemoryOnlyFiles } from '../../store/session-store';
import { createStore, type ReadonlyStore } from '../store';
import type { SessionsLifecycle } from './sessions';

// "Keep in memory only": a repository too big for the browser's storage is cloned into a session
// that stores no files (src/session/live-session.ts keepFilesInMemory). This store says so while
// such a session is open, and, once it has been reopened after a reload, that its files are gone
// (with the repository to clone again), so an empty workspace is never passed off as the session's.

export interface MemoryOnlyState {
  /** The open session keeps its files in memory only: they are not saved, a reload loses them. */
  kept: MemoryOnlyFiles | null;
  /** The open session was reopened after keeping its files in memory only: they are gone. Null once dismissed. */
  lost: MemoryOnlyFiles | null;
}

export type MemoryOnlyApp = ReturnType<typeof createMemoryOnly>;

export function createMemoryOnly(lifecycle: Pick<SessionsLifecycle, 'store' | 'ready'>) {
  const store = createStore<MemoryOnlyState>({ kept: null, lost: null });
  let followed: LiveSession | null = null;

  // Each session says for itself: switching sessions shows the new one's state, not a stale note.
  const follow = (): void => {
    const live = lifecycle.store.get().conversation?.live ?? null;
    if (live === followed) return;
    followed = live;
    store.set({ kept: live?.memoryOnly ?? null, lost: live?.filesLost ?? null });
  };
  lifecycle.store.subscribe(follow);
  follow();

  /** The open session stops storing its files (and deletes the stored ones); called before a clone. */
  async function keepFilesInMemory(request: MemoryOnlyRequest = {}): Promise<Result<void>> {
    await lifecycle.ready;
    const conversation = lifecycle.store.get().conversation;
    // Storage refused: nothing is saved anyway, so the files are in memory only already.
    if (!conversation?.live) return ok(undefined);
    const live = conversation.live;
    try {
      await live.keepFilesInMemory(request);
    } catch (error) {
      return err(
        `This session could not be switched to keep its files in memory only: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      // Even when the store refused, this page no longer writes the files: the note must say so.
      if (lifecycle.store.get().conversation?.live === live) store.set({ kept: live.memoryOnly, lost: null });
    }
    return ok(undefined);
  }

  return {
    store: store as ReadonlyStore<MemoryOnlyState>,
    keepFilesInMemory,
    /** Hides the "Files not saved" notice (the session stays memory-only). */
    dismissLost(): void {
      store.set({ lost: null });
    },
  };
}
