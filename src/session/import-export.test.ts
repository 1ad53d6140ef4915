import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startMockProvider, type MockProvider } from '../../test/fixtures/mock-provider';
import { hashBytes, rewindPoints } from '../agent/checkpoints';
import { replayEvents } from '../agent/transcript';
import { createProvider } from '../providers/create-provider';
import { openSessionStore, type SessionStore } from '../store/session-store';
import { builtinTools } from '../tools/index';
import { createLiteWorkspace } from '../workspace/lite-workspace';
import { buildExport, exportFileName, exportSession, serializeExport } from './export';
import { importSession } from './import';
import { LiveSession, type LiveSessionOptions } from './live-session';
import { sessionToMarkdown } from './markdown';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(async () => {
  await mock.close();
});

let n = 0;
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => undefined);
});

async function freshStore(): Promise<SessionStore> {
  const store = await openSessionStore({ name: `import-export-${++n}` });
  cleanup.push(() => store.close());
  return store;
}

function options(store: SessionStore): LiveSessionOptions {
  const provider = createProvider({
    preset: 'anthropic',
    format: 'anthropic',
    baseUrl: mock.url,
    apiKey: 'sk-import-export-key',
    model: 'claude-sonnet-4-5',
    retryBaseDelayMs: 5,
  });
  return { store, provider, tools: builtinTools, agent: { mode: 'bypassPermissions' }, debounceMs: 5, heartbeatMs: 0 };
}

/** A small recorded session with two turns, an edit, a shell change and a binary file. */
async function recordedSession(store: SessionStore): Promise<LiveSession> {
  mock.reset();
  mock.setScript([
    {
      kind: 'reply',
      toolCalls: [{ name: 'Write', input: { file_path: 'src/app.js', content: 'export const v = 1;\n' } }],
    },
    { kind: 'reply', text: 'Created src/app.js.' },
    {
      kind: 'reply',
      toolCalls: [{ name: 'Bash', input: { command: 'sed -i s/1/2/ src/app.js && echo built > dist.txt' } }],
    },
    { kind: 'reply', text: 'Bumped and built.' },
  ]);
  const workspace = createLiteWorkspace({
    files: { 'logo.bin': new Uint8Array([0, 255, 128, 7, 0xc3]), 'README.md': '# app\n```js\ncode\n```\n' },
  });
  const live = await LiveSession.create({ ...options(store), workspace });
  cleanup.push(() => live.close());
  await live.send('Create src/app.js');
  await live.send('Bump the version and build');
  await live.retryWrites();
  return live;
}

