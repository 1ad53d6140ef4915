import { describe, expect, it } from 'vitest';
import { memoryCheckpointStorage, type Checkpoint } from '../agent/checkpoints';
import { switchableCheckpoints } from './switchable-checkpoints';

const bytes = (text: string) => new TextEncoder().encode(text);
const checkpoint = (id: string, createdAt: number, files: [string, string][]): Checkpoint => ({
  id,
  turnId: id,
  createdAt,
  label: id,
  files,
});

describe('checkpoints of a session whose files go memory-only', () => {
  it('stores until the switch, keeps new ones (and the stored blobs they share) in memory after it', async () => {
    const stored = memoryCheckpointStorage();
    const checkpoints = switchableCheckpoints(stored);
    await checkpoints.save(checkpoint('t1', 1, [['/w/a', 'ha']]), new Map([['ha', bytes('a')]]));
    expect((await stored.list()).map((c) => c.id)).toEqual(['t1']);

    checkpoints.toMemory();
    await checkpoints.save(
      checkpoint('t2', 2, [
        ['/w/a', 'ha'],
        ['/w/big', 'hb'],
      ]),
      new Map([['hb', bytes('the whole clone')]]),
    );
    // Nothing new reached the store: neither the checkpoint nor its blob.
    expect((await stored.list()).map((c) => c.id)).toEqual(['t1']);
    expect(await stored.blob('hb')).toBeUndefined();
    expect((await checkpoints.list()).map((c) => c.id)).toEqual(['t1', 't2']);
    expect((await checkpoints.load('t1'))?.files).toEqual([['/w/a', 'ha']]);

    // Removing the stored checkpoint drops its blob from the store; the memory one still has it.
    await checkpoints.remove(['t1']);
    expect(await stored.blob('ha')).toBeUndefined();
    expect(new TextDecoder().decode(await checkpoints.blob('ha'))).toBe('a');
    expect((await checkpoints.list()).map((c) => c.id)).toEqual(['t2']);
  });

  it('a session reopened memory-only keeps every new checkpoint in memory', async () => {
    const stored = memoryCheckpointStorage();
    const checkpoints = switchableCheckpoints(stored, true);
    await checkpoints.save(checkpoint('t1', 1, [['/w/a', 'ha']]), new Map([['ha', bytes('a')]]));
    expect(await stored.list()).toEqual([]);
    expect((await checkpoints.load('t1'))?.id).toBe('t1');
  });
});
