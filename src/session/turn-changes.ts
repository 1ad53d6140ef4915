import {
  hashBytes,
  isCheckpointExcluded,
  rewindPoints,
  type Checkpoint,
  type CheckpointStorage,
} from '../agent/checkpoints';
import type { AgentEvent } from '../agent/events';
import type { Workspace } from '../workspace/types';

// What each turn changed, file by file, derived from stored data alone: the checkpoint before the
// turn against the checkpoint before the next one (or the files now, for the last turn). So a
// reload shows and reverts the same per-turn changes the live session did.

export type ChangeKind = 'added' | 'modified' | 'deleted';

export interface TurnFileChange {
  path: string;
  change: ChangeKind;
  before: Uint8Array | null;
  after: Uint8Array | null;
}

export interface TurnChanges {
  turnId: string;
  label: string;
  files: TurnFileChange[];
  /** Paths put back as they were before the turn (this page only). */
  reverted: string[];
}

/** One side of a comparison: a checkpoint's manifest, or the workspace as it is. */
export interface FileSide {
  paths(): Promise<Iterable<string>>;
  /** The content hash at `path`; undefined when there is no file. */
  hash(path: string): Promise<string | undefined>;
  bytes(path: string, hash: string): Promise<Uint8Array | null>;
}

export function checkpointSide(checkpoint: Checkpoint, storage: CheckpointStorage): FileSide {
  const files = new Map(checkpoint.files);
  return {
    paths: async () => files.keys(),
    hash: async (path) => files.get(path),
    bytes: async (_path, hash) => (await storage.blob(hash)) ?? null,
  };
}

/** The workspace now; `hashOf` may reuse known hashes (the Checkpointer's), else every file is read. */
export function workspaceSide(workspace: Workspace, hashOf?: (path: string) => Promise<string | undefined>): FileSide {
  const read = async (path: string): Promise<Uint8Array | null> =>
    (await workspace.stat(path))?.kind === 'file' ? workspace.readFile(path) : null;
  return {
    paths: () => workspace.listFiles(),
    hash:
      hashOf ??
      (async (path) => {
        const data = await read(path);
        return data ? hashBytes(data) : undefined;
      }),
    bytes: (path) => read(path),
  };
}

/**
 * The files that differ between `before` and `after`, sorted, with both contents; `.git` is left out
 * as checkpoints leave it out. `candidates` narrows the paths looked at (those a turn touched).
 */
export async function compareSides(
  before: FileSide,
  after: FileSide,
  candidates?: Iterable<string>,
): Promise<TurnFileChange[]> {
  const paths = new Set(candidates ?? [...(await before.paths()), ...(await after.paths())]);
  const out: TurnFileChange[] = [];
  for (const path of [...paths].sort()) {
    if (isCheckpointExcluded(path)) continue;
    const [b, a] = await Promise.all([before.hash(path), after.hash(path)]);
    if (b === a) continue;
    const [beforeData, afterData] = await Promise.all([
      b ? before.bytes(path, b) : null,
      a ? after.bytes(path, a) : null,
    ]);
    out.push({ path, change: !b ? 'added' : a ? 'modified' : 'deleted', before: beforeData, after: afterData });
  }
  return out;
}

/**
 * Every turn of the log that has a checkpoint and changed something, oldest first: its checkpoint
 * against the next turn's, or against `current` (the files now) for the last one.
 */
export async function turnChangesFromCheckpoints(
  events: readonly AgentEvent[],
  storage: CheckpointStorage,
  current: FileSide,
): Promise<TurnChanges[]> {
  const stored = new Map((await storage.list()).map((c) => [c.id, c]));
  const points = rewindPoints(events).filter((p) => stored.has(p.turnId));
  const out: TurnChanges[] = [];
  for (let i = 0; i < points.length; i++) {
    const next = points[i + 1];
    const before = checkpointSide(stored.get(points[i].turnId)!, storage);
    const after = next ? checkpointSide(stored.get(next.turnId)!, storage) : current;
    const files = await compareSides(before, after);
    if (files.length) out.push({ turnId: points[i].turnId, label: points[i].text, files, reverted: [] });
  }
  return out;
}
