import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { startMockProvider, type MockProvider, type ScriptStep } from '../../test/fixtures/mock-provider';
import { rewindPoints } from '../agent/checkpoints';
import { replayEvents } from '../agent/transcript';
import { createProvider } from '../providers/create-provider';
import { StorageFullError } from '../store/quota';
import { openSessionStore, SessionLockedError, type SessionStore } from '../store/session-store';
import { builtinTools } from '../tools/index';
import { createLiteWorkspace } from '../workspace/lite-workspace';
import type { Workspace } from '../workspace/types';
import { LiveSession, type LiveSessionOptions, type PersistenceStatus } from './live-session';

const KEY = 'sk-ant-live-session-secret-0123456789';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

let n = 0;
const stores: SessionStore[] = [];
const sessions: LiveSession[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const s of sessions.splice(0)) await s.close().catch(() => undefined);
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
});

async function openStore(name: string, writerId = 'tab-1'): Promise<SessionStore> {
  const store = await openSessionStore({ name, writerId });
  stores.push(store);
  return store;
}

function options(store: SessionStore, extra: Partial<LiveSessionOptions> = {}): LiveSessionOptions {
  const provider = createProvider({
    preset: 'anthropic',
    format: 'anthropic',
    baseUrl: mock.url,
    apiKey: KEY,
    model: 'claude-sonnet-4-5',
    retryBaseDelayMs: 5,
  });
  return {
    store,
    provider,
    tools: builtinTools,
    agent: { mode: 'bypassPermissions' },
    debounceMs: 5,
    heartbeatMs: 0,
    ...extra,
  };
}

async function track<T extends LiveSession | { session: LiveSession }>(value: Promise<T>): Promise<T> {
  const v = await value;
  sessions.push(v instanceof LiveSession ? v : v.session);
  return v;
}

async function filesOf(ws: Workspace): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const path of await ws.listFiles()) out[path] = await ws.readText(path);
  return out;
}

const task: ScriptStep[] = [
  {
    kind: 'reply',
    text: 'Writing the notes.',
    toolCalls: [{ name: 'Write', input: { file_path: '/workspace/notes.txt', content: 'apple\nbanana\ncherry\n' } }],
  },
  { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'grep an notes.txt | wc -l > count.txt' } }] },
  {
    kind: 'reply',
    toolCalls: [{ name: 'Edit', input: { file_path: 'notes.txt', old_string: 'banana', new_string: 'blueberry' } }],
  },
  { kind: 'reply', text: 'Done: banana is now blueberry.' },
];

