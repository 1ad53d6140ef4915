import { describe, expect, it } from 'vitest';
import { FileTree } from '../file-tree';
import { FileFeed } from './file-feed';

const paths = (delta: { put: { path: string; data?: Uint8Array }[] }) =>
  delta.put.map((e) => `${e.path}${e.data ? '' : '/'}`).sort();

describe('what a worker is sent of the workspace', () => {
  it('is the whole tree first, without .git, then only what changed', () => {
    const tree = new FileTree('/workspace', {
      'a.txt': 'a',
      'src/b.ts': 'b',
      '.git/HEAD': 'ref',
      'pkg/.git/config': 'c',
    });
    const feed = new FileFeed(tree);
    expect(paths(feed.next())).toEqual([
      '/workspace/',
      '/workspace/a.txt',
      '/workspace/pkg/',
      '/workspace/src/',
      '/workspace/src/b.ts',
    ]);
    expect(feed.next()).toEqual({ put: [], remove: [] });
    tree.writeFile('/workspace/a.txt', 'changed');
    tree.remove('/workspace/src', { recursive: true });
    const delta = feed.next();
    expect(paths(delta)).toEqual(['/workspace/a.txt']);
    expect(delta.remove).toContain('/workspace/src');
    feed.dispose();
  });

  it('sends a renamed directory with everything under it', () => {
    const tree = new FileTree('/workspace', { 'old/x.txt': 'x', 'old/deep/y.txt': 'y' });
    const feed = new FileFeed(tree);
    feed.next();
    tree.rename('/workspace/old', '/workspace/new');
    const delta = feed.next();
    expect(delta.remove).toEqual(['/workspace/old']);
    expect(paths(delta)).toEqual([
      '/workspace/new/',
      '/workspace/new/deep/',
      '/workspace/new/deep/y.txt',
      '/workspace/new/x.txt',
    ]);
    feed.dispose();
  });
});
