import { createPacer } from '../lib/yield';
import type { FileStat, Workspace } from '../workspace/types';
import type { AgentEvent } from './events';

// Checkpoints: the workspace files before every user message, so /rewind can restore files,
// conversation or both, and "fork from here" can start a new session. Files are stored once per
// distinct content (by hash): a hundred checkpoints of a big tree cost the tree plus what changed.
// Snapshots read the workspace itself, so changes made by shell commands are covered like Edit's.
// Git's own store (`.git/`) is left out: its pack files can be many MB, it is history rather
// than the user's work, and restoring a checkpoint must never rewrite or delete it.

/** Paths checkpoints never record nor touch: any `.git` directory (a repo, a submodule). */
export function isCheckpointExcluded(path: string): boolean {
  return /(^|\/)\.git(\/|$)/.test(path);
}

export interface Checkpoint {
  /** One checkpoint per user message: its id is that turn's id. */
  id: string;
  turnId: string;
  createdAt: number;
  /** The user's message, shortened, for the rewind list. */
  label: string;
  /** [absolute path, content hash] of every file. */
  files: [string, string][];
  /** [size, mtimeMs] of each file then, in the order of `files`: lets a reloaded page trust the hashes of files it did not change. */
  stats?: [number, number][];
}

/** Where checkpoints live: IndexedDB for a stored session (see src/session), memory otherwise. */
export interface CheckpointStorage {
  blobHashes(): Promise<Set<string>>;
  /** Saves the checkpoint and the blobs it introduces, together. */
  save(checkpoint: Checkpoint, newBlobs: Map<string, Uint8Array>): Promise<void>;
  list(): Promise<Checkpoint[]>;
  load(id: string): Promise<Checkpoint | undefined>;
  blob(hash: string): Promise<Uint8Array | undefined>;
  /** Deletes checkpoints and the blobs nothing else refers to. */
  remove(ids: string[]): Promise<void>;
}

export function memoryCheckpointStorage(): CheckpointStorage {
  const checkpoints = new Map<string, Checkpoint>();
  const blobs = new Map<string, Uint8Array>();
  return {
    async blobHashes() {
      return new Set(blobs.keys());
    },
    async save(checkpoint, newBlobs) {
      for (const [hash, data] of newBlobs) blobs.set(hash, data);
      checkpoints.set(checkpoint.id, structuredClone(checkpoint));
    },
    async list() {
      return [...checkpoints.values()].sort((a, b) => a.createdAt - b.createdAt);
    },
    async load(id) {
      return checkpoints.get(id);
    },
    async blob(hash) {
      return blobs.get(hash);
    },
    async remove(ids) {
      for (const id of ids) checkpoints.delete(id);
      const used = new Set([...checkpoints.values()].flatMap((c) => c.files.map(([, h]) => h)));
      for (const hash of [...blobs.keys()]) if (!used.has(hash)) blobs.delete(hash);
    },
  };
}

