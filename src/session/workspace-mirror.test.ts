import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { openSessionStore, type SessionStore } from '../store/session-store';
import { createLiteWorkspace } from '../workspace/lite-workspace';
import { CHUNK_FILES, mirrorWorkspace } from './workspace-mirror';
import type { FileChanges } from '../store/session-store';

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

  test('a big tree is written in chunks, and afterwards only what changed is written', async () => {
    const calls: FileChanges[] = [];
    const recorder = { writeFiles: async (_id: string, changes: FileChanges) => void calls.push(changes) };
    const files: Record<string, string> = {};
    for (let i = 0; i < 2_100; i++) files[`src/d${i % 7}/f${i}.ts`] = `export const v = ${i};\n`;
    const ws = createLiteWorkspace({ files });
    const mirror = mirrorWorkspace(recorder, 's', ws, { fullSync: true, debounceMs: 10 });
    await mirror.flush();
    expect(calls.length).toBe(Math.ceil(2_100 / CHUNK_FILES));
    for (const call of calls) expect(call.put.length).toBeLessThanOrEqual(CHUNK_FILES);
    expect(calls.reduce((n, c) => n + c.put.length, 0)).toBe(2_100);
    // The first chunk drops stale records under the root, knowing every file the later chunks write.
    expect(calls[0].dirs).toEqual(['/workspace']);
    expect(calls[0].keep).toHaveLength(2_100);

    calls.length = 0;
    await ws.writeFile('src/d3/f3.ts', 'changed');
    await ws.remove('src/d4/f4.ts');
    await mirror.flush();
    expect(calls).toHaveLength(1);
    expect(calls[0].put.map((f) => f.path)).toEqual(['/workspace/src/d3/f3.ts']);
    expect(calls[0].removed).toEqual(['/workspace/src/d4/f4.ts']);
    await mirror.detach();
  });

  test('a directory written in several chunks keeps every file and drops only stale records', async () => {
    const store = await open();
    const { id } = await store.createSession();
    await store.writeFiles(id, {
      put: [{ path: '/workspace/stale.txt', data: new Uint8Array([1]), mtimeMs: 1 }],
      removed: [],
    });
    const files: Record<string, string> = {};
    for (let i = 0; i < CHUNK_FILES * 2 + 10; i++) files[`f${i}.txt`] = String(i);
    const ws = createLiteWorkspace({ files });
    const mirror = mirrorWorkspace(store, id, ws, { fullSync: true });
    await mirror.detach();
    const stored = await storedFiles(store, id);
    expect(Object.keys(stored)).toHaveLength(CHUNK_FILES * 2 + 10);
    expect(stored['/workspace/stale.txt']).toBeUndefined();
    const last = CHUNK_FILES * 2 + 9;
    expect(stored[`/workspace/f${last}.txt`]).toBe(String(last));
  });

  test('keepInMemory drops what is queued, stops a write under way at its next chunk, and writes nothing after', async () => {
    const store = await open();
    const { id } = await store.createSession();
    const ws = createLiteWorkspace();
    const calls: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = {
      // The first chunk waits, so the switch happens while a write is under way.
      writeFiles: async (sessionId: string, changes: FileChanges) => {
        calls.push(changes.put.length);
        if (calls.length === 1) await gate;
        await store.writeFiles(sessionId, changes);
      },
    };
    const mirror = mirrorWorkspace(slow, id, ws, { debounceMs: 10_000 });
    for (let i = 0; i < CHUNK_FILES * 2; i++) await ws.writeFile(`f${i}.txt`, `${i}`);
    const writing = mirror.flush();
    await vi.waitFor(() => expect(calls).toHaveLength(1), { timeout: 10_000, interval: 5 });
    let switched = false;
    const switching = mirror.keepInMemory().then(() => (switched = true));
    await Promise.resolve();
    expect(switched).toBe(false); // waits for the write under way
    release();
    await Promise.all([writing, switching]);
    await ws.writeFile('later.txt', 'not stored');
    await mirror.flush();
    await mirror.detach();
    expect(calls).toEqual([CHUNK_FILES]);
    expect(Object.keys(await storedFiles(store, id))).toHaveLength(CHUNK_FILES);
  });
});
