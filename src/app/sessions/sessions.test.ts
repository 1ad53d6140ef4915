import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  chatShape,
  startMockProvider,
  testApp,
  useMock,
  type MockProvider,
  type TestApp,
} from '../../../test/fixtures/test-app';
import { when } from '../store';

// The sessions store against a real lite workspace, fake IndexedDB and the scripted mock
// provider. A second app on the same databases is a reload (or a second tab).

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider({ port: 0 });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

let n = 0;
const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.sessions.close({ database: true });
});
function open(browser: string): TestApp {
  const app = testApp(browser);
  apps.push(app);
  return app;
}

const writeTurn = (path: string, content: string, answer: string) => [
  { kind: 'reply' as const, toolCalls: [{ name: 'Write', input: { file_path: path, content } }] },
  { kind: 'reply' as const, text: answer },
];

describe('sessions', { timeout: 60_000 }, () => {
  test('a reload reopens the last session: the same chat, its "files changed" card in place, the same files', async () => {
    const browser = `sessions-${++n}`;
    const app = open(browser);
    await useMock(app, mock);
    mock.setScript([...writeTurn('plan.md', '# Plan\n', 'Saved the plan.'), { kind: 'reply', text: 'Nothing else.' }]);
    await app.send('write a plan');
    await app.send('anything else?');
    const before = chatShape(app);
    expect(before).toEqual([
      '> write a plan',
      '[Write done]',
      'Saved the plan.',
      'changes: A /workspace/plan.md',
      '> anything else?',
      'Nothing else.',
    ]);
    expect(app.sessions.store.get().current?.title).toBe('write a plan');
    await app.sessions.close();

    const reloaded = open(browser);
    await reloaded.sessions.ready;
    expect(chatShape(reloaded)).toEqual(before);
    expect(await reloaded.workspace.readText('plan.md')).toBe('# Plan\n');
    const { current } = await when(reloaded.sessions.store, (s) => !!s.current?.title);
    expect(current).toEqual(app.sessions.store.get().current);
  });

  test('the agent follows the settings for mode and rules, and an "always allow" comes back into them', async () => {
    const app = open(`sessions-${++n}`);
    await useMock(app, mock, 'default');
    const conversation = await app.sessions.ensure();
    app.settings.setMode('plan');
    app.settings.setRules({ allow: ['Bash(ls:*)'], ask: [], deny: ['Read(.env)'] });
    expect([conversation.agent.mode, conversation.agent.rules]).toEqual([
      'plan',
      { allow: ['Bash(ls:*)'], ask: [], deny: ['Read(.env)'] },
    ]);
    conversation.agent.setRules({ allow: ['Bash(ls:*)', 'Bash(npm test:*)'], ask: [], deny: ['Read(.env)'] });
    expect(app.settings.store.get().settings.rules.allow).toEqual(['Bash(ls:*)', 'Bash(npm test:*)']);
  });

  test('rewind puts files and conversation back, returns the message to the box, and never touches the mode', async () => {
    const app = open(`sessions-${++n}`);
    await useMock(app, mock);
    mock.setScript([...writeTurn('a.txt', 'one\n', 'one'), ...writeTurn('a.txt', 'two\n', 'two')]);
    await app.send('first');
    await app.send('second');
    const points = await app.sessions.rewindPoints();
    expect(points.map((p) => p.text)).toEqual(['first', 'second']);
    app.view.openSessionDialog('rewind');
    const rewound = await app.sessions.rewindTo(points[1].turnId, { files: true, conversation: true });
    expect(rewound.ok).toBe(true);
    expect(await app.workspace.readText('a.txt')).toBe('one\n');
    expect(chatShape(app)).toEqual([
      '> first',
      '[Write done]',
      'one',
      'changes: A /workspace/a.txt',
      'note: Rewound the files and conversation to before “second”.',
    ]);
    expect(app.view.store.get()).toMatchObject({ sessionDialog: null, draft: { text: 'second' } });
    expect(app.settings.store.get().settings.mode).toBe('bypassPermissions');
  });

  test('an imported session whose log says bypassPermissions opens and rewinds in the user’s own mode', async () => {
    const source = open(`sessions-${++n}`);
    await useMock(source, mock);
    mock.setScript([...writeTurn('a.txt', 'one\n', 'one'), ...writeTurn('b.txt', 'two\n', 'two')]);
    await source.send('first');
    await source.send('second');
    const exported = await source.sessions.exportSession('json');
    if (!exported.ok) throw new Error(exported.error);
    const file = JSON.parse(exported.value.text);
    file.events.unshift({ type: 'mode-changed', mode: 'bypassPermissions' });
    file.events.push({ type: 'rules-changed', allow: ['Bash(*)'], ask: [], deny: [] });

    const target = open(`sessions-${++n}`);
    await useMock(target, mock, 'default');
    const imported = await target.sessions.importSession(JSON.stringify(file));
    if (!imported.ok) throw new Error(imported.error);
    expect((await target.sessions.openStoredSession(imported.value.id)).ok).toBe(true);
    const agent = () => target.sessions.store.get().conversation!.agent;
    expect([agent().mode, agent().rules.allow]).toEqual(['default', []]);
    const [, second] = await target.sessions.rewindPoints();
    expect((await target.sessions.rewindTo(second.turnId, { files: true, conversation: true })).ok).toBe(true);
    expect([agent().mode, agent().rules.allow]).toEqual(['default', []]);
    expect(target.settings.store.get().settings).toMatchObject({ mode: 'default', rules: { allow: [] } });
  });

  test('a second tab does not write the session the first holds: it says so, starts its own, and can take over', async () => {
    const browser = `sessions-${++n}`;
    const first = open(browser);
    await first.sessions.ready;
    await first.workspace.writeFile('mine.txt', 'first tab\n');
    await first.sessions.store.get().conversation!.live!.retryWrites();
    const firstId = first.sessions.store.get().current!.id;

    const second = open(browser);
    await second.sessions.ready;
    expect(second.sessions.store.get().elsewhere).toMatchObject({
      sessionId: firstId,
      reason: 'opened',
      startedNew: true,
    });
    expect(chatShape(second)).toEqual([
      'note: Your last session is open in another tab, so this tab starts a new one.',
    ]);
    expect(second.sessions.store.get().current?.id).not.toBe(firstId);

    expect((await second.sessions.openStoredSession(firstId, { takeOver: true })).ok).toBe(true);
    expect(second.sessions.store.get().current?.id).toBe(firstId);
    expect(await second.workspace.readText('mine.txt')).toBe('first tab\n');
    // The first tab finds out on its next write (its files are mirrored a moment after a change).
    await first.workspace.writeFile('late.txt', 'x');
    await when(first.sessions.store, (s) => s.elsewhere?.reason === 'taken');
    expect(chatShape(first).at(-1)).toBe('note: Another tab took this session over; this tab no longer saves it.');
  });

  test('sessions are listed, renamed and deleted; deleting the open one starts a new one', async () => {
    const app = open(`sessions-${++n}`);
    await useMock(app, mock);
    mock.setScript(writeTurn('a.txt', 'a', 'done'));
    await app.send('make a');
    const firstId = app.sessions.store.get().current!.id;
    expect((await app.sessions.newSession()).ok).toBe(true);
    expect(chatShape(app)).toEqual([]);
    expect(await app.workspace.listFiles()).toEqual([]);
    expect((await app.sessions.renameSession(firstId, 'Renamed')).ok).toBe(true);
    expect((await app.sessions.listSessions()).map((s) => s.title)).toEqual(['', 'Renamed']);
    expect((await app.sessions.listSessions('make')).map((s) => s.id)).toEqual([firstId]);
    const secondId = app.sessions.store.get().current!.id;
    expect((await app.sessions.deleteSession(secondId)).ok).toBe(true);
    expect(app.sessions.store.get().current?.id).not.toBe(secondId);
    expect((await app.sessions.listSessions()).some((s) => s.id === secondId)).toBe(false);
  });

  test('after a reload the file names come first: the tree has them before the session has opened, and they go once the files are in', async () => {
    const browser = `sessions-${++n}`;
    const app = open(browser);
    await app.sessions.ready;
    const names: string[] = [];
    for (let i = 0; i < 300; i++) {
      names.push(`/workspace/src/d${i % 7}/f${i}.ts`);
      await app.workspace.writeFile(names[i], `export const v${i} = ${i};\n`);
    }
    await app.sessions.close();

    const reloaded = open(browser);
    const seen: { paths: string[]; opened: boolean }[] = [];
    reloaded.sessions.store.subscribe(() => {
      const { restoring, conversation } = reloaded.sessions.store.get();
      if (restoring && !seen.some((s) => s.paths.length === restoring.paths.length))
        seen.push({ paths: [...restoring.paths].sort(), opened: conversation !== null });
    });
    await reloaded.sessions.ready;
    expect(seen).toEqual([{ paths: [...names].sort(), opened: false }]);
    expect(reloaded.sessions.store.get().restoring).toBeNull();
    expect((await reloaded.workspace.listFiles()).sort()).toEqual([...names].sort());
  });
});
