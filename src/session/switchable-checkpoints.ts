import { memoryCheckpointStorage, type CheckpointStorage } from '../agent/checkpoints';

// A session's checkpoints, stored until its files go memory-only: from then on new checkpoints are
// kept in memory too. The first checkpoint after a big clone holds the whole working tree, which is
// exactly what the browser's storage could not take; writing it would fail with "storage full" on
// the first turn. Checkpoints stored before the switch stay readable (rewind to an earlier turn).

export interface SwitchableCheckpoints extends CheckpointStorage {
  /** New checkpoints (and their blobs) stay in memory from now on. */
  toMemory(): void;
}

export function switchableCheckpoints(stored: CheckpointStorage, inMemory = false): SwitchableCheckpoints {
  const memory = memoryCheckpointStorage();
  let target: CheckpointStorage = inMemory ? memory : stored;
  return {
    toMemory() {
      target = memory;
    },
    blobHashes: () => target.blobHashes(),
    async save(checkpoint, newBlobs) {
      if (target === stored) return stored.save(checkpoint, newBlobs);
      // A checkpoint kept in memory holds all its blobs in memory, copying the stored ones it
      // shares: removing stored checkpoints (a rewind) may then drop those from the store.
      const blobs = new Map(newBlobs);
      for (const [, hash] of checkpoint.files) {
        if (blobs.has(hash) || (await memory.blob(hash))) continue;
        const data = await stored.blob(hash);
        if (data) blobs.set(hash, data);
      }
      return memory.save(checkpoint, blobs);
    },
    async list() {
      const all = [...(await stored.list()), ...(await memory.list())];
      return all.sort((a, b) => a.createdAt - b.createdAt);
    },
    async load(id) {
      return (await memory.load(id)) ?? stored.load(id);
    },
    async blob(hash) {
      return (await memory.blob(hash)) ?? stored.blob(hash);
    },
    async remove(ids) {
      await memory.remove(ids);
      const inStore = new Set((await stored.list()).map((c) => c.id));
      const storedIds = ids.filter((id) => inStore.has(id));
      if (storedIds.length) await stored.remove(storedIds);
    },
  };
}
