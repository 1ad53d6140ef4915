import { describe, expect, it } from 'vitest';
import { createLiteWorkspace } from '../workspace/lite-workspace';
import { buildTreeIndex, createFileTreeModel, visibleRows } from './file-tree-model';

/** A scheduler the test runs by hand, so "once per burst" is checked without timers. */
function manual() {
  const queue: Array<() => void> = [];
  return {
    schedule: (run: () => void) => queue.push(run),
    runAll: () => queue.splice(0).forEach((run) => run()),
    get size() {
      return queue.length;
    },
  };
}

describe('file tree model', () => {
  it('publishes one update for a batch of 10,000 changes', async () => {
    const ws = createLiteWorkspace();
    const clock = manual();
    const model = createFileTreeModel(ws, clock.schedule);
    await model.refresh();
    let updates = 0;
    model.store.subscribe(() => updates++);

    const snapshot: Record<string, Uint8Array> = {};
    for (let i = 0; i < 10_000; i++) snapshot[`/workspace/src/d${i % 10}/f${i}.ts`] = new Uint8Array([i & 255]);
    ws.tree.restore(snapshot);
    expect(clock.size).toBe(1);
    clock.runAll();
    await model.settled();
    expect(updates).toBe(1);
    expect(model.store.get().index.fileCount).toBe(10_000);
    expect(model.store.get().index.dirs.get('/workspace/src')!.dirs).toHaveLength(10);
  });

  it('coalesces 10,000 single-file writes into one update', async () => {
    const ws = createLiteWorkspace();
    const clock = manual();
    const model = createFileTreeModel(ws, clock.schedule);
    await model.refresh();
    let updates = 0;
    model.store.subscribe(() => updates++);
    for (let i = 0; i < 10_000; i++) await ws.writeFile(`big/f${i}.txt`, 'x');
    expect(clock.size).toBe(1); // one rebuild queued, not one per write
    clock.runAll();
    await model.settled();
    expect(updates).toBe(1);
    expect(model.store.get().index.dirs.get('/workspace/big')!.files).toHaveLength(10_000);
    model.dispose();
    await ws.writeFile('after.txt', 'x');
    expect(clock.size).toBe(0);
  });

  it('lists folders before files, by name, with levels and positions; .git stays hidden', () => {
    const index = buildTreeIndex('/w', [
      '/w/b.txt',
      '/w/a/z.ts',
      '/w/a/y/x.ts',
      '/w/.git/HEAD',
      '/w/c/.git/x',
      '/w/A.md',
    ]);
    expect(index.fileCount).toBe(4);
    const closed = visibleRows(index, new Set());
    expect(closed.map((r) => r.name)).toEqual(['a', 'A.md', 'b.txt']);
    expect(closed.map((r) => [r.pos, r.size, r.level])).toEqual([
      [1, 3, 1],
      [2, 3, 1],
      [3, 3, 1],
    ]);
    const open = visibleRows(index, new Set(['/w/a', '/w/a/y']));
    expect(open.map((r) => `${r.level}:${r.name}`)).toEqual(['1:a', '2:y', '3:x.ts', '2:z.ts', '1:A.md', '1:b.txt']);
    expect(open[0]).toMatchObject({ kind: 'dir', open: true, path: '/w/a' });
  });

  it('rows of a 20,000-entry folder are built in one pass', () => {
    const files = Array.from({ length: 20_000 }, (_, i) => `/w/big/f${String(i).padStart(5, '0')}.ts`);
    const rows = visibleRows(buildTreeIndex('/w', files), new Set(['/w/big']));
    expect(rows).toHaveLength(20_001);
    expect(rows[20_000]).toMatchObject({ name: 'f19999.ts', level: 2, pos: 20_000, size: 20_000 });
  });
});
