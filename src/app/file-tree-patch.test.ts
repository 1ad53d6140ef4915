import { describe, expect, it } from 'vitest';
import { createLiteWorkspace } from '../workspace/lite-workspace';
import { buildTreeIndex, createFileTreeModel, HIDDEN_NAMES, visibleRows, type FileTreeIndex } from './file-tree-model';
import { patchTreeIndex } from './file-tree-patch';

// A patched index must be exactly what a rebuild from the file list gives, however the changes come.

function manual() {
  const queue: Array<() => void> = [];
  return { schedule: (run: () => void) => queue.push(run), runAll: () => queue.splice(0).forEach((run) => run()) };
}

/** The index as the view sees it: every folder's rows, all open. */
const shape = (index: FileTreeIndex) =>
  visibleRows(index, new Set(index.dirs.keys())).map((r) => `${r.level} ${r.kind} ${r.path} ${r.pos}/${r.size}`);

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1_103_515_245 + 12_345) & 0x7fffffff;
    return s % n;
  };
}

describe('patching the tree index', () => {
  it('matches a rebuild after random writes, deletes and renames, burst after burst', async () => {
    const ws = createLiteWorkspace();
    const clock = manual();
    const model = createFileTreeModel(ws, clock.schedule);
    await model.refresh();
    const pick = random(7);
    const names = ['a', 'b', 'B', 'c.ts', 'Z.md', '.git', 'lib', 'x10', 'x9'];
    const path = () => Array.from({ length: 1 + pick(3) }, () => names[pick(names.length)]).join('/');
    const versionBefore = model.store.get().version;
    for (let burst = 0; burst < 40; burst++) {
      for (let op = 0; op < 1 + pick(12); op++) {
        const files = ws.tree.listFiles();
        const roll = pick(10);
        try {
          if (roll < 6 || !files.length) await ws.writeFile(path(), 'x');
          else if (roll < 8) await ws.remove(files[pick(files.length)]);
          else await ws.rename(files[pick(files.length)], `/workspace/${path()}`);
        } catch {
          // A path that is a folder where a file is wanted (or the reverse): the workspace says no.
        }
      }
      clock.runAll();
      await model.settled();
      const expected = buildTreeIndex('/workspace', await ws.listFiles());
      expect(shape(model.store.get().index), `burst ${burst}`).toEqual(shape(expected));
      expect(model.store.get().index.fileCount).toBe(expected.fileCount);
    }
    expect(model.store.get().version).toBeGreaterThan(versionBefore);
    model.dispose();
  });

  it('adds a burst where it landed: untouched folders are the same objects, and nothing is rebuilt', () => {
    const files = Array.from({ length: 3_000 }, (_, i) => `/w/d${i % 30}/f${i}.ts`);
    const index = buildTreeIndex('/w', files);
    const shown = new Set(files);
    const patched = patchTreeIndex(
      index,
      shown,
      [
        { type: 'created', path: '/w/d3/new.ts', kind: 'file' },
        { type: 'created', path: '/w/fresh/deep/a.ts', kind: 'file' },
        { type: 'created', path: '/w/.git/objects/ab', kind: 'file' },
        { type: 'deleted', path: '/w/d4/f4.ts', kind: 'file' },
      ],
      HIDDEN_NAMES,
    );
    expect(patched).not.toBeNull();
    expect(patched!.dirs.get('/w/d5')).toBe(index.dirs.get('/w/d5'));
    expect(patched!.dirs.get('/w/d3')!.files).toContain('/w/d3/new.ts');
    expect(patched!.dirs.get('/w/d4')!.files).not.toContain('/w/d4/f4.ts');
    expect(patched!.fileCount).toBe(3_001);
    expect(shape(patched!)).toEqual(shape(buildTreeIndex('/w', [...shown])));
    // The published index was not changed underneath its readers.
    expect(index.fileCount).toBe(3_000);
    expect(index.dirs.has('/w/fresh')).toBe(false);
  });

  it('leaves a deleted or moved folder, or a burst as large as the tree, to a rebuild', () => {
    const index = buildTreeIndex('/w', ['/w/a/x.ts']);
    const shown = new Set(['/w/a/x.ts']);
    expect(patchTreeIndex(index, shown, [{ type: 'deleted', path: '/w/a', kind: 'dir' }], HIDDEN_NAMES)).toBeNull();
    expect(
      patchTreeIndex(index, shown, [{ type: 'renamed', from: '/w/a', to: '/w/b', kind: 'dir' }], HIDDEN_NAMES),
    ).toBeNull();
    const many = Array.from({ length: 1_001 }, (_, i) => ({
      type: 'created' as const,
      path: `/w/n${i}.ts`,
      kind: 'file' as const,
    }));
    expect(patchTreeIndex(index, shown, many, HIDDEN_NAMES)).toBeNull();
  });
});
