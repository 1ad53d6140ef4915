import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { AgentEvent } from '../../agent/events';
import { replayEvents } from '../../agent/transcript';
import { mirrorWorkspace } from '../../session/workspace-mirror';
import { createLiteWorkspace } from '../../workspace/lite-workspace';
import { StorageFullError } from '../quota';
import type { V1SessionRecord } from './db';
import { LOAD_PAGE } from './files';
import { openSessionStore, SessionLockedError, type SessionStore } from './index';

let dbCounter = 0;
const freshName = () => `sessions-test-${process.pid}-${++dbCounter}`;
const opened: SessionStore[] = [];
async function open(options: Parameters<typeof openSessionStore>[0] = {}): Promise<SessionStore> {
  const store = await openSessionStore(
    typeof options === 'string' ? { name: options } : { name: freshName(), ...options },
  );
  opened.push(store);
  return store;
}
afterEach(async () => {
  vi.restoreAllMocks();
  for (const store of opened.splice(0)) await store.close().catch(() => undefined);
});

const usage = { inputTokens: 100, outputTokens: 20, cacheReadTokens: 5, cacheWriteTokens: 0 };

/** One complete turn: user text, a tool round trip, a final answer. */
function turn(n: number, text = `request number ${n}`): AgentEvent[] {
  const turnId = `turn_${n}`;
  const callId = `call_${n}`;
  return [
    { type: 'turn-started', turnId, text, at: 1000 + n },
    { type: 'step-started', turnId, step: 1 },
    { type: 'text-delta', turnId, text: 'Let me ' },
    { type: 'text-delta', turnId, text: 'look.' },
    { type: 'tool-call-started', turnId, callId, name: 'Read' },
    { type: 'tool-call-delta', turnId, callId, argsDelta: '{"file_path":' },
    { type: 'tool-call-delta', turnId, callId, argsDelta: '"a.txt"}' },
    { type: 'tool-call', turnId, callId, name: 'Read', input: { file_path: 'a.txt' }, summary: 'Read a.txt' },
    { type: 'usage', turnId, model: 'claude-sonnet-4-5', usage },
    { type: 'assistant-message-ended', turnId, step: 1, stopReason: 'tool_use' },
    { type: 'tool-result', turnId, callId, name: 'Read', isError: false, content: '1\thello' },
    { type: 'step-started', turnId, step: 2 },
    { type: 'text-delta', turnId, text: `Answer ${n}: the file says hello.` },
    { type: 'usage', turnId, model: 'claude-sonnet-4-5', usage },
    { type: 'assistant-message-ended', turnId, step: 2, stopReason: 'end_turn' },
    { type: 'turn-ended', turnId, reason: 'done' },
  ];
}

async function appendAll(store: SessionStore, sessionId: string, events: AgentEvent[]): Promise<void> {
  await Promise.all(events.map((e) => store.appendEvent(sessionId, e)));
}

describe('events', () => {
  test('a session written event by event loads back to the same transcript, title and usage', async () => {
    const store = await open();
    const { id } = await store.createSession();
    const events = [...turn(1, 'Fix the failing test in src/app.ts\nIt fails since yesterday.'), ...turn(2)];
    for (const event of events) await store.appendEvent(id, event); // one at a time: no batching help
    const loaded = await store.loadSession(id);
    expect(loaded).not.toBeNull();
    expect(replayEvents(loaded!.events).messages).toEqual(replayEvents(events).messages);
    expect(loaded!.meta.title).toBe('Fix the failing test in src/app.ts');
    expect(loaded!.meta.usage.inputTokens).toBe(400);
    expect(loaded!.meta.usageByModel['claude-sonnet-4-5'].outputTokens).toBe(80);
    expect(loaded!.meta.status).toBe('idle');
    expect(loaded!.problems).toEqual([]);
  });

  test('appending a delta is one small put into events: the session is never rewritten', async () => {
    const store = await open();
    const { id } = await store.createSession();
    await appendAll(store, id, turn(1));
    const puts: string[] = [];
    const original = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      puts.push(this.name);
      return original.apply(this, args);
    });
    await store.appendEvent(id, { type: 'text-delta', turnId: 'turn_1', text: 'more' });
    expect(puts).toEqual(['events']);
  });

  test('deltas of one tick share a transaction and merge into one record, replaying identically', async () => {
    const store = await open();
    const { id } = await store.createSession();
    const events: AgentEvent[] = [
      { type: 'turn-started', turnId: 't', text: 'hi', at: 1 },
      { type: 'step-started', turnId: 't', step: 1 },
    ];
    for (let i = 0; i < 200; i++) events.push({ type: 'text-delta', turnId: 't', text: `w${i} ` });
    events.push(
      { type: 'assistant-message-ended', turnId: 't', step: 1, stopReason: 'end_turn' },
      { type: 'turn-ended', turnId: 't', reason: 'done' },
    );
    await appendAll(store, id, events);
    const loaded = await store.loadSession(id);
    expect(loaded!.events.length).toBe(5);
    expect(replayEvents(loaded!.events).messages).toEqual(replayEvents(events).messages);
  });

  test('a session reloaded mid-turn is marked interrupted', async () => {
    const name = freshName();
    // The tab keeps its writer id across reloads (sessionStorage), so its own lease does not block it.
    const first = await open({ name, writerId: 'tab-1' });
    const { id } = await first.createSession();
    await appendAll(first, id, turn(1).slice(0, 8)); // stops after the tool call: the page went away, no close()
    const second = await open({ name, writerId: 'tab-1' });
    const loaded = await second.loadSession(id);
    expect(loaded!.meta.status).toBe('interrupted');
    expect(loaded!.events.at(-1)?.type).toBe('tool-call');
  });

  test('truncateFromTurn drops that turn and everything after it, and appends continue after the cut', async () => {
    const store = await open();
    const { id } = await store.createSession();
    await appendAll(store, id, [...turn(1), ...turn(2), ...turn(3)]);
    const removed = await store.truncateFromTurn(id, 'turn_2');
    expect(removed).toBeGreaterThan(0);
    await appendAll(store, id, turn(4));
    const loaded = await store.loadSession(id);
    const starts = loaded!.events.filter((e) => e.type === 'turn-started').map((e) => (e as { turnId: string }).turnId);
    expect(starts).toEqual(['turn_1', 'turn_4']);
    expect(await store.truncateFromTurn(id, 'no-such-turn')).toBe(0);
  });
});

