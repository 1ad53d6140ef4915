// A clone's files reach the workspace in batches written slice by slice (no task over a few ms),
// keep the mtimes the checkout's index recorded (so the first `git status` trusts it), and a
// cancel or a reload part-way never leaves a tree that passes for complete.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../src/git/cli';
import type { FileBatch } from '../src/git/clone-job';
import { storageCheck } from '../src/git/clone-budget';
import { writeBatch } from '../src/git/clone-writer';
import { findIncompleteClone, openRepo, removePartialClone } from '../src/git/open-repo';
import { mirrorWorkspace } from '../src/session/workspace-mirror';
import type { FileChanges } from '../src/store/session-store/files';
import { createLiteWorkspace, type LiteWorkspace } from '../src/workspace/lite-workspace';
import { startGitServer, type GitServer } from './fixtures/git-server';
import { makeFixtureRepo, type FixtureRepo } from './fixtures/make-fixture-repo';

let fixture: FixtureRepo;
let server: GitServer;

beforeAll(async () => {
  fixture = makeFixtureRepo();
  server = await startGitServer({ projectRoot: fixture.projectRoot });
}, 60_000);

afterAll(async () => {
  await server?.close();
  rmSync(fixture.projectRoot, { recursive: true, force: true });
});

/** A session store in memory: what a reload would restore. */
function memoryStore() {
  const saved = new Map<string, { data: Uint8Array; mtimeMs: number }>();
  return {
    saved,
    async writeFiles(_id: string, changes: FileChanges) {
      for (const path of [...changes.removed, ...(changes.dirs ?? [])])
        for (const key of [...saved.keys()]) if (key === path || key.startsWith(`${path}/`)) saved.delete(key);
      for (const f of changes.put) saved.set(f.path, { data: f.data, mtimeMs: f.mtimeMs });
    },
    /** A fresh workspace holding what was saved, as after a reload. */
    restore(): LiteWorkspace {
      const ws = createLiteWorkspace({ root: '/workspace' });
      for (const [path, f] of saved) ws.tree.writeFile(path, f.data, { mtimeMs: f.mtimeMs });
      return ws;
    },
  };
}

describe('writing a clone in slices', () => {
  it('a batch of 1,000 files is written in many short slices, one change list each, each file with its mtime and mode', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const files = Array.from({ length: 1000 }, (_, i) => ({
      path: `/workspace/d${i % 10}/f${i}.txt`,
      bytes: new TextEncoder().encode(`file ${i}\n`),
      mode: i === 7 ? 0o755 : 0o644,
      mtimeMs: 1_700_000_000_000 + i,
    }));
    const batch: FileBatch = { files, sent: 1000, total: 1000, totalBytes: 0 };
    // A clock that advances 1 ms per file: an 8 ms slice holds about 8 files.
    let t = 0;
    const lists: number[] = [];
    const unsubscribe = workspace.tree.subscribe((changes) => lists.push(changes.length));
    const slices = await writeBatch({ workspace, tree: workspace.tree }, batch, { now: () => t++, sliceMs: 8 });
    unsubscribe();
    expect(slices).toBeGreaterThan(50);
    // Listeners (tree view, mirror, workbench) hear once per slice, every change in it, not once per file.
    expect(lists).toHaveLength(slices);
    expect(lists.reduce((a, b) => a + b, 0)).toBe(1010); // 1,000 files and their 10 folders
    expect(workspace.tree.listFiles('/workspace')).toHaveLength(1000);
    expect(workspace.tree.stat('/workspace/d3/f3.txt')?.mtimeMs).toBe(1_700_000_000_003);
    expect(workspace.tree.get('/workspace/d7/f7.txt')?.mode).toBe(0o755);
  });

  it('an aborted write stops at the next slice', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const controller = new AbortController();
    const files = Array.from({ length: 100 }, (_, i) => ({
      path: `/workspace/f${i}`,
      bytes: new Uint8Array([i]),
      mode: 0o644,
      mtimeMs: 1,
    }));
    let t = 0;
    const writing = writeBatch(
      { workspace, tree: workspace.tree },
      { files, sent: 100, total: 100, totalBytes: 100 },
      { now: () => t++, sliceMs: 10, signal: controller.signal },
    );
    controller.abort();
    await expect(writing).rejects.toMatchObject({ name: 'AbortError' });
    expect(workspace.tree.listFiles('/workspace').length).toBeLessThanOrEqual(10);
  });

  it('a clone written in batches gives a clean first git status and a full file count', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const result = await openRepo({ url: `${server.url}/fixture.git`, workspace });
    expect(result).toMatchObject({ ok: true, fileCount: fixture.fileCount });
    const status = await runGit(['status', '--porcelain'], { workspace, cwd: '/workspace', env: {} });
    expect(status).toMatchObject({ exitCode: 0, stdout: '' });
    expect(await findIncompleteClone(workspace)).toBeNull();
  }, 60_000);
});

describe('a clone cut short', () => {
  it('cancelled while its files are written: nothing of it stays in the workspace or the saved session', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const store = memoryStore();
    const mirror = mirrorWorkspace(store, 's1', workspace, { debounceMs: 0 });
    const controller = new AbortController();
    let flushed = false;
    const result = await openRepo({
      url: `${server.url}/fixture.git`,
      workspace,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.phase !== 'Writing files' || flushed) return;
        // Part of the tree is written and saved; then the user cancels.
        flushed = true;
        void mirror.flush().then(() => controller.abort());
      },
    });
    expect(result).toMatchObject({ ok: false, error: { message: 'The clone was cancelled.' } });
    await mirror.detach();
    expect(flushed).toBe(true);
    expect(await workspace.list('/workspace')).toEqual([]);
    expect([...store.saved.keys()]).toEqual([]);
  }, 60_000);

  it('a reload part-way restores a state that says it is incomplete, and it can be removed', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const store = memoryStore();
    const mirror = mirrorWorkspace(store, 's1', workspace, { debounceMs: 0 });
    let reloaded: LiteWorkspace | null = null;
    const controller = new AbortController();
    await openRepo({
      url: `${server.url}/fixture.git`,
      workspace,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.phase !== 'Writing files' || reloaded) return;
        // The page goes away here: what was saved so far is what the next load finds.
        reloaded = createLiteWorkspace({ root: '/workspace' });
        void mirror.flush().then(() => {
          reloaded = store.restore();
          controller.abort();
        });
      },
    });
    await mirror.detach();
    const partial = reloaded as unknown as LiteWorkspace;
    expect(partial.tree.listFiles('/workspace').length).toBeGreaterThan(0);
    expect(await findIncompleteClone(partial)).toEqual({
      dir: '/workspace',
      url: `${server.url}/fixture.git`,
      label: expect.any(String),
    });
    await removePartialClone(partial, '/workspace');
    expect(await partial.list('/workspace')).toEqual([]);
  }, 60_000);
});

describe('the storage budget', () => {
  it('refuses a clone bigger than the free quota, in words; memory-only clones skip the check', async () => {
    const estimate = async () => ({ usage: 90 * 1024 * 1024, quota: 100 * 1024 * 1024 });
    const short = await storageCheck(20 * 1024 * 1024, true, estimate);
    expect(short?.message).toBe('This repository needs about 25 MB of browser storage; this site has 10 MB left.');
    expect(await storageCheck(20 * 1024 * 1024, false, estimate)).toBeNull();
    expect(await storageCheck(1024 * 1024, true, estimate)).toBeNull();
  });
});
