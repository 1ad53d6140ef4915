import { describe, expect, test } from 'vitest';
import { FileTree } from './file-tree';
import { applyForkChange, forkChanges, forkTree } from './forked-tree';

describe('forked tree', () => {
  test('starts with the same file arrays and never writes through to the main tree', () => {
    const main = new FileTree('/w', { 'a.txt': 'a', 'd/b.txt': 'b' });
    const fork = forkTree(main);
    expect(fork.tree.readBytes('/w/a.txt')).toBe(main.readBytes('/w/a.txt')); // shared, not copied
    fork.tree.writeFile('/w/a.txt', 'A');
    fork.tree.remove('/w/d', { recursive: true });
    fork.tree.writeFile('/w/c.txt', 'c');
    expect(main.readText('/w/a.txt')).toBe('a');
    expect(main.has('/w/d/b.txt')).toBe(true);
    expect(main.has('/w/c.txt')).toBe(false);
    expect(forkChanges(fork).map((c) => [c.path, !!c.base, !!c.next])).toEqual([
      ['/w/a.txt', true, true],
      ['/w/c.txt', false, true],
      ['/w/d/b.txt', true, false],
    ]);
  });

  test('applies where the main tree still has the starting version, merges text, and reports a collision', () => {
    const main = new FileTree('/w', { 'a.txt': '1\n2\n3\n4\n5\n6\n', 'b.txt': 'b', 'same.txt': 's' });
    const fork = forkTree(main);
    fork.tree.writeFile('/w/a.txt', 'one\n2\n3\n4\n5\n6\n');
    fork.tree.writeFile('/w/b.txt', 'fork b');
    fork.tree.writeFile('/w/same.txt', 'S');
    main.writeFile('/w/a.txt', '1\n2\n3\n4\n5\nsix\n');
    main.writeFile('/w/b.txt', 'main b');
    main.writeFile('/w/same.txt', 'S');
    const merge = (base: string, ours: string, theirs: string) =>
      (base === '1\n2\n3\n4\n5\n6\n' ? 'one\n2\n3\n4\n5\nsix\n' : null) ?? ours + theirs;
    const byPath = Object.fromEntries(forkChanges(fork).map((c) => [c.path, c]));
    expect(applyForkChange(main, byPath['/w/a.txt'], merge)).toBe('merged');
    expect(main.readText('/w/a.txt')).toBe('one\n2\n3\n4\n5\nsix\n');
    expect(applyForkChange(main, byPath['/w/b.txt'])).toBe('conflict');
    expect(main.readText('/w/b.txt')).toBe('main b');
    expect(applyForkChange(main, byPath['/w/same.txt'])).toBe('applied');
  });
});
