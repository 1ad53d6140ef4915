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

// The user's own extensions (Settings › Your extensions): kept in the browser, applied to every
// project without a Trust question, and a malformed settings.json named in the chat.

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

const MINE = {
  settings: JSON.stringify({
    hooks: { UserPromptSubmit: [{ hooks: [{ type: 'command', command: 'echo "mine ran" > user-hook.txt' }] }] },
  }),
  skills: [{ name: 'poem', content: '---\ndescription: Writes a short poem about code\n---\nWrite four lines.\n' }],
  commands: [
    { path: 'standup.md', content: '---\ndescription: Draft a standup\n---\nSummarise $ARGUMENTS for a standup.\n' },
  ],
  agents: [{ name: 'tester', content: '---\nname: tester\ndescription: Runs the tests\n---\nRun the tests.\n' }],
};

const bodies = (): string[] =>
  mock.requests.filter((r) => r.path.endsWith('/messages')).map((r) => JSON.stringify(r.body));

describe('the user’s own extensions', { timeout: 60_000 }, () => {
  test('apply in any project without asking for trust, and stay after a reload', async () => {
    const browser = `user-ext-${++n}`;
    const app = open(browser);
    await useMock(app, mock);
    expect(await app.extensions.saveUser(MINE)).toBe(true);
    const loaded = app.extensions.store.get().loaded!;
    expect(app.extensions.store.get().trustAsk).toBeNull();
    expect(loaded.prompts.map((p) => p.name).sort()).toEqual(['poem', 'standup']);
    expect(loaded.agents.map((a) => a.name)).toContain('tester');
    expect(app.extensions.store.get().commands.map((c) => c.name)).toEqual(expect.arrayContaining(['poem', 'standup']));

    mock.setScript([{ kind: 'reply', text: 'Done.' }]);
    await app.send('/standup the parser work');
    expect(await app.workspace.readText(`${app.workspace.root}/user-hook.txt`)).toBe('mine ran\n');
    expect(bodies()[0]).toContain('Summarise the parser work for a standup.');
    expect(bodies()[0]).toContain('Writes a short poem about code');
    expect(bodies()[0]).toContain('tester: Runs the tests');

    await app.sessions.close();
    const again = open(browser);
    await again.sessions.ready;
    await again.extensions.reload();
    expect(again.extensions.store.get().user.skills.map((s) => s.name)).toEqual(['poem']);
    expect(again.extensions.store.get().loaded!.prompts.map((p) => p.name)).toContain('poem');
  });

  test('a malformed settings.json is named in the chat and the rest still loads; the text is kept', async () => {
    const app = open(`user-ext-${++n}`);
    await useMock(app, mock);
    await app.extensions.saveUser({ ...MINE, settings: '{ "hooks": ' });
    app.chat.flush();
    expect(chatShape(app).some((l) => l.startsWith('note:') && l.includes('user settings'))).toBe(true);
    expect(app.extensions.store.get().loaded!.prompts.map((p) => p.name)).toContain('poem');
    expect(app.extensions.store.get().user.settings).toBe('{ "hooks": ');
  });
});