describe('reload', () => {
  test('a session reopened after a reload has the same transcript and files, and goes on', async () => {
    const name = `live-${++n}`;
    const store = await openStore(name);
    mock.setScript(task);
    const live = await track(
      LiveSession.create({ ...options(store), workspace: createLiteWorkspace({ files: { 'README.md': '# demo\n' } }) }),
    );
    expect(await live.send('Make notes, count, rename banana')).toBe('done');
    await live.retryWrites(); // what the debounce would do a moment later
    const files = await filesOf(live.workspace);
    const messages = structuredClone(live.agent.messages);

    // The page reloads: a new store connection in the same tab, no close().
    const store2 = await openStore(name);
    const { session, problems, interrupted } = await track(
      LiveSession.open({ ...options(store2), sessionId: live.id }),
    );
    expect(problems).toEqual([]);
    expect(interrupted).toBe(false);
    expect(session.agent.messages).toEqual(messages);
    expect(await filesOf(session.workspace)).toEqual(files);
    expect(session.agent.totalUsage.outputTokens).toBeGreaterThan(0);
    expect((await session.meta)?.title).toBe('Make notes, count, rename banana');

    mock.setScript([{ kind: 'reply', text: 'Still here.' }]);
    expect(await session.send('and now?')).toBe('done');
    expect(JSON.stringify(mock.requests.at(-1)!.body.messages)).toContain('blueberry');
  });

  test('a reload mid-tool marks the turn interrupted, keeps the files, and the session continues', async () => {
    const name = `live-${++n}`;
    const store = await openStore(name);
    mock.setScript([
      {
        kind: 'reply',
        toolCalls: [
          { name: 'Write', input: { file_path: 'a.txt', content: 'written before the reload\n' } },
          { name: 'Bash', input: { command: 'sleep 10' } },
        ],
      },
    ]);
    const live = await track(LiveSession.create(options(store)));
    const turn = live.send('write then wait');
    await waitFor(() => live.events.some((e) => e.type === 'tool-result'));
    await waitFor(() => live.events.some((e) => e.type === 'tool-call' && e.name === 'Bash'));
    await live.retryWrites();

    const store2 = await openStore(name);
    const { session, interrupted } = await track(LiveSession.open({ ...options(store2), sessionId: live.id }));
    expect(interrupted).toBe(true);
    expect(await session.workspace.readText('a.txt')).toBe('written before the reload\n');
    const last = session.events.slice(-2);
    expect(last[0]).toMatchObject({ type: 'tool-result', name: 'Bash', interrupted: true });
    expect(last[1]).toMatchObject({ type: 'turn-ended', reason: 'aborted' });
    expect(replayEvents(session.events).messages).toEqual(session.agent.messages);

    mock.setScript([{ kind: 'reply', text: 'Continuing after the interruption.' }]);
    expect(await session.send('continue')).toBe('done');
    expect(JSON.stringify(mock.requests.at(-1)!.body.messages)).toMatch(/Interrupted: the page was closed or reloaded/);
    live.agent.abort();
    await turn;
  });

  test('each turn ends with one files-changed event (paths and kinds, any tool), which subscribers see and the log keeps', async () => {
    const name = `live-${++n}`;
    const store = await openStore(name);
    mock.setScript([...task, { kind: 'reply', text: 'Nothing to change.' }]);
    const live = await track(LiveSession.create(options(store)));
    const heard: string[] = [];
    live.subscribe((event) => heard.push(event.type));
    await live.send('Make notes, count, rename banana');
    await live.send('anything else?');
    // Right after the turn's end, before the next turn starts; a turn that changed nothing adds none.
    expect(heard.filter((t) => t === 'turn-ended' || t === 'files-changed' || t === 'turn-started')).toEqual([
      'turn-started',
      'turn-ended',
      'files-changed',
      'turn-started',
      'turn-ended',
    ]);
    const changed = live.events.filter((e) => e.type === 'files-changed');
    expect(changed).toEqual([
      {
        type: 'files-changed',
        turnId: rewindPoints(live.events)[0].turnId,
        files: [
          { path: '/workspace/count.txt', change: 'added' },
          { path: '/workspace/notes.txt', change: 'added' },
        ],
      },
    ]);
    await live.retryWrites();
    const stored = await store.loadSession(live.id);
    expect(stored!.events.filter((e) => e.type === 'files-changed')).toEqual(changed);
  });

  test('each turn’s changed files, with contents before and after, come back after a reload from the log and the checkpoints', async () => {
    const name = `live-${++n}`;
    const store = await openStore(name);
    mock.setScript([
      ...task,
      {
        kind: 'reply',
        toolCalls: [{ name: 'Bash', input: { command: 'rm count.txt && echo "let x = 1;" > src.js' } }],
      },
      { kind: 'reply', text: 'Cleaned up.' },
      { kind: 'reply', text: 'Nothing to change.' },
    ]);
    const live = await track(
      LiveSession.create({
        ...options(store),
        workspace: createLiteWorkspace({ files: { 'README.md': '# demo\n', '.git/HEAD': 'ref: refs/heads/main\n' } }),
      }),
    );
    await live.send('Make notes, count, rename banana');
    await live.send('clean up');
    await live.workspace.writeFile('.git/index', 'git wrote this'); // git's store never counts as a change
    await live.send('anything else?');
    await live.retryWrites();
    const [first, second] = rewindPoints(live.events).map((p) => p.turnId);

    const store2 = await openStore(name);
    const { session } = await track(LiveSession.open({ ...options(store2), sessionId: live.id }));
    const turns = await session.turnChanges();
    const text = (data: Uint8Array | null) => (data ? new TextDecoder().decode(data) : null);
    expect(turns.map((t) => [t.turnId, t.label, t.files.map((f) => [f.path, f.change])])).toEqual([
      [
        first,
        'Make notes, count, rename banana',
        [
          ['/workspace/count.txt', 'added'],
          ['/workspace/notes.txt', 'added'],
        ],
      ],
      [
        second,
        'clean up',
        [
          ['/workspace/count.txt', 'deleted'],
          ['/workspace/src.js', 'added'],
        ],
      ],
    ]);
    const notes = turns[0].files.find((f) => f.path === '/workspace/notes.txt')!;
    expect([text(notes.before), text(notes.after)]).toEqual([null, 'apple\nblueberry\ncherry\n']);
    const removed = turns[1].files.find((f) => f.path === '/workspace/count.txt')!;
    expect([text(removed.before), text(removed.after)]).toEqual(['1\n', null]);
  });

  test('after a reload the first checkpoint reads only the files changed since the last one, and still restores exactly', async () => {
    const name = `live-${++n}`;
    const store = await openStore(name);
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`src/f${i}.ts`] = `export const v${i} = ${i};\n`;
    mock.setScript([
      { kind: 'reply', text: 'one' },
      { kind: 'reply', text: 'two' },
    ]);
    const live = await track(LiveSession.create({ ...options(store), workspace: createLiteWorkspace({ files }) }));
    await live.send('first');
    await live.workspace.writeFile('src/f7.ts', 'edited by the user after the checkpoint\n');
    await live.retryWrites();

    const store2 = await openStore(name);
    const reads: string[] = [];
    const { session } = await track(
      LiveSession.open({
        ...options(store2),
        sessionId: live.id,
        createWorkspace: ({ root, files: restored }) => {
          const lite = createLiteWorkspace({ root, files: Object.fromEntries(restored.map((f) => [f.path, f.data])) });
          return Object.assign(Object.create(lite) as Workspace, {
            readFile: (path: string) => {
              reads.push(path);
              return lite.readFile(path);
            },
          });
        },
      }),
    );
    mock.setScript([{ kind: 'reply', text: 'two' }]);
    await session.send('second');
    expect(reads).toEqual(['/workspace/src/f7.ts']);

    // The hashes taken over are the right ones: going back to the first checkpoint undoes the user's edit only.
    await session.workspace.writeFile('src/f8.ts', 'changed later\n');
    const [first] = rewindPoints(session.events).map((p) => p.turnId);
    await session.rewind(first, { files: true, conversation: false });
    expect(await session.workspace.readText('src/f7.ts')).toBe('export const v7 = 7;\n');
    expect(await session.workspace.readText('src/f8.ts')).toBe('export const v8 = 8;\n');
  });

  test('a second tab cannot open the session for writing while the first holds it', async () => {
    const name = `live-${++n}`;
    const tab1 = await openStore(name, 'tab-1');
    const live = await track(LiveSession.create(options(tab1)));
    const tab2 = await openStore(name, 'tab-2');
    await expect(LiveSession.open({ ...options(tab2), sessionId: live.id })).rejects.toBeInstanceOf(SessionLockedError);
    const taken = await track(LiveSession.open({ ...options(tab2), sessionId: live.id, takeOver: true }));
    expect(taken.session.id).toBe(live.id);
  });
});

