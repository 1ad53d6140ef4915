import { describe, expect, test, vi } from 'vitest';
import { treeOf } from '../git/git-fs';
import { fsErrorResult } from '../tools/file-guards';
import { FileTree } from './file-tree';
import { createLiteWorkspace } from './lite-workspace';
import { WorkspaceError } from './types';

// The built page boots the workspace from an inline script that carries its own copy of the
// workspace modules (vite-early-boot.ts); the app's modules then work on objects made by that
// copy. A second module instance here stands in for it.
async function secondCopy() {
  vi.resetModules();
  const lite = await import('./lite-workspace');
  const types = await import('./types');
  const tree = await import('./file-tree');
  return { lite, types, tree };
}

describe('objects from a second copy of the workspace code', () => {
  test('really are a second copy (their classes are different objects)', async () => {
    const copy = await secondCopy();
    expect(copy.types.WorkspaceError).not.toBe(WorkspaceError);
    expect(copy.tree.FileTree).not.toBe(FileTree);
  });

  test('a missing file read through the other copy is a readable tool error, not a crash', async () => {
    const copy = await secondCopy();
    const ws = copy.lite.createLiteWorkspace();
    const error = await ws.readText('missing.txt').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkspaceError);
    expect(fsErrorResult(error, 'missing.txt')).toMatchObject({
      isError: true,
      content: 'File does not exist: missing.txt',
    });
  });

  test('git finds the in-page tree behind a workspace the other copy made', async () => {
    const copy = await secondCopy();
    const ws = copy.lite.createLiteWorkspace({ files: { 'a.txt': 'a' } });
    const tree = treeOf(ws);
    expect(tree).toBeInstanceOf(FileTree);
    expect(tree?.readText('/workspace/a.txt')).toBe('a');
  });

  test('look-alikes without the brand are not taken for the real thing', () => {
    const fake = Object.assign(new Error('ENOENT: x'), { name: 'WorkspaceError', code: 'ENOENT', path: 'x' });
    expect(fake instanceof WorkspaceError).toBe(false);
    expect(() => fsErrorResult(fake, 'x')).toThrow('ENOENT: x');
    expect(treeOf({ tree: { root: '/workspace' } } as never)).toBeNull();
    expect(createLiteWorkspace().tree).toBeInstanceOf(FileTree);
  });
});
