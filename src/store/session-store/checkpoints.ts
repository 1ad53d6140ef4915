import type { Checkpoint } from '../../agent/checkpoints';
import { sessionRange } from './db';
import type { StoreContext } from './context';
import {
  blobRecordSchema,
  checkpointRecordSchema,
  describeIssue,
  type BlobRecord,
  type CheckpointRecord,
} from './records';

// The `checkpoints` and `blobs` stores: a manifest (path → hash) per user message, and each
// distinct content once per session, so a hundred checkpoints of a tree cost the tree plus what changed.

function withoutSession(record: CheckpointRecord): Checkpoint {
  const { sessionId: _s, ...checkpoint } = record;
  return checkpoint;
}

export class CheckpointRecords {
  constructor(private readonly ctx: StoreContext) {}

  /** Saves a checkpoint and the blobs it introduces, in one transaction. */
  async save(sessionId: string, checkpoint: Checkpoint, newBlobs: Map<string, Uint8Array>): Promise<void> {
    await this.ctx.write(
      ['checkpoints', 'blobs'],
      async (tx) => {
        const blobs = tx.objectStore('blobs');
        const ops: Promise<unknown>[] = [];
        for (const [hash, data] of newBlobs) ops.push(blobs.put({ sessionId, hash, data } satisfies BlobRecord));
        ops.push(tx.objectStore('checkpoints').put({ sessionId, ...checkpoint } satisfies CheckpointRecord));
        await Promise.all(ops);
      },
      sessionId,
    );
  }

  /** Oldest first. Damaged records are skipped and reported in the store's `problems`. */
  async list(sessionId: string): Promise<Checkpoint[]> {
    const raw = await this.ctx.db.getAll('checkpoints', sessionRange(sessionId));
    const out: Checkpoint[] = [];
    for (const record of raw) {
      const parsed = checkpointRecordSchema.safeParse(record);
      if (parsed.success) out.push(withoutSession(parsed.data as CheckpointRecord));
      else
        this.ctx.report({
          sessionId,
          store: 'checkpoints',
          reason: `checkpoint skipped: ${describeIssue(parsed.error)}`,
        });
    }
    return out.sort((a, b) => a.createdAt - b.createdAt);
  }

  async load(sessionId: string, checkpointId: string): Promise<Checkpoint | undefined> {
    const parsed = checkpointRecordSchema.safeParse(await this.ctx.db.get('checkpoints', [sessionId, checkpointId]));
    return parsed.success ? withoutSession(parsed.data as CheckpointRecord) : undefined;
  }

  async blob(sessionId: string, hash: string): Promise<Uint8Array | undefined> {
    const parsed = blobRecordSchema.safeParse(await this.ctx.db.get('blobs', [sessionId, hash]));
    return parsed.success ? parsed.data.data : undefined;
  }

  async blobHashes(sessionId: string): Promise<Set<string>> {
    const keys = (await this.ctx.db.getAllKeys('blobs', sessionRange(sessionId))) as [string, string][];
    return new Set(keys.map((k) => k[1]));
  }

  /** Deletes checkpoints and the blobs no remaining checkpoint of the session refers to. */
  async remove(sessionId: string, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.ctx.write(
      ['checkpoints', 'blobs'],
      async (tx) => {
        const checkpoints = tx.objectStore('checkpoints');
        await Promise.all(ids.map((id) => checkpoints.delete([sessionId, id])));
        const remaining = (await checkpoints.getAll(sessionRange(sessionId))) as CheckpointRecord[];
        const used = new Set<string>();
        for (const cp of remaining) for (const [, hash] of cp.files ?? []) used.add(hash);
        const blobs = tx.objectStore('blobs');
        const keys = (await blobs.getAllKeys(sessionRange(sessionId))) as [string, string][];
        await Promise.all(keys.filter((k) => !used.has(k[1])).map((k) => blobs.delete(k)));
      },
      sessionId,
    );
  }
}
