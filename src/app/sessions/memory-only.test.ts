import 'fake-indexeddb/auto';
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startGitServer, type GitServer } from '../../../test/fixtures/git-server';
import { makeFixtureRepo, type FixtureRepo } from '../../../test/fixtures/make-fixture-repo';
import { startMockProvider, testApp, useMock, type MockProvider, type TestApp } from '../../../test/fixtures/test-app';
import { when } from '../store';

// "Keep in memory only" through the whole app: a real git HTTP server, the lite workspace, fake
// IndexedDB. A second app on the same databases is a reload.

let fixture: FixtureRepo;
let server: GitServer;
let mock: MockProvider;
beforeAll(async () => {
  fixture = makeFixtureRepo();
  server = await startGitServer({ projectRoot: fixture.projectRoot });
  mock = await startMockProvider({ port: 0 });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await mock?.close();
  rmSync(fixture.projectRoot, { recursive: true, force: true });
});

let n = 0;
const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.sessions.close({ database: true });
});
async function open(browser: string): Promise<TestApp> {
  const app = testApp(browser);
  apps.push(app);
  await useMock(app, mock);
  return app;
}

/** What a reload would find for the open session: its stored file paths and meta. */
async function stored(app: TestApp) {
  const live = app.sessions.store.get().conversation!.live!;
  await live.retryWrites(); // writes whatever the mirror still has queued
  const storage = await app.sessions.storage();
  if (!storage.ok) throw new Error(storage.error);
  const loaded = await storage.value.loadSession(live.id);
  return { files: loaded!.files.map((f) => f.path).sort(), meta: loaded!.meta };
}

describe('keep in memory only', { timeout: 60_000 }, () => {
  test('a memory-only clone is in the workspace but not stored; a reload says its files are gone and clones again', async () => {
    const browser = `memory-only-${++n}`;
    const url = `${server.url}/fixture.git`;
    const app = await open(browser);
    await app.workspace.writeFile('notes.txt', 'written before the clone\n');
    expect((await stored(app)).files).toEqual(['/workspace/notes.txt']);

    const before = app.sessions.store.get().current!.id;

    await app.git.open(url, { memoryOnly: true });
    const opened = app.git.store.get().open;
    expect(opened).toMatchObject({ kind: 'opened', opened: { commit: fixture.head, dir: '/workspace' } });
    // The session had the user's own file: the repository went into a new session, and the
    // user's stays stored as it was.
    expect(app.sessions.store.get().current!.id).not.toBe(before);
    expect(await app.workspace.readText('README.md')).toContain('# Fixture');
    const storage = await app.sessions.storage();
    if (!storage.ok) throw new Error(storage.error);
    expect((await storage.value.loadSession(before))!.files.map((f) => f.path)).toEqual(['/workspace/notes.txt']);
    expect(app.sessions.memoryOnly.store.get()).toMatchObject({ kept: { source: url }, lost: null });
    // A change after the switch is not stored either.
    await app.workspace.writeFile('later.txt', 'edited after\n');
    const after = await stored(app);
    expect(after.files).toEqual([]);
    expect(after.meta.memoryOnly).toMatchObject({ source: url });
    await app.sessions.close();

    const reloaded = await open(browser);
    expect(await reloaded.workspace.listFiles()).toEqual([]);
    const { lost } = reloaded.sessions.memoryOnly.store.get();
    expect(lost).toMatchObject({ source: url });
    expect(reloaded.sessions.memoryOnly.store.get().kept).not.toBeNull();

    // "Clone again" from the notice: the files are back for this page and the notice goes.
    await reloaded.git.open(lost!.source!, { folder: lost!.folder, memoryOnly: true });
    await when(reloaded.git.store, (s) => s.open.kind === 'opened');
    expect(await reloaded.workspace.readText('README.md')).toContain('# Fixture');
    expect(reloaded.sessions.memoryOnly.store.get().lost).toBeNull();
    expect((await stored(reloaded)).files).toEqual([]);
  });

  test('a normal clone is stored and comes back after a reload, with no memory-only note', async () => {
    const browser = `memory-only-${++n}`;
    const app = await open(browser);
    await app.git.open(`${server.url}/fixture.git`);
    expect(app.git.store.get().open).toMatchObject({ kind: 'opened' });
    const saved = await stored(app);
    expect(saved.files).toContain('/workspace/README.md');
    expect(saved.meta.memoryOnly).toBeUndefined();
    expect(app.sessions.memoryOnly.store.get()).toEqual({ kept: null, lost: null });
    await app.sessions.close();

    const reloaded = await open(browser);
    expect(await reloaded.workspace.readText('README.md')).toContain('# Fixture');
    expect(reloaded.sessions.memoryOnly.store.get()).toEqual({ kept: null, lost: null });
  });

  test('switching to another session shows its own state, not the memory-only one', async () => {
    const app = await open(`memory-only-${++n}`);
    await app.git.open(`${server.url}/fixture.git`, { memoryOnly: true });
    expect(app.sessions.memoryOnly.store.get().kept).not.toBeNull();
    expect((await app.sessions.newSession()).ok).toBe(true);
    expect(app.sessions.memoryOnly.store.get()).toEqual({ kept: null, lost: null });
  });
});
