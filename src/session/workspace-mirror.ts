import type { SessionStore, StoredFile } from '../store/session-store';
import type { Workspace } from '../workspace/types';

// A session's files follow its workspace: paths seen in `watch` are coalesced and, after a quiet
// `debounceMs` (or on `flush`), read back from the workspace and written to the store in one
// transaction. So tools, shell commands and the editor are all persisted the same way.

export interface WorkspaceMirror {
  /** Writes the changes seen so far. Rejects with StorageFullError when they did not fit (they stay queued). */
  flush(): Promise<void>;
  /** Flushes and stops watching. */
  detach(): Promise<void>;
}

export interface MirrorOptions {
  /** Quiet time before changes are written (default 150 ms). */
  debounceMs?: number;
  /** Write the whole tree first (a new session, a replaced workspace). */
  fullSync?: boolean;
  /** A debounced write failed (a flush's caller sees its own failure). */
  onError?: (error: unknown) => void;
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

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    running = running
      .catch(() => undefined)
      .then(async () => {
        if (!dirty.size) return;
        const paths = [...dirty];
        dirty.clear();
        try {
          await store.writeFiles(sessionId, await readChanges(workspace, paths));
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
      flush().catch((error) => options.onError?.(error));
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
  return {
    flush,
    detach: async () => {
      detached = true;
      unwatch();
      await flush();
    },
  };
}

/** The current state of each path: files to write, paths gone, and directories written whole. */
async function readChanges(
  workspace: Workspace,
  paths: string[],
): Promise<{ put: StoredFile[]; removed: string[]; dirs: string[] }> {
  const put: StoredFile[] = [];
  const removed: string[] = [];
  const dirs: string[] = [];
  for (const path of paths) {
    const stat = await workspace.stat(path).catch(() => null);
    if (!stat) removed.push(path);
    else if (stat.kind === 'file') {
      const data = await workspace.readFile(path).catch(() => null);
      if (data) put.push({ path: stat.path, data, mtimeMs: stat.mtimeMs });
    } else {
      // A directory that changed (renamed in, restored, first sync): its stored files it no longer has go.
      dirs.push(stat.path);
      for (const file of await workspace.listFiles(stat.path)) {
        const [fileStat, data] = await Promise.all([workspace.stat(file), workspace.readFile(file).catch(() => null)]);
        if (fileStat && data) put.push({ path: file, data, mtimeMs: fileStat.mtimeMs });
      }
    }
  }
  return { put, removed, dirs };
}