describe('keys', () => {
  test('no stored record and no export contains the API key', async () => {
    const name = `live-${++n}`;
    const store = await openStore(name);
    mock.setScript(task);
    const live = await track(LiveSession.create(options(store)));
    await live.send('Make notes, count, rename banana');
    await live.retryWrites();
    expect(mock.requests[0].headers['x-api-key'] ?? mock.requests[0].headers.authorization).toContain(KEY);

    const raw = await openDB(name);
    const decoder = new TextDecoder();
    const dump = JSON.stringify(await Promise.all([...raw.objectStoreNames].map((s) => raw.getAll(s))), (_k, v) =>
      v instanceof Uint8Array ? decoder.decode(v) : v,
    );
    raw.close();
    expect(dump).toContain('blueberry'); // the scan does see the session's content
    expect(dump).not.toContain(KEY);
    expect(await live.exportJson({ checkpoints: true })).not.toContain(KEY);
    expect(await live.exportMarkdown()).not.toContain(KEY);
  });

  test('a key the user pasted into a message is scrubbed from the export when passed as redact', async () => {
    const store = await openStore(`live-${++n}`);
    mock.setScript([{ kind: 'reply', text: 'Please never paste keys.' }]);
    const live = await track(LiveSession.create(options(store)));
    await live.send(`my key is ${KEY}, why does it fail?`);
    const json = await live.exportJson({ redact: [KEY] });
    expect(json).not.toContain(KEY);
    expect(json).toContain('[redacted]');
  });
});

