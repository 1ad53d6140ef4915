import type { FileChanges, SessionStore, StoredFile } from '../store/session-store';
import type { Workspace } from '../workspace/types';

// A session's files follow its workspace: paths seen in `watch` are coalesced and, after a quiet
// `debounceMs` (or on `flush`), read back from the workspace and written to the store. So tools,
// shell commands and the editor are all persisted the same way. Only what changed is written, in
// chunks of at most CHUNK_FILES files / CHUNK_BYTES bytes per transaction: a 20,000-file tree
// (a new session from a clone) is a hundred small transactions with the page free between them,
// not one that holds the main thread while it clones every record. Each chunk's puts copy their
// records on the main thread in one go: 500 files a chunk was a ~100 ms task, 200 is ~40.

/** Files per transaction. */
export const CHUNK_FILES = 200;
/** Bytes per transaction (a chunk closes at whichever limit comes first). */
export const CHUNK_BYTES = 2 << 20;

export interface WorkspaceMirror {
  /** Writes the changes seen so far. Rejects with StorageFullError when they did not fit (they stay queued). */
  flush(): Promise<void>;
  /** Flushes and stops watching. */
  detach(): Promise<void>;
  /**
   * Stops writing files for good (the session keeps them in memory only): what is queued is dropped,
   * and this resolves once a write already under way has ended, so nothing lands after it.
   */
  keepInMemory(): Promise<void>;
}

export interface MirrorOptions {
  /** Quiet time before changes are written (default 150 ms). */
  debounceMs?: number;
  /** Write the whole tree first (a new session, a replaced workspace). */
  fullSync?: boolean;
  /** A debounced write failed (a flush's caller sees its own failure). */
  onError?: (error: unknown) => void;
  /** Write no files at all (a session reopened that keeps its files in memory only). */
  memoryOnly?: boolean;
}

export function mirrorWorkspace(
  store: Pick<SessionStore, 'writeFiles'>,
  sessionId: string,
  workspace: Workspace,
  options: MirrorOptions = {},
): WorkspaceMirror {
  const debounceMs = options.debounceMs ?? 150;
  const dirty = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> = Promise.resolve();
  let detached = false;
  let memoryOnly = options.memoryOnly ?? false;

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    running = running
      .catch(() => undefined)
      .then(async () => {
        if (memoryOnly) dirty.clear();
        if (!dirty.size) return;
        const paths = [...dirty];
        dirty.clear();
        try {
          // Checked per chunk: a tree being written when the session went memory-only stops mid-way.
          await writeInChunks(workspace, paths, async (changes) => {
            if (!memoryOnly) await store.writeFiles(sessionId, changes);
          });
        } catch (error) {
          if (!memoryOnly) for (const p of paths) dirty.add(p); // kept for the retry (writes are idempotent)
          throw error;
        }
      });
    return running;
  };
  // Debounced on the last change, with one timer: re-arming a timer per change cost a 20,000-file
  // clone tens of milliseconds of clearTimeout/setTimeout inside its write slices.
  let lastChange = 0;
  const fire = (): void => {
    const wait = lastChange + debounceMs - Date.now();
    if (wait > 0) {
      timer = setTimeout(fire, wait);
      return;
    }
    timer = null;
    flush().catch((error) => options.onError?.(error));
  };
  const schedule = (): void => {
    if (detached || memoryOnly) return;
    lastChange = Date.now();
    if (!timer) timer = setTimeout(fire, debounceMs);
  };
  const unwatch = workspace.watch((changes) => {
    if (memoryOnly) return;
    for (const change of changes) {
      if (change.type === 'renamed') {
        dirty.add(change.from);
        dirty.add(change.to);
      } else dirty.add(change.path);
    }
    schedule();
  });
  if (options.fullSync && !memoryOnly) {
    dirty.add(workspace.root);
    schedule();
  }
  return {
    flush,
    detach: async () => {
      detached = true;
      unwatch();
      await flush();
    },
    keepInMemory: async () => {
      memoryOnly = true;
      if (timer) clearTimeout(timer);
      timer = null;
      dirty.clear();
      await running.catch(() => undefined);
    },
  };
}

/**
 * Reads the current state of each path and writes it in chunks: files to write, paths gone, and
 * directories written whole (their stored files they no longer hold go, in the first chunk).
 */
async function writeInChunks(
  workspace: Workspace,
  paths: string[],
  write: (changes: FileChanges) => Promise<void>,
): Promise<void> {
  let batch: FileChanges = { put: [], removed: [] };
  let bytes = 0;
  const send = async (): Promise<void> => {
    if (!batch.put.length && !batch.removed.length && !batch.dirs?.length) return;
    const ready = batch;
    batch = { put: [], removed: [] };
    bytes = 0;
    await write(ready);
  };
  const add = async (file: StoredFile): Promise<void> => {
    batch.put.push(file);
    bytes += file.data.byteLength;
    if (batch.put.length >= CHUNK_FILES || bytes >= CHUNK_BYTES) await send();
  };
  for (const path of paths) {
    const stat = await workspace.stat(path).catch(() => null);
    if (!stat) batch.removed.push(path);
    else if (stat.kind === 'file') {
      const data = await workspace.readFile(path).catch(() => null);
      if (data) await add({ path: stat.path, data, mtimeMs: stat.mtimeMs });
    } else {
      // A directory that changed (renamed in, restored, first sync): its stored files it no longer has go.
      const files = await workspace.listFiles(stat.path);
      (batch.dirs ??= []).push(stat.path);
      (batch.keep ??= []).push(...files);
      for (const file of files) {
        const [fileStat, data] = await Promise.all([workspace.stat(file), workspace.readFile(file).catch(() => null)]);
        if (fileStat && data) await add({ path: file, data, mtimeMs: fileStat.mtimeMs });
      }
    }
  }
  await send();
}