describe('session list', () => {
  test('sessions are listed by last use, found by title or content, renamed and deleted with everything they own', async () => {
    let now = 1_000;
    const store = await open({ now: () => now });
    const a = await store.createSession();
    await appendAll(store, a.id, turn(1, 'Write a parser for TOML files'));
    now = 2_000;
    const b = await store.createSession();
    await appendAll(store, b.id, turn(2, 'Add dark mode to the settings page'));
    expect((await store.listSessions()).map((s) => s.id)).toEqual([b.id, a.id]);
    now = 3_000;
    await store.touchSession(a.id);
    expect((await store.listSessions()).map((s) => s.id)).toEqual([a.id, b.id]);
    expect((await store.lastSession())?.id).toBe(a.id);

    expect((await store.listSessions({ search: 'toml' })).map((s) => s.id)).toEqual([a.id]);
    // Content, not only titles: the assistant's answer is searchable.
    expect((await store.listSessions({ search: 'answer 2' })).map((s) => s.id)).toEqual([b.id]);
    expect(await store.listSessions({ search: 'nothing-like-this' })).toEqual([]);

    await store.renameSession(b.id, 'Dark mode');
    expect((await store.getSession(b.id))?.title).toBe('Dark mode');
    await appendAll(store, b.id, turn(3)); // a later write keeps the new name
    expect((await store.listSessions({ search: 'dark mode' }))[0].title).toBe('Dark mode');

    const ws = createLiteWorkspace({ files: { 'x.txt': 'x' } });
    const attachment = mirrorWorkspace(store, b.id, ws, { fullSync: true });
    await attachment.flush();
    await store.saveCheckpoint(
      b.id,
      { id: 'cp1', turnId: 'turn_2', createdAt: 1, label: 'l', files: [['/workspace/x.txt', 'h1']] },
      new Map([['h1', new Uint8Array([1])]]),
    );
    await attachment.detach();
    await store.deleteSession(b.id);
    expect(await store.loadSession(b.id)).toBeNull();
    expect(await store.listCheckpoints(b.id)).toEqual([]);
    expect((await store.blobHashes(b.id)).size).toBe(0);
    expect(await store.loadSession(b.id)).toBeNull();
    expect((await store.listSessions()).map((s) => s.id)).toEqual([a.id]);
  });
});