describe('export → import', () => {
  test('a session exported and imported into an empty browser has the same transcript, files and checkpoints', async () => {
    const source = await freshStore();
    const live = await recordedSession(source);
    const json = await live.exportJson({ checkpoints: true });
    expect(JSON.parse(json)).toMatchObject({ format: 'tidepool-session', version: 1 });
    const viaStore = serializeExport(await exportSession(source, live.id, { checkpoints: true }));
    expect(JSON.parse(viaStore).files).toEqual(JSON.parse(json).files);

    const target = await freshStore(); // "clear site data", another browser
    const result = await importSession(target, json);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.meta.id).toBe(live.id);
    const loaded = await target.loadSession(live.id);
    expect(replayEvents(loaded!.events).messages).toEqual(live.agent.messages);
    const files = Object.fromEntries(loaded!.files.map((f) => [f.path, Array.from(f.data)]));
    const expected: Record<string, number[]> = {};
    for (const path of await live.workspace.listFiles())
      expected[path] = Array.from(await live.workspace.readFile(path));
    expect(files).toEqual(expected);
    expect((await target.listSessions({ search: 'bump the version' }))[0]?.id).toBe(live.id);

    // Its checkpoints came along: the imported session can rewind to before the first message.
    const { session } = await LiveSession.open({ ...options(target), sessionId: live.id });
    cleanup.push(() => session.close());
    const [first] = rewindPoints(session.events);
    expect(await session.rewind(first.turnId, { files: true, conversation: true })).toMatchObject({ ok: true });
    expect((await session.workspace.listFiles()).sort()).toEqual(['/workspace/README.md', '/workspace/logo.bin']);
  });

  test('an imported log carrying mode-changed: bypassPermissions does not escalate, on open nor after a rewind', async () => {
    const source = await freshStore();
    const live = await recordedSession(source);
    const exported = JSON.parse(await live.exportJson({ checkpoints: true }));
    // A crafted file: it claims the session ran in bypass mode with everything allowed.
    exported.events.splice(1, 0, { type: 'mode-changed', mode: 'bypassPermissions' });
    exported.events.push({ type: 'rules-changed', allow: ['Bash(*)', 'Edit(*)'], ask: [], deny: [] });
    exported.events.push({ type: 'mode-changed', mode: 'bypassPermissions' });
    const target = await freshStore();
    const result = await importSession(target, JSON.stringify(exported));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const loaded = await target.loadSession(result.meta.id);
    expect(loaded!.events.some((e) => e.type === 'mode-changed' || e.type === 'rules-changed')).toBe(false);

    const userRules = { allow: [], ask: [], deny: ['Read(.env)'] };
    const { session } = await LiveSession.open({
      ...options(target),
      agent: { mode: 'default', rules: userRules },
      sessionId: result.meta.id,
    });
    cleanup.push(() => session.close());
    expect([session.agent.mode, session.agent.rules]).toEqual(['default', userRules]);
    const [, second] = rewindPoints(session.events);
    expect(await session.rewind(second.turnId, { files: true, conversation: true })).toMatchObject({ ok: true });
    expect([session.agent.mode, session.agent.rules]).toEqual(['default', userRules]);
  });

  test('a session reopened or rewound keeps the mode and rules it is given, whatever its own log recorded', async () => {
    const store = await freshStore();
    const live = await recordedSession(store);
    live.agent.setRules({ allow: ['Bash(rm:*)'], ask: [], deny: [] }); // recorded in its log
    await live.retryWrites();
    await live.close();
    const { session } = await LiveSession.open({ ...options(store), agent: { mode: 'plan' }, sessionId: live.id });
    cleanup.push(() => session.close());
    expect([session.agent.mode, session.agent.rules.allow]).toEqual(['plan', []]);
    const [first] = rewindPoints(session.events);
    await session.rewind(first.turnId, { files: false, conversation: true });
    expect([session.agent.mode, session.agent.rules.allow]).toEqual(['plan', []]);
  });

  test('importing twice keeps both: the second gets a new id', async () => {
    const source = await freshStore();
    const live = await recordedSession(source);
    const json = await live.exportJson();
    const again = await importSession(source, json);
    expect(again.ok && again.meta.id).not.toBe(live.id);
    expect(await source.listSessions()).toHaveLength(2);
  });
});

