import { expect, test } from 'vitest';
import { nextTask } from '../lib/yield';
import { createLiteWorkspace } from '../workspace/lite-workspace';
import { Checkpointer, memoryCheckpointStorage } from './checkpoints';

// A checkpoint of a big tree must not hold the main thread: even when every hash is known (only
// microtasks), the snapshot gives the event loop turns while it walks 20,000 files.

test('a checkpoint of 20,000 files lets the event loop run while it works, and stores only what changed', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 20_000; i++) files[`src/d${i % 20}/f${i}.ts`] = `export const v = ${i};\n`;
  const ws = createLiteWorkspace({ files });
  const storage = memoryCheckpointStorage();
  const saved: number[] = [];
  const save = storage.save.bind(storage);
  storage.save = (checkpoint, newBlobs) => (saved.push(newBlobs.size), save(checkpoint, newBlobs));
  const checkpointer = new Checkpointer(ws, storage);
  const first = await checkpointer.snapshot('turn_1', 'one');
  expect(first.files).toHaveLength(20_000);

  let done = false;
  let ticks = 0;
  const tick = (): void => void nextTask().then(() => (ticks++, done || tick()));
  tick();
  const second = await checkpointer.snapshot('turn_2', 'two');
  done = true;
  expect(ticks).toBeGreaterThan(0);
  expect(second.files).toEqual(first.files);
  expect(saved).toEqual([20_000, 0]); // nothing changed: no file read or stored again
}, 60_000);
