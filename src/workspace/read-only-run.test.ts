import { afterEach, describe, expect, test } from 'vitest';
import { createLiteWorkspaceWithGit } from '../git/git-command';
import type { LiteWorkspace } from './lite-workspace';
import { FileTree } from './file-tree';

// A command the permission gate allows as read-only runs on a read-only view: whatever it tries to
// write fails, is reported, and changes nothing (files, the scratch fs, the shell's cwd).

const open: LiteWorkspace[] = [];
function workspace(files: Record<string, string> = {}): LiteWorkspace {
  const ws = createLiteWorkspaceWithGit({
    files,
    globalConfig: new Map([
      ['user.name', 'Test Person'],
      ['user.email', 'test@example.com'],
    ]),
  });
  open.push(ws);
  return ws;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((ws) => ws.dispose()));
});

describe('read-only runs in the lite workspace', () => {
  test('reads work, and output to /dev/null is not a write', async () => {
    const ws = workspace({ 'a.txt': 'one\ntwo\n', 'src/b.ts': 'export {}\n' });
    const result = await ws.exec('cat a.txt | wc -l; ls src > /dev/null; grep -rn export src 2>/dev/null', {
      readOnly: true,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('2\nsrc/b.ts:1:export {}\n');
    expect(result.blockedWrites).toBeUndefined();
  });

  test('every kind of write fails, is reported, and leaves the tree as it was', async () => {
    const ws = workspace({ 'a.txt': 'A', 'dir/b.txt': 'B' });
    const before = JSON.stringify(ws.tree.snapshot());
    const lines: [string, string][] = [
      ['echo x > a.txt', '/workspace/a.txt'],
      ['echo x >> new.txt', '/workspace/new.txt'],
      ['rm -rf dir', '/workspace/dir'],
      ['mkdir -p made/deeper', '/workspace/made/deeper'],
      ['touch t.txt', '/workspace/t.txt'],
      ['cp a.txt c.txt', '/workspace/c.txt'],
      ['mv a.txt moved.txt', '/workspace/a.txt'],
      ["sed -i 's/A/Z/' a.txt", '/workspace/a.txt'],
      ['echo x | tee out.txt', '/workspace/out.txt'],
      ['{ echo x; } > .git-config', '/workspace/.git-config'],
      ['echo scratch > /tmp/x', '/tmp/x'],
      ['find . -name b.txt -delete', '/workspace/dir/b.txt'],
      ['awk \'BEGIN { print 1 > "w.txt" }\'', '/workspace/w.txt'],
    ];
    for (const [line, path] of lines) {
      const result = await ws.exec(line, { readOnly: true });
      expect(result.blockedWrites, line).toContain(path);
      expect(JSON.stringify(ws.tree.snapshot()), line).toBe(before);
    }
    // The same lines do write when not read-only: the list above is not a list of no-ops.
    expect((await ws.exec('echo x > a.txt')).blockedWrites).toBeUndefined();
    expect(await ws.readText('a.txt')).toBe('x\n');
  });

  test('a run that tried to write keeps the shell where it was', async () => {
    const ws = workspace({ 'dir/b.txt': 'B' });
    await ws.exec('cd dir && touch x', { readOnly: true });
    expect(ws.shellState().cwd).toBe('/workspace');
    await ws.exec('cd dir', { readOnly: true });
    expect(ws.shellState().cwd).toBe('/workspace/dir');
  });

  test("the shell's git reads through the view and cannot write either", async () => {
    const ws = workspace({ 'a.txt': 'A\n' });
    expect((await ws.exec('git init -q && git add a.txt && git commit -qm first')).exitCode).toBe(0);
    await ws.writeFile('a.txt', 'B\n');
    const before = JSON.stringify(ws.tree.snapshot());
    const status = await ws.exec('git status --short && git log --oneline | wc -l', { readOnly: true });
    expect(status.stdout).toBe(' M a.txt\n1\n');
    expect(status.blockedWrites).toBeUndefined();
    for (const line of ['git branch topic', 'git commit -qam second', 'git config user.name Mallory', 'git tag v1']) {
      const result = await ws.exec(line, { readOnly: true });
      expect(result.blockedWrites?.length, line).toBeGreaterThan(0);
      expect(JSON.stringify(ws.tree.snapshot()), line).toBe(before);
    }
  });

  test('a read-only view of a tree reads it live and refuses every change', () => {
    const tree = new FileTree('/w', { 'a.txt': 'A' });
    const refused: string[] = [];
    const view = tree.readOnlyView((op, path) => refused.push(`${op} ${path}`));
    expect(view instanceof FileTree).toBe(true);
    expect(view.writable).toBe(false);
    tree.writeFile('/w/b.txt', 'B');
    expect(view.readText('b.txt')).toBe('B');
    expect(view.listFiles()).toEqual(['/w/a.txt', '/w/b.txt']);
    expect(() => view.writeFile('a.txt', 'X')).toThrow(/EROFS/);
    expect(() => view.remove('a.txt')).toThrow(/EROFS/);
    expect(() => view.rename('a.txt', 'c.txt')).toThrow(/EROFS/);
    expect(() => view.mkdir('d')).toThrow(/EROFS/);
    expect(() => view.restore({})).toThrow(/EROFS/);
    expect(refused).toEqual(['open /w/a.txt', 'rm /w/a.txt', 'rename /w/c.txt', 'mkdir /w/d', 'restore /w']);
    expect(tree.readText('a.txt')).toBe('A');
    expect(tree.writable).toBe(true);
  });
});