describe('hostile or damaged files fail clearly and change nothing', () => {
  let helloHash = '';
  beforeAll(async () => {
    helloHash = await hashBytes(new TextEncoder().encode('hello'));
  });
  const base = () =>
    buildExport({
      meta: {
        id: 's1',
        title: 'T',
        createdAt: 1,
        updatedAt: 2,
        model: 'm',
        usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
        usageByModel: {},
        rules: { allow: [], ask: [], deny: [] },
        root: '/workspace',
      },
      events: [{ type: 'turn-started', turnId: 't', text: 'hi', at: 1 }],
      files: [{ path: '/workspace/a.txt', data: new TextEncoder().encode('hello') }],
      checkpoints: [{ id: 't', turnId: 't', createdAt: 1, label: 'hi', files: [['/workspace/a.txt', helloHash]] }],
      blobs: new Map([[helloHash, new TextEncoder().encode('hello')]]),
    });
  const mutate = (fn: (e: any) => void) => {
    const e = JSON.parse(JSON.stringify(base()));
    fn(e);
    return JSON.stringify(e);
  };
  const cases: Array<[string, () => string | Uint8Array, RegExp]> = [
    ['bad JSON', () => '{"format": "tidepool-session", "version": 1,', /not valid JSON/],
    ['not an export', () => '{"hello": "world"}', /not a Tidepool session export/],
    ['a newer version', () => mutate((e) => (e.version = 2)), /newer Tidepool \(format version 2\)/],
    ['an unknown old version', () => mutate((e) => (e.version = 0)), /format version 0 is not supported/],
    [
      'a path with ..',
      () => mutate((e) => (e.files[0].path = '../x')),
      /files\[0\]\.path "\.\.\/x" escapes the workspace root/,
    ],
    [
      'an absolute path outside the root',
      () => mutate((e) => (e.files[0].path = '/etc/passwd')),
      /outside the workspace root/,
    ],
    [
      'a path hidden in the middle',
      () => mutate((e) => (e.files[0].path = 'src/../../etc/passwd')),
      /escapes the workspace root/,
    ],
    [
      'a checkpoint path escaping',
      () => mutate((e) => (e.checkpoints[0].files[0][0] = '../../x')),
      /checkpoints\[0\]\.files\[0\]/,
    ],
    ['a huge declared size', () => mutate((e) => (e.files[0].size = 10 * 1024 ** 3)), /over the 50 MB limit per file/],
    ['a size that lies', () => mutate((e) => (e.files[0].size = 3)), /larger than the 3 bytes it declares/],
    ['non-string content', () => mutate((e) => (e.files[0].content = 42)), /files\.0\.content/],
    [
      'bad base64',
      () => mutate((e) => ((e.files[0].encoding = 'base64'), (e.files[0].content = '%%%%'), (e.files[0].size = 3))),
      /not valid base64/,
    ],
    [
      'a prototype-pollution key',
      () =>
        mutate((e) => (e.session.usageByModel = { x: 1 })).replace(
          '"usageByModel":{"x":1}',
          '"usageByModel":{"__proto__":{"polluted":true}}',
        ),
      /"__proto__"/,
    ],
    [
      'a constructor key',
      () => mutate(() => undefined).replace('"title":"T"', '"title":"T","constructor":{"prototype":{"polluted":true}}'),
      /"(constructor|prototype)"/,
    ],
    [
      'an invalid event',
      () =>
        mutate(
          (e) =>
            (e.events = [{ type: 'tool-result', turnId: 't', callId: 'c', name: 'Read', isError: false, content: 7 }]),
        ),
      /events\[0\] is not a valid event/,
    ],
    [
      'a blob that does not match its hash',
      () => mutate((e) => ((e.blobs[0].hash = 'sha256:00'), (e.checkpoints[0].files[0][1] = 'sha256:00'))),
      /does not match its hash/,
    ],
    [
      'a checkpoint with missing content',
      () => mutate((e) => (e.checkpoints[0].files[0][1] = 'sha256:missing')),
      /refers to content that is not in the file/,
    ],
    ['bytes that are not UTF-8', () => new Uint8Array([0xff, 0xfe, 0x00]), /not UTF-8/],
  ];
  test.each(cases)('%s', async (_name, input, message) => {
    const store = await freshStore();
    const existing = await store.createSession({ title: 'already here' });
    const result = await importSession(store, input());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(message);
    expect(result.error).toMatch(/Nothing was imported\.$/);
    expect((await store.listSessions()).map((s) => s.id)).toEqual([existing.id]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('the untouched base file does import (so each case above fails for its own reason)', async () => {
    const store = await freshStore();
    expect(await importSession(store, serializeExport(base()))).toMatchObject({ ok: true });
  });
});

describe('markdown', () => {
  test('the conversation reads as Markdown with tool calls and fenced results that content cannot break out of', async () => {
    const store = await freshStore();
    const live = await recordedSession(store);
    const md = sessionToMarkdown({ title: 'Demo', createdAt: 0, model: 'claude-sonnet-4-5' }, [
      ...live.events,
      { type: 'tool-result', turnId: 'x', callId: 'y', name: 'Read', isError: false, content: 'has ``` inside' },
    ]);
    expect(md).toMatch(/^# Demo\n/);
    expect(md).toContain('## User\n\nCreate src/app.js');
    expect(md).toContain('## Assistant');
    expect(md).toContain('**Write**');
    expect(md).toContain('Bumped and built.');
    expect(md).toContain('_Files changed:_ added `/workspace/dist.txt`, modified `/workspace/src/app.js`');
    expect(md).toContain('````\nhas ``` inside\n````');
    expect(exportFileName('Fix the TOML parser!', Date.UTC(2026, 10, 24))).toBe(
      'tidepool-fix-the-toml-parser-2026-11-24.json',
    );
  });
});