describe('schema migration', () => {
  test('a version 1 database opens as version 2 with every session, event and file preserved', async () => {
    const name = freshName();
    const v1Events: AgentEvent[] = [
      ...turn(1, 'Create hello.txt'),
      { type: 'rules-changed', allow: ['Bash(ls:*)'], ask: [], deny: [] },
    ];
    const good: V1SessionRecord = {
      id: 's-old',
      title: 'Old session',
      createdAt: 10,
      updatedAt: 20,
      model: 'gpt-4.1',
      events: v1Events,
      files: { 'hello.txt': 'hi\n', '/workspace/src/a.ts': 'export {}\n' },
    };
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('sessions', { keyPath: 'id' });
      },
    });
    await v1.put('sessions', good);
    await v1.put('sessions', { id: 's-broken', title: 42, events: 'nope' });
    v1.close();

    const store = await open({ name });
    const loaded = await store.loadSession('s-old');
    expect(loaded!.meta.title).toBe('Old session');
    expect(loaded!.meta.rules.allow).toEqual(['Bash(ls:*)']);
    expect(loaded!.meta.usage.inputTokens).toBe(200);
    expect(replayEvents(loaded!.events).messages).toEqual(replayEvents(v1Events).messages);
    const files = Object.fromEntries(loaded!.files.map((f) => [f.path, new TextDecoder().decode(f.data)]));
    expect(files).toEqual({ '/workspace/hello.txt': 'hi\n', '/workspace/src/a.ts': 'export {}\n' });
    // The broken record is reported and kept aside, not fatal.
    expect(store.problems.some((p) => p.sessionId === 's-broken')).toBe(true);
    expect((await store.listSessions()).map((s) => s.id)).toEqual(['s-old']);
    // And the migrated session takes new events after the old ones.
    await appendAll(store, 's-old', turn(2));
    expect((await store.loadSession('s-old'))!.events.filter((e) => e.type === 'turn-started')).toHaveLength(2);
  });
});

describe('damaged records', () => {
  test('records that fail validation are skipped and reported, and the rest loads', async () => {
    const name = freshName();
    const store = await open({ name });
    const { id } = await store.createSession();
    await appendAll(store, id, turn(1));
    const ws = createLiteWorkspace({ files: { 'ok.txt': 'fine' } });
    const attachment = mirrorWorkspace(store, id, ws, { fullSync: true });
    await attachment.detach();

    const raw = await openDB(name);
    await raw.put('events', {
      sessionId: id,
      seq: 900,
      event: { type: 'tool-result', turnId: 'turn_1', callId: 'x', content: 42 },
    });
    await raw.put('events', { sessionId: id, seq: 901, event: 'garbage' });
    await raw.put('files', { sessionId: id, path: '/workspace/bad.bin', data: 'not bytes', mtimeMs: 1 });
    await raw.put('sessions', { id: 'broken-meta', title: 7 });
    raw.close();

    const loaded = await store.loadSession(id);
    expect(loaded!.events).toHaveLength(turn(1).length - 2); // two delta pairs merged
    expect(loaded!.files.map((f) => f.path)).toEqual(['/workspace/ok.txt']);
    expect(loaded!.problems.map((p) => p.store).sort()).toEqual(['events', 'events', 'files']);
    expect(loaded!.problems.find((p) => p.store === 'files')?.reason).toContain('/workspace/bad.bin');
    expect((await store.listSessions()).map((s) => s.id)).toEqual([id]);
    expect(store.problems.some((p) => p.sessionId === 'broken-meta')).toBe(true);
  });
});

describe('files kept in memory only', () => {
  test('the mark goes into the meta and only that session loses its file records; a damaged mark is reported', async () => {
    const name = freshName();
    const store = await open({ name });
    const kept = await store.createSession();
    const other = await store.createSession();
    for (const id of [kept.id, other.id])
      await mirrorWorkspace(store, id, createLiteWorkspace({ files: { 'a.txt': 'a', 'd/b.txt': 'b' } }), {
        fullSync: true,
      }).detach();

    await store.keepFilesInMemory(kept.id, { since: 5, source: 'https://example.com/big.git', folder: 'docs' });
    const loaded = await store.loadSession(kept.id);
    expect(loaded!.files).toEqual([]);
    expect(loaded!.meta.memoryOnly).toEqual({ since: 5, source: 'https://example.com/big.git', folder: 'docs' });
    const untouched = await store.loadSession(other.id);
    expect(untouched!.files.map((f) => f.path).sort()).toEqual(['/workspace/a.txt', '/workspace/d/b.txt']);
    expect(untouched!.meta.memoryOnly).toBeUndefined();

    // A mark of the wrong shape is a damaged record (reported), not a session that silently stores nothing.
    const raw = await openDB(name);
    await raw.put('sessions', { ...(await raw.get('sessions', other.id)), memoryOnly: { since: 'soon' } });
    raw.close();
    const reread = await (await open({ name })).loadSession(other.id);
    expect(reread!.meta.memoryOnly).toBeUndefined();
    expect(reread!.problems.map((p) => p.reason).join()).toContain('memoryOnly');
  });
});

