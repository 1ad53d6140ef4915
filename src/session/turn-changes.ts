import { hashBytes, isCheckpointExcluded, type Checkpoint, type CheckpointStorage } from '../agent/checkpoints';
import type { AgentEvent, FileChangeKind, FileChangeSummary } from '../agent/events';
import type { FileChange, Workspace } from '../workspace/types';

// What a turn changed. While a turn runs, the paths the workspace reports changed are noted (by
// any tool, shell command or the editor); when it ends they are compared with the checkpoint taken
// before it, and the session appends one `files-changed` event with the paths and kinds. The chat
// and the Review pane read that event, live and after a reload; the bytes for a diff or a revert
// come from the checkpoints (before) and the next checkpoint or the files now (after).

export type ChangeKind = FileChangeKind;

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

export function checkpointSide(checkpoint: Checkpoint, storage: Pick<CheckpointStorage, 'blob'>): FileSide {
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
 * The files that differ between `before` and `after`, sorted, with their kind of change; `.git` is
 * left out as checkpoints leave it out. `candidates` narrows the paths looked at.
 */
export async function changedFiles(
  before: FileSide,
  after: FileSide,
  candidates?: Iterable<string>,
): Promise<FileChangeSummary[]> {
  const paths = new Set(candidates ?? [...(await before.paths()), ...(await after.paths())]);
  const out: FileChangeSummary[] = [];
  for (const path of [...paths].sort()) {
    if (isCheckpointExcluded(path)) continue;
    const [b, a] = await Promise.all([before.hash(path), after.hash(path)]);
    if (b !== a) out.push({ path, change: !b ? 'added' : a ? 'modified' : 'deleted' });
  }
  return out;
}

/** Notes the paths changed while each turn runs; `finish` compares them with the turn's checkpoint. */
export class TurnFileTracker {
  private readonly open = new Map<string, Set<string>>();
  private readonly unwatch: () => void;

  constructor(
    private readonly workspace: Workspace,
    private readonly storage: CheckpointStorage,
    private readonly hashOf?: (path: string) => Promise<string | undefined>,
  ) {
    this.unwatch = workspace.watch((changes) => this.note(changes));
  }

  start(turnId: string): void {
    this.open.set(turnId, new Set());
  }

  /** The turn's `files-changed` event, or null when it changed nothing (or had no checkpoint). */
  async finish(turnId: string): Promise<Extract<AgentEvent, { type: 'files-changed' }> | null> {
    const touched = this.open.get(turnId);
    this.open.delete(turnId);
    if (!touched?.size) return null;
    const checkpoint = await this.storage.load(turnId);
    if (!checkpoint) return null;
    const files = await changedFiles(
      checkpointSide(checkpoint, this.storage),
      workspaceSide(this.workspace, this.hashOf),
      touched,
    );
    return files.length ? { type: 'files-changed', turnId, files } : null;
  }

  dispose(): void {
    this.unwatch();
  }

  private note(changes: FileChange[]): void {
    if (!this.open.size) return;
    for (const c of changes) {
      if (c.kind === 'dir') continue;
      const paths = c.type === 'renamed' ? [c.from, c.to] : [c.path];
      for (const touched of this.open.values()) for (const p of paths) touched.add(p);
    }
  }
}

/**
 * The turns of `events` that changed files (their `files-changed` events; `only` narrows to one),
 * with the bytes for a diff: before from the turn's checkpoint, after from the next checkpoint in
 * the log, or from `current` (the files now) for the last one.
 */
export async function turnChangesFromLog(
  events: readonly AgentEvent[],
  storage: CheckpointStorage,
  current: FileSide,
  only?: string,
): Promise<TurnChanges[]> {
  const labels = new Map<string, string>();
  const checkpointAt: { index: number; turnId: string }[] = [];
  events.forEach((e, index) => {
    if (e.type === 'turn-started') labels.set(e.turnId, e.text);
    else if (e.type === 'checkpoint-created') checkpointAt.push({ index, turnId: e.turnId });
  });
  const out: TurnChanges[] = [];
  for (const [index, event] of events.entries()) {
    if (event.type !== 'files-changed' || (only !== undefined && event.turnId !== only)) continue;
    const checkpoint = await storage.load(event.turnId);
    if (!checkpoint) continue; // without the files before, there is nothing to diff or revert to
    const next = checkpointAt.find((c) => c.index > index);
    const nextCheckpoint = next && (await storage.load(next.turnId));
    const before = checkpointSide(checkpoint, storage);
    const after = nextCheckpoint ? checkpointSide(nextCheckpoint, storage) : current;
    const files: TurnFileChange[] = [];
    for (const { path, change } of event.files) {
      if (isCheckpointExcluded(path)) continue; // a revert never writes or deletes under .git
      const [b, a] = await Promise.all([before.hash(path), after.hash(path)]);
      const [beforeData, afterData] = await Promise.all([
        b ? before.bytes(path, b) : null,
        a ? after.bytes(path, a) : null,
      ]);
      files.push({ path, change, before: beforeData, after: afterData });
    }
    if (files.length) out.push({ turnId: event.turnId, label: labels.get(event.turnId) ?? '', files, reverted: [] });
  }
  return out;
}