describe('rewind and fork', () => {
  test('rewind cuts the stored log too, so a reload shows the rewound session and its files', async () => {
    const name = `live-${++n}`;
    const store = await openStore(name);
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'echo one > a.txt' } }] },
      { kind: 'reply', text: 'one' },
      { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'echo two > a.txt && echo extra > b.txt' } }] },
      { kind: 'reply', text: 'two' },
    ]);
    const live = await track(LiveSession.create(options(store)));
    await live.send('first');
    await live.send('second');
    const [, second] = rewindPoints(live.events).map((p) => p.turnId);
    const result = await live.rewind(second, { files: true, conversation: true });
    expect(result).toMatchObject({ ok: true, prompt: 'second' });
    expect(await filesOf(live.workspace)).toEqual({ '/workspace/a.txt': 'one\n' });

    const store2 = await openStore(name);
    const { session } = await track(LiveSession.open({ ...options(store2), sessionId: live.id }));
    expect(rewindPoints(session.events).map((p) => p.text)).toEqual(['first']);
    expect(await filesOf(session.workspace)).toEqual({ '/workspace/a.txt': 'one\n' });
    expect(session.agent.messages).toEqual(live.agent.messages);
  });

  test('fork creates an independent session listed next to the original', async () => {
    const name = `live-${++n}`;
    const store = await openStore(name);
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'a.txt', content: 'base\n' } }] },
      { kind: 'reply', text: 'ok' },
      { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'echo later >> a.txt' } }] },
      { kind: 'reply', text: 'ok' },
    ]);
    const live = await track(LiveSession.create(options(store)));
    await live.send('make a');
    await live.send('append');
    const [first] = rewindPoints(live.events).map((p) => p.turnId);
    const forked = await live.fork(first);
    expect(forked.ok).toBe(true);
    if (!forked.ok) return;
    expect((await store.listSessions()).map((s) => s.id).sort()).toEqual([live.id, forked.sessionId].sort());

    const { session: branch } = await track(LiveSession.open({ ...options(store), sessionId: forked.sessionId }));
    expect(await branch.workspace.readText('a.txt')).toBe('base\n');
    expect(rewindPoints(branch.events).map((p) => p.text)).toEqual(['make a']);
    expect((await branch.meta)?.forkedFrom).toEqual({ sessionId: live.id, turnId: first });
    await branch.workspace.writeFile('a.txt', 'changed in the fork\n');
    await branch.retryWrites();
    expect(await live.workspace.readText('a.txt')).toBe('base\nlater\n');
    const original = await store.loadSession(live.id);
    expect(new TextDecoder().decode(original!.files.find((f) => f.path === '/workspace/a.txt')!.data)).toBe(
      'base\nlater\n',
    );
  });
});

describe('storage full', () => {
  test('the session keeps working in memory, the UI is told, and a retry stores everything', async () => {
    const name = `live-${++n}`;
    const store = await openStore(name);
    const statuses: PersistenceStatus[] = [];
    mock.setScript([
      { kind: 'reply', text: 'First.' },
      { kind: 'reply', text: 'Second, while the disk is full.' },
    ]);
    const live = await track(LiveSession.create({ ...options(store), onStatus: (s) => statuses.push(s) }));
    await live.send('one');
    await live.retryWrites();

    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    expect(await live.send('two')).toBe('done');
    await waitFor(() => statuses.some((s) => s.kind === 'storage-full'));
    const full = statuses.find(
      (s): s is Extract<PersistenceStatus, { kind: 'storage-full' }> => s.kind === 'storage-full',
    )!;
    expect(full.error).toBeInstanceOf(StorageFullError);
    expect(full.error.message).toMatch(/^Storage is full.*delete old sessions or export them/);
    expect(live.agent.messages).toHaveLength(4); // nothing lost in memory

    spy.mockRestore();
    await live.retryWrites();
    expect(statuses.at(-1)?.kind).toBe('saved');
    const loaded = await store.loadSession(live.id);
    expect(replayEvents(loaded!.events).messages).toEqual(live.agent.messages);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