describe('quota', () => {
  test('a full disk becomes a StorageFullError with sizes, and the queued event is written on retry', async () => {
    const store = await open();
    const { id } = await store.createSession();
    await appendAll(store, id, turn(1));
    const storage = {
      estimate: async () => ({ usage: 52_428_800, quota: 52_428_800 }),
      persisted: async () => true,
      persist: async () => true,
    };
    const hadNavigator = 'navigator' in globalThis;
    if (hadNavigator) Object.defineProperty(globalThis.navigator, 'storage', { configurable: true, value: storage });
    else Object.defineProperty(globalThis, 'navigator', { configurable: true, value: { storage } });
    try {
      const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      });
      const failed = store.appendEvent(id, { type: 'turn-started', turnId: 'turn_2', text: 'still here', at: 5 });
      await expect(failed).rejects.toBeInstanceOf(StorageFullError);
      await expect(failed).rejects.toThrow('Storage is full: 50 MB used of 50 MB; delete old sessions or export them');
      expect(store.pendingWrites(id)).toBe(1);
      spy.mockRestore();
      await store.flush(id);
      expect(store.pendingWrites(id)).toBe(0);
      const loaded = await store.loadSession(id);
      expect(loaded!.events.at(-1)).toMatchObject({ type: 'turn-started', text: 'still here' });
    } finally {
      if (hadNavigator) delete (globalThis.navigator as { storage?: unknown }).storage;
      else delete (globalThis as { navigator?: unknown }).navigator;
    }
  });
});

describe('two tabs', () => {
  test('a second writer is refused while the first holds the lease, and told once it lost it', async () => {
    const name = freshName();
    let now = 10_000;
    const tabA = await open({ name, writerId: 'tab-a', now: () => now, leaseStaleMs: 5_000 });
    const tabB = await open({ name, writerId: 'tab-b', now: () => now, leaseStaleMs: 5_000 });
    const { id } = await tabA.createSession();
    const claimA = await tabA.claimSession(id);
    expect(claimA.ok).toBe(true);
    await appendAll(tabA, id, turn(1));

    const claimB = await tabB.claimSession(id);
    expect(claimB).toMatchObject({ ok: false, holder: 'tab-a' });
    await expect(tabB.appendEvent(id, turn(2)[0])).rejects.toBeInstanceOf(SessionLockedError);
    expect((await tabB.loadSession(id))!.writtenElsewhere).toBe(true);

    // Tab A goes quiet past the stale time: B may take over, and A's next write is refused.
    now += 6_000;
    const tabB2 = await open({ name, writerId: 'tab-b', now: () => now, leaseStaleMs: 5_000 });
    expect((await tabB2.claimSession(id)).ok).toBe(true);
    await appendAll(tabB2, id, turn(2));
    await expect(tabA.appendEvent(id, turn(3)[0])).rejects.toBeInstanceOf(SessionLockedError);
    const loaded = await tabB2.loadSession(id);
    expect(loaded!.events.filter((e) => e.type === 'turn-started')).toHaveLength(2);
  });
});

describe('loading a big session', () => {
  test('every file comes back, read in pages', async () => {
    const store = await open();
    const { id } = await store.createSession();
    const other = await store.createSession();
    const count = LOAD_PAGE * 2 + 7;
    const put = Array.from({ length: count }, (_, i) => ({
      path: `/workspace/f${String(i).padStart(5, '0')}.txt`,
      data: new TextEncoder().encode(String(i)),
      mtimeMs: i,
    }));
    await store.writeFiles(id, { put, removed: [] });
    await store.writeFiles(other.id, {
      put: [{ path: '/workspace/zz.txt', data: new Uint8Array(1), mtimeMs: 1 }],
      removed: [],
    });
    const pages = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    const loaded = await store.loadSession(id);
    expect(loaded!.files).toHaveLength(count);
    expect(new Set(loaded!.files.map((f) => f.path)).size).toBe(count);
    expect(loaded!.files.at(-1)).toMatchObject({ path: `/workspace/f${String(count - 1).padStart(5, '0')}.txt` });
    // Three file pages (and the events'), never one request for everything.
    const filePages = pages.mock.calls.filter(([, n]) => n === LOAD_PAGE);
    expect(filePages).toHaveLength(3);
  });

  test('the paths alone come back first, from the keys: every file of the session and none of another', async () => {
    const store = await open();
    const { id } = await store.createSession();
    const other = await store.createSession();
    const put = Array.from({ length: 1_500 }, (_, i) => ({
      path: `/workspace/d${i % 7}/f${i}.txt`,
      data: new TextEncoder().encode(String(i)),
      mtimeMs: i,
    }));
    await store.writeFiles(id, { put, removed: [] });
    await store.writeFiles(other.id, {
      put: [{ path: '/workspace/zz.txt', data: new Uint8Array(1), mtimeMs: 1 }],
      removed: [],
    });
    const values = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    const paths = await store.listFilePaths(id);
    expect(values).not.toHaveBeenCalled();
    expect(paths.sort()).toEqual(put.map((f) => f.path).sort());
    expect(await store.listFilePaths('no-such-session')).toEqual([]);
  });
});
