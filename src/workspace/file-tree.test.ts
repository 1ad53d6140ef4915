import { describe, expect, test } from 'vitest';
import { FileTree } from './file-tree';
import type { FileChange, WorkspaceErrorCode } from './types';

function code(fn: () => unknown): WorkspaceErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: WorkspaceErrorCode }).code;
  }
  return undefined;
}

function recording(tree: FileTree): FileChange[][] {
  const batches: FileChange[][] = [];
  tree.subscribe((changes) => batches.push(changes));
  return batches;
}

describe('FileTree', () => {
  test('a write creates missing parents and reports them with the file in one batch', () => {
    const tree = new FileTree('/workspace');
    const batches = recording(tree);
    tree.writeFile('/workspace/a/b/c.txt', 'hi');
    expect(batches).toEqual([
      [
        { type: 'created', path: '/workspace/a', kind: 'dir' },
        { type: 'created', path: '/workspace/a/b', kind: 'dir' },
        { type: 'created', path: '/workspace/a/b/c.txt', kind: 'file' },
      ],
    ]);
    tree.writeFile('/workspace/a/b/c.txt', 'again');
    expect(batches[1]).toEqual([{ type: 'modified', path: '/workspace/a/b/c.txt', kind: 'file' }]);
    expect(tree.stat('/workspace/a/b/c.txt')).toMatchObject({ kind: 'file', size: 5 });
  });

  test('repeated text reads of a 1 MB file reuse the decoded string', () => {
    const tree = new FileTree('/w');
    tree.writeFile('/w/big.txt', new TextEncoder().encode('x'.repeat(1 << 20)));
    const first = tree.readText('/w/big.txt');
    const reads: string[] = [];
    for (let i = 0; i < 1000; i++) reads.push(tree.readText('/w/big.txt'));
    expect(reads.every((r) => r === first)).toBe(true);
  });

  test('reads and writes report ENOENT, EISDIR and ENOTDIR', () => {
    const tree = new FileTree('/w', { 'f.txt': 'x', 'd/g.txt': 'y' });
    expect(code(() => tree.readText('/w/nope'))).toBe('ENOENT');
    expect(code(() => tree.readText('/w/d'))).toBe('EISDIR');
    expect(code(() => tree.writeFile('/w/d', 'x'))).toBe('EISDIR');
    expect(code(() => tree.writeFile('/w/f.txt/inner', 'x'))).toBe('ENOTDIR');
    expect(code(() => tree.list('/w/f.txt'))).toBe('ENOTDIR');
    expect(code(() => tree.list('/w/nope'))).toBe('ENOENT');
    expect(code(() => tree.writeFile('/etc/passwd', 'x'))).toBe('EOUTSIDE');
  });

  test('list returns sorted entries with their kinds', () => {
    const tree = new FileTree('/w', { 'b.txt': '', 'a/x': '', 'c.txt': '' });
    expect(tree.list('/w')).toEqual([
      { name: 'a', path: '/w/a', kind: 'dir' },
      { name: 'b.txt', path: '/w/b.txt', kind: 'file' },
      { name: 'c.txt', path: '/w/c.txt', kind: 'file' },
    ]);
  });

  test('mkdir without recursive needs the parent and refuses an existing path', () => {
    const tree = new FileTree('/w', { 'f.txt': '' });
    expect(code(() => tree.mkdir('/w/a/b'))).toBe('ENOENT');
    tree.mkdir('/w/a');
    expect(code(() => tree.mkdir('/w/a'))).toBe('EEXIST');
    tree.mkdir('/w/a', { recursive: true });
    expect(code(() => tree.mkdir('/w/f.txt', { recursive: true }))).toBe('EEXIST');
    tree.mkdir('/w/a/b/c', { recursive: true });
    expect(tree.kind('/w/a/b/c')).toBe('dir');
  });

  test('remove needs recursive for a non-empty directory and reports the directory once', () => {
    const tree = new FileTree('/w', { 'd/x.txt': '', 'd/e/y.txt': '', 'keep.txt': '' });
    const batches = recording(tree);
    expect(code(() => tree.remove('/w/d'))).toBe('ENOTEMPTY');
    expect(code(() => tree.remove('/w/missing'))).toBe('ENOENT');
    tree.remove('/w/missing', { force: true });
    tree.remove('/w/d', { recursive: true });
    expect(batches).toEqual([[{ type: 'deleted', path: '/w/d', kind: 'dir' }]]);
    expect(tree.listFiles()).toEqual(['/w/keep.txt']);
    expect(tree.has('/w/d/e/y.txt')).toBe(false);
    expect(code(() => tree.remove('/w', { recursive: true }))).toBe('EINVAL');
  });

  test('rename moves a directory with its subtree and refuses an existing destination unless overwriting', () => {
    const tree = new FileTree('/w', { 'src/a.ts': 'a', 'src/lib/b.ts': 'b', 'other.txt': 'o', 'taken.txt': 't' });
    const batches = recording(tree);
    tree.rename('/w/src', '/w/pkg/src');
    expect(tree.listFiles()).toEqual(['/w/other.txt', '/w/pkg/src/a.ts', '/w/pkg/src/lib/b.ts', '/w/taken.txt']);
    expect(tree.readText('/w/pkg/src/lib/b.ts')).toBe('b');
    expect(tree.list('/w').map((e) => e.name)).toEqual(['other.txt', 'pkg', 'taken.txt']);
    expect(batches[0]).toEqual([
      { type: 'created', path: '/w/pkg', kind: 'dir' },
      { type: 'renamed', from: '/w/src', to: '/w/pkg/src', kind: 'dir' },
    ]);
    expect(code(() => tree.rename('/w/other.txt', '/w/taken.txt'))).toBe('EEXIST');
    tree.rename('/w/other.txt', '/w/taken.txt', { overwrite: true });
    expect(tree.readText('/w/taken.txt')).toBe('o');
    expect(code(() => tree.rename('/w/pkg', '/w/pkg/inner'))).toBe('EINVAL');
    expect(code(() => tree.rename('/w/nope', '/w/x'))).toBe('ENOENT');
    expect(code(() => tree.rename('/w/taken.txt', '/w/pkg', { overwrite: true }))).toBe('EISDIR');
  });

  test('listFiles is sorted and scoped to a directory on 5,000 files', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 5000; i++) files[`d${i % 50}/f${i}.ts`] = '';
    const tree = new FileTree('/w', files);
    const all = tree.listFiles();
    expect(all).toHaveLength(5000);
    expect([...all].sort()).toEqual(all);
    expect(tree.listFiles('/w/d7')).toHaveLength(100);
    expect(tree.listFiles('/w/d7/f7.ts')).toEqual(['/w/d7/f7.ts']);
  });

  test('binary contents round-trip and the caller cannot alias the stored bytes', () => {
    const tree = new FileTree('/w');
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    tree.writeFile('/w/bin', bytes);
    bytes[0] = 99;
    expect(Array.from(tree.readBytes('/w/bin'))).toEqual(Array.from({ length: 256 }, (_, i) => i));
  });

  test('restore makes the tree equal to a snapshot and reports the difference', () => {
    const tree = new FileTree('/w', { 'a.txt': 'a', 'dir/b.txt': 'b', 'gone/c.txt': 'c' });
    const snapshot = tree.snapshot();
    tree.writeFile('/w/a.txt', 'changed');
    tree.remove('/w/dir', { recursive: true });
    tree.writeFile('/w/new/n.txt', 'n');
    delete snapshot['/w/gone/c.txt'];
    const batches = recording(tree);
    tree.restore(snapshot);
    expect(tree.listFiles()).toEqual(['/w/a.txt', '/w/dir/b.txt']);
    expect(tree.readText('/w/a.txt')).toBe('a');
    expect(tree.has('/w/gone')).toBe(false);
    const changes = batches[0];
    expect(changes).toContainEqual({ type: 'deleted', path: '/w/new', kind: 'dir' });
    expect(changes).toContainEqual({ type: 'deleted', path: '/w/gone', kind: 'dir' });
    expect(changes).toContainEqual({ type: 'modified', path: '/w/a.txt', kind: 'file' });
    expect(changes).toContainEqual({ type: 'created', path: '/w/dir', kind: 'dir' });
    expect(changes).toContainEqual({ type: 'created', path: '/w/dir/b.txt', kind: 'file' });
    expect(changes.some((c) => c.type === 'deleted' && c.path === '/w/new/n.txt')).toBe(false);
  });

  test('unsubscribed listeners hear nothing and a throwing listener does not stop the others', () => {
    const tree = new FileTree('/w');
    const heard: FileChange[] = [];
    const quiet: FileChange[] = [];
    const originalError = console.error;
    console.error = () => {};
    try {
      tree.subscribe(() => {
        throw new Error('broken subscriber');
      });
      tree.subscribe((c) => heard.push(...c));
      const off = tree.subscribe((c) => quiet.push(...c));
      off();
      tree.writeFile('/w/a', 'x');
    } finally {
      console.error = originalError;
    }
    expect(heard).toHaveLength(1);
    expect(quiet).toHaveLength(0);
  });
});

describe('batched writes', () => {
  test('tell the listeners once, with every change, even when the writes stop half-way', () => {
    const tree = new FileTree('/workspace');
    const heard: string[][] = [];
    tree.subscribe((changes) => heard.push(changes.map((c) => `${c.type} ${'path' in c ? c.path : ''}`)));
    tree.batch(() => {
      tree.writeFile('a/one.txt', '1');
      tree.batch(() => tree.writeFile('a/two.txt', '2'));
    });
    expect(heard).toEqual([['created /workspace/a', 'created /workspace/a/one.txt', 'created /workspace/a/two.txt']]);
    heard.length = 0;
    expect(() =>
      tree.batch(() => {
        tree.writeFile('a/one.txt', 'changed');
        tree.mkdir('a/one.txt/below');
      }),
    ).toThrow();
    expect(heard).toEqual([['modified /workspace/a/one.txt']]);
  });
});
