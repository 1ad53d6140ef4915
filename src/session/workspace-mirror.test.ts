import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { openSessionStore, type SessionStore } from '../store/session-store';
import { createLiteWorkspace } from '../workspace/lite-workspace';
import { mirrorWorkspace } from './workspace-mirror';

let counter = 0;
const stores: SessionStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

async function open(): Promise<SessionStore> {
  const store = await openSessionStore({ name: `mirror-test-${process.pid}-${++counter}` });
  stores.push(store);
  return store;
}

const storedFiles = async (store: SessionStore, id: string): Promise<Record<string, string>> =>
  Object.fromEntries(
    ((await store.loadSession(id))?.files ?? []).map((f) => [f.path, new TextDecoder().decode(f.data)]),
  );

describe('workspace mirror', () => {
  test('file changes made by tools and by shell commands are persisted incrementally', async () => {
    const store = await open();
    const { id } = await store.createSession();
    const ws = createLiteWorkspace({ files: { 'keep.txt': 'keep', 'old/a.txt': 'a', 'old/b.txt': 'b' } });
    const mirror = mirrorWorkspace(store, id, ws, { fullSync: true, debounceMs: 10 });
    await mirror.flush();
    await ws.writeFile('notes.md', '# notes\n');
    await ws.exec('mkdir -p gen && echo 42 > gen/answer.txt && mv old renamed && rm keep.txt');
    await mirror.flush();
    const snapshot = Object.fromEntries(
      await Promise.all((await ws.listFiles()).map(async (p) => [p, await ws.readText(p)] as const)),
    );
    const stored = await storedFiles(store, id);
    expect(stored).toEqual(snapshot);
    expect(stored['/workspace/gen/answer.txt']).toBe('42\n');
    expect(stored['/workspace/keep.txt']).toBeUndefined();

    // Debounced: a burst of writes lands without an explicit flush.
    for (let i = 0; i < 20; i++) await ws.writeFile('burst.txt', `v${i}`);
    await vi.waitFor(async () => expect((await storedFiles(store, id))['/workspace/burst.txt']).toBe('v19'), {
      timeout: 10_000,
      interval: 20,
    });
    await mirror.detach();
  });

  test('after detach, changes are no longer written', async () => {
    const store = await open();
    const { id } = await store.createSession();
    const ws = createLiteWorkspace({ files: { 'a.txt': 'a' } });
    const mirror = mirrorWorkspace(store, id, ws, { fullSync: true });
    await mirror.detach();
    await ws.writeFile('b.txt', 'b');
    await mirror.flush();
    expect(await storedFiles(store, id)).toEqual({ '/workspace/a.txt': 'a' });
  });
});