/** SHA-256 where WebCrypto exists (secure contexts, Node); a 64-bit FNV-1a pair elsewhere (plain-http LAN pages). */
export async function hashBytes(data: Uint8Array): Promise<string> {
  const subtle = (globalThis.crypto as Crypto | undefined)?.subtle;
  if (subtle) {
    const digest = new Uint8Array(await subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
    let hex = 'sha256:';
    for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
    return hex;
  }
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ data.byteLength;
  for (let i = 0; i < data.byteLength; i++) {
    h1 = Math.imul(h1 ^ data[i], 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ data[i], 0x5bd1e995) >>> 0;
  }
  return `fnv:${data.byteLength.toString(16)}:${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
}

const LABEL_MAX = 120;

interface Known {
  hash: string;
  size: number;
  mtimeMs: number;
}

export interface RestoreResult {
  written: string[];
  removed: string[];
  /** Files whose stored content was missing (damaged storage): left as they are. */
  missing: string[];
}

/**
 * Takes and restores checkpoints of one workspace. It watches the workspace so a snapshot rehashes
 * only files that changed since the last one (by watch event, or size/mtime for safety).
 */
export class Checkpointer {
  readonly workspace: Workspace;
  readonly storage: CheckpointStorage;
  private readonly known = new Map<string, Known>();
  private readonly dirty = new Set<string>();
  private blobs: Promise<Set<string>> | null = null;
  private readonly unwatch: () => void;

  constructor(workspace: Workspace, storage: CheckpointStorage) {
    this.workspace = workspace;
    this.storage = storage;
    this.unwatch = workspace.watch((changes) => {
      for (const change of changes) {
        if (change.type === 'renamed') {
          this.dirty.add(change.from);
          this.dirty.add(change.to);
        } else this.dirty.add(change.path);
      }
    });
  }

  /** Saves the files as they are now, as the checkpoint of `turnId`. */
  async snapshot(turnId: string, label: string): Promise<Checkpoint> {
    const blobs = await this.blobSet();
    const newBlobs = new Map<string, Uint8Array>();
    const files: [string, string][] = [];
    const stats: [number, number][] = [];
    const paths = (await this.workspace.listFiles()).filter((p) => !isCheckpointExcluded(p));
    // 20,000 known hashes are only microtasks: without a pause they would be one long main-thread task.
    const pacer = createPacer();
    for (const path of paths) {
      await pacer.pace();
      const found = await this.hashOf(path);
      if (!found) continue;
      let { hash, data } = found;
      stats.push([found.stat.size, found.stat.mtimeMs]);
      if (!blobs.has(hash) && !newBlobs.has(hash)) {
        // Known but not stored (its blob was collected after a rewind): read it now, and hash what was read.
        if (!data) {
          data = await this.workspace.readFile(path);
          hash = await hashBytes(data);
        }
        if (!blobs.has(hash)) newBlobs.set(hash, data);
      }
      files.push([path, hash]);
    }
    const present = new Set(paths);
    for (const path of [...this.known.keys()]) if (!present.has(path)) this.known.delete(path);
    const flat = label.replace(/\s+/g, ' ').trim();
    const checkpoint: Checkpoint = {
      id: turnId,
      turnId,
      createdAt: Date.now(),
      label: flat.length > LABEL_MAX ? `${flat.slice(0, LABEL_MAX - 1)}…` : flat,
      files,
      stats,
    };
    await this.storage.save(checkpoint, newBlobs);
    for (const hash of newBlobs.keys()) blobs.add(hash);
    return checkpoint;
  }

  /** Makes the workspace match the checkpoint: changed files rewritten, deleted ones back, later ones removed. */
  async restore(target: Checkpoint | string): Promise<RestoreResult> {
    const checkpoint = typeof target === 'string' ? await this.storage.load(target) : target;
    if (!checkpoint) throw new Error(`No checkpoint ${String(target)}.`);
    // A checkpoint saved before `.git` was left out may list its files: they are not restored either.
    const wanted = new Map(checkpoint.files.filter(([path]) => !isCheckpointExcluded(path)));
    const result: RestoreResult = { written: [], removed: [], missing: [] };
    const touchedDirs = new Set<string>();
    for (const path of await this.workspace.listFiles()) {
      if (wanted.has(path) || isCheckpointExcluded(path)) continue;
      await this.workspace.remove(path);
      this.known.delete(path);
      result.removed.push(path);
      touchedDirs.add(parentOf(path));
    }
    const pacer = createPacer();
    for (const [path, hash] of wanted) {
      await pacer.pace();
      const stat = await this.workspace.stat(path);
      if (stat?.kind === 'dir') await this.workspace.remove(path, { recursive: true });
      else if (stat && (await this.hashOf(path))?.hash === hash) continue;
      const data = await this.storage.blob(hash);
      if (!data) {
        result.missing.push(path);
        continue;
      }
      await this.workspace.writeFile(path, data);
      const after = await this.workspace.stat(path);
      this.dirty.delete(path);
      if (after) this.known.set(path, { hash, size: after.size, mtimeMs: after.mtimeMs });
      result.written.push(path);
    }
    await this.removeEmptyDirs(touchedDirs, wanted);
    return result;
  }

  /** Every file of a checkpoint with its contents (for fork and export). */
  async materialize(checkpoint: Checkpoint): Promise<{ path: string; data: Uint8Array }[]> {
    const out: { path: string; data: Uint8Array }[] = [];
    for (const [path, hash] of checkpoint.files) {
      const data = await this.storage.blob(hash);
      if (data) out.push({ path, data });
    }
    return out;
  }

  /** Deletes checkpoints (and blobs no longer used). */
  async remove(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.storage.remove(ids);
    this.blobs = null; // some blobs may be gone: reload the set before the next snapshot
  }

  /**
   * After a reload: takes the hashes of `checkpoint` for the files whose stored copy (`stored`: size
   * and mtime as the session's file records hold them) is the one the checkpoint saw, so the next
   * snapshot does not read and hash the whole tree again. Returns how many were taken.
   */
  async seed(
    checkpoint: Checkpoint,
    stored: Iterable<{ path: string; size: number; mtimeMs: number }>,
  ): Promise<number> {
    const stats = checkpoint.stats;
    if (!stats || stats.length !== checkpoint.files.length) return 0;
    const then = new Map(
      checkpoint.files.map(([path, hash], i) => [path, { hash, size: stats[i][0], mtimeMs: stats[i][1] }]),
    );
    let taken = 0;
    const pacer = createPacer();
    for (const file of stored) {
      await pacer.pace();
      const was = then.get(file.path);
      // A rewrite always moves mtime forward, so the same size and mtime mean the same contents.
      if (
        !was ||
        was.size !== file.size ||
        was.mtimeMs !== file.mtimeMs ||
        this.known.has(file.path) ||
        this.dirty.has(file.path)
      )
        continue;
      const now = await this.workspace.stat(file.path);
      if (now?.kind !== 'file' || now.size !== file.size) continue;
      this.known.set(file.path, { hash: was.hash, size: now.size, mtimeMs: now.mtimeMs });
      taken++;
    }
    return taken;
  }

  /** The content hash of a file now, reusing the known one when nothing says it changed; undefined when there is none. */
  async currentHash(path: string): Promise<string | undefined> {
    return (await this.hashOf(path))?.hash;
  }

  dispose(): void {
    this.unwatch();
  }

  private blobSet(): Promise<Set<string>> {
    this.blobs ??= this.storage.blobHashes().catch((error) => {
      this.blobs = null;
      throw error;
    });
    return this.blobs;
  }

  /** The content hash of a file now, reusing the last one when nothing says the file changed; `data` when it was read. */
  private async hashOf(path: string): Promise<{ hash: string; data?: Uint8Array; stat: FileStat } | null> {
    const stat = await this.workspace.stat(path);
    if (!stat || stat.kind !== 'file') return null;
    const prev = this.known.get(path);
    if (prev && !this.dirty.has(path) && prev.size === stat.size && prev.mtimeMs === stat.mtimeMs)
      return { hash: prev.hash, stat };
    this.dirty.delete(path); // before reading: a change from now on marks it again
    const data = await this.workspace.readFile(path);
    const hash = await hashBytes(data);
    this.known.set(path, { hash, size: stat.size, mtimeMs: stat.mtimeMs });
    return { hash, data, stat };
  }

  private async removeEmptyDirs(dirs: Set<string>, wanted: Map<string, string>): Promise<void> {
    const root = this.workspace.root;
    const keep = new Set<string>();
    for (const path of wanted.keys()) for (let d = parentOf(path); d.length > root.length; d = parentOf(d)) keep.add(d);
    const sorted = [...dirs].sort((a, b) => b.length - a.length); // deepest first
    for (const start of sorted) {
      for (
        let dir = start;
        dir.length > root.length && dir.startsWith(`${root}/`) && !keep.has(dir);
        dir = parentOf(dir)
      ) {
        const stat = await this.workspace.stat(dir);
        if (stat?.kind !== 'dir') continue;
        if ((await this.workspace.list(dir)).length > 0) break;
        await this.workspace.remove(dir);
      }
    }
  }
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

// ── rewind and fork, on the event log ──────────────────────────────────────

export interface RewindPoint {
  turnId: string;
  /** What the user sent. */
  text: string;
  at: number;
  /** False when no checkpoint was saved for it (files cannot be restored there). */
  hasCheckpoint: boolean;
}

/** The user messages of a log, oldest first, for the /rewind list. */
export function rewindPoints(events: readonly AgentEvent[]): RewindPoint[] {
  const points: RewindPoint[] = [];
  const withCheckpoint = new Set(events.flatMap((e) => (e.type === 'checkpoint-created' ? [e.turnId] : [])));
  for (const e of events) {
    if (e.type === 'turn-started')
      points.push({ turnId: e.turnId, text: e.text, at: e.at, hasCheckpoint: withCheckpoint.has(e.turnId) });
  }
  return points;
}

/** The log up to (not including) the user message `turnId`, and that message's text. */
export function cutBeforeTurn(
  events: readonly AgentEvent[],
  turnId: string,
): { kept: AgentEvent[]; removed: AgentEvent[]; prompt: string } | null {
  const index = events.findIndex((e) => e.type === 'turn-started' && e.turnId === turnId);
  if (index < 0) return null;
  const start = events[index] as Extract<AgentEvent, { type: 'turn-started' }>;
  return { kept: events.slice(0, index), removed: events.slice(index), prompt: start.text };
}

export interface RewindOptions {
  files: boolean;
  conversation: boolean;
}

export type RewindResult =
  | {
      ok: true;
      /** The log to keep (unchanged unless `conversation`). */
      events: AgentEvent[];
      /** The rewound message's text, to put back in the input box. */
      prompt: string;
      files: RestoreResult | null;
      /** Checkpoints deleted with the turns they belonged to. */
      removedCheckpoints: string[];
    }
  | { ok: false; reason: string };

/**
 * Rewinds to just before the user message `toTurnId`: files (from its checkpoint), conversation
 * (the log is cut there), or both. Checks everything before changing anything.
 */
export async function rewind(
  session: { events: readonly AgentEvent[]; checkpointer: Checkpointer },
  toTurnId: string,
  options: RewindOptions,
): Promise<RewindResult> {
  const cut = cutBeforeTurn(session.events, toTurnId);
  if (!cut) return { ok: false, reason: 'That message is not in this session any more.' };
  let checkpoint: Checkpoint | undefined;
  if (options.files) {
    checkpoint = await session.checkpointer.storage.load(toTurnId);
    if (!checkpoint)
      return {
        ok: false,
        reason:
          'No checkpoint was saved before that message, so its files cannot be restored. Rewind the conversation only.',
      };
  }
  const files = checkpoint ? await session.checkpointer.restore(checkpoint) : null;
  let removedCheckpoints: string[] = [];
  if (options.conversation) {
    removedCheckpoints = [
      ...new Set(cut.removed.flatMap((e) => (e.type === 'checkpoint-created' ? [e.checkpointId] : []))),
    ];
    await session.checkpointer.remove(removedCheckpoints);
  }
  return {
    ok: true,
    events: options.conversation ? cut.kept : [...session.events],
    prompt: cut.prompt,
    files,
    removedCheckpoints,
  };
}

export interface ForkData {
  events: AgentEvent[];
  files: { path: string; data: Uint8Array }[];
  checkpoints: Checkpoint[];
  blobs: Map<string, Uint8Array>;
  /** With `before`: the message forked at, to put in the new session's input box. */
  prompt?: string;
}

/**
 * Data for a new, independent session branching at user message `fromTurnId`: `through` keeps that
 * message and its answer (files as they were after it), `before` stops just before it.
 */
export async function fork(
  session: { events: readonly AgentEvent[]; checkpointer: Checkpointer },
  fromTurnId: string,
  options: { include?: 'before' | 'through' } = {},
): Promise<{ ok: true; data: ForkData } | { ok: false; reason: string }> {
  const include = options.include ?? 'through';
  const points = rewindPoints(session.events);
  const at = points.findIndex((p) => p.turnId === fromTurnId);
  if (at < 0) return { ok: false, reason: 'That message is not in this session any more.' };
  const boundary = include === 'before' ? points[at] : points[at + 1];
  const cut = boundary
    ? cutBeforeTurn(session.events, boundary.turnId)!
    : { kept: [...session.events], removed: [], prompt: '' };
  const { checkpointer } = session;
  let files: { path: string; data: Uint8Array }[];
  if (boundary) {
    const checkpoint = await checkpointer.storage.load(boundary.turnId);
    if (!checkpoint) return { ok: false, reason: 'No checkpoint was saved at that message, so its files are unknown.' };
    // Checkpoints leave `.git` out: the fork gets the repository as it is now, as a rewind would keep it.
    files = (await checkpointer.materialize(checkpoint)).filter((f) => !isCheckpointExcluded(f.path));
    const ws = checkpointer.workspace;
    for (const path of await ws.listFiles())
      if (isCheckpointExcluded(path)) files.push({ path, data: await ws.readFile(path) });
  } else {
    const ws = checkpointer.workspace;
    files = await Promise.all((await ws.listFiles()).map(async (path) => ({ path, data: await ws.readFile(path) })));
  }
  const keptTurns = new Set(rewindPoints(cut.kept).map((p) => p.turnId));
  const checkpoints = (await checkpointer.storage.list()).filter((c) => keptTurns.has(c.turnId));
  const blobs = new Map<string, Uint8Array>();
  for (const checkpoint of checkpoints) {
    for (const [, hash] of checkpoint.files) {
      if (blobs.has(hash)) continue;
      const data = await checkpointer.storage.blob(hash);
      if (data) blobs.set(hash, data);
    }
  }
  return {
    ok: true,
    data: { events: cut.kept, files, checkpoints, blobs, ...(include === 'before' ? { prompt: cut.prompt } : {}) },
  };
}
