import type { FileTree } from '../workspace/file-tree';
import type { Workspace } from '../workspace/types';
import type { FileBatch } from './clone-job';

// The page's half of a clone: a batch of files from the clone job is written into the workspace
// in slices of a few milliseconds, yielding to the page between slices (a MessageChannel task,
// which lets input and paint run, not a timer used as a sleep). Typing, Stop and Cancel stay
// responsive however big the repository; a cancel takes effect at the next slice.

/** Slice length: well under the 50 ms a task may take, so a slow device stays smooth too. */
export const SLICE_MS = 8;

let channel: MessageChannel | null = null;
const waiting: Array<() => void> = [];

/** Resolves in a new task (after pending input and rendering), not a microtask. */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
    // Node keeps a process alive while a port listens; the page does not care.
    (channel.port1 as { unref?: () => void }).unref?.();
    (channel.port2 as { unref?: () => void }).unref?.();
  }
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel!.port2.postMessage(null);
  });
}

export interface WriteTarget {
  workspace: Workspace;
  /** The workspace's in-page tree when it has one (the fast route, keeping each file's mtime). */
  tree: FileTree | null;
}

export interface WriteOptions {
  signal?: AbortSignal;
  sliceMs?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

/** Writes one batch, slice by slice; rejects with the signal's reason once it is aborted. */
export async function writeBatch(target: WriteTarget, batch: FileBatch, options: WriteOptions = {}): Promise<number> {
  const now = options.now ?? (() => performance.now());
  const sliceMs = options.sliceMs ?? SLICE_MS;
  let slices = 0;
  const { files } = batch;
  const { tree } = target;
  let i = 0;
  while (i < files.length) {
    if (i > 0) {
      await nextTask();
      slices++;
    }
    options.signal?.throwIfAborted();
    const start = now();
    if (tree) {
      // One change list per slice: the tree's listeners run once, not once per file.
      tree.batch(() => {
        do {
          const file = files[i++];
          if (file.bytes === null) tree.mkdir(file.path, { recursive: true });
          else {
            tree.writeFile(file.path, file.bytes, { mtimeMs: file.mtimeMs });
            if (file.mode !== 0o644) tree.setMode(file.path, file.mode);
          }
        } while (i < files.length && now() - start < sliceMs);
      });
    } else {
      do {
        const file = files[i++];
        if (file.bytes === null) await target.workspace.mkdir(file.path);
        else await target.workspace.writeFile(file.path, file.bytes);
        options.signal?.throwIfAborted();
      } while (i < files.length && now() - start < sliceMs);
    }
  }
  // The batch's last slice ends its task too: the next batch starts fresh.
  await nextTask();
  return slices + 1;
}
