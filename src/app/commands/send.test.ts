import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  chatShape,
  startMockProvider,
  testApp,
  TEST_KEY,
  useMock,
  type MockProvider,
  type TestApp,
} from '../../../test/fixtures/test-app';

// The message box's Send: slash commands land in the store of their concern; a message goes to
// the agent only once a model is set up.

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
function open(): TestApp {
  const app = testApp(`send-${++n}`);
  apps.push(app);
  return app;
}

describe('send', { timeout: 60_000 }, () => {
  test('with no model set up a message is kept in the chat, says why, and opens Settings', async () => {
    const app = open();
    await app.sessions.ready;
    await app.send('hello?');
    expect(chatShape(app)).toEqual(['/ hello?', 'note: No model is set up yet.']);
    expect(app.view.store.get().settingsOpen).toBe(true);
    expect(mock.requests).toEqual([]);
  });

  test('slash commands change the settings the agent follows, open dialogs, and export without the key', async () => {
    const app = open();
    await useMock(app, mock, 'default');
    const agent = (await app.sessions.ensure()).agent;

    await app.send('/permissions mode plan');
    await app.send('/permissions allow Bash(ls:*)');
    expect(app.settings.store.get().settings).toMatchObject({ mode: 'plan', rules: { allow: ['Bash(ls:*)'] } });
    expect([agent.mode, agent.rules.allow]).toEqual(['plan', ['Bash(ls:*)']]);

    await app.send('/model claude-opus-4-1');
    expect(app.settings.store.get().settings.model).toBe('claude-opus-4-1');
    expect(agent.model).toBe('claude-opus-4-1');

    await app.send('/rewind');
    expect(app.view.store.get().sessionDialog).toBe('rewind');
    await app.send('/resume');
    expect(app.view.store.get().sessionDialog).toBe('sessions');

    mock.setScript([{ kind: 'reply', text: `I will not repeat ${TEST_KEY}.` }]);
    await app.send('say something');
    await app.send('/export json');
    expect(app.downloads.map((f) => f.type)).toEqual(['application/json']);
    expect(app.downloads[0].text).not.toContain(TEST_KEY);
    expect(app.downloads[0].text).toContain('[redacted]');

    await app.send('/clear');
    expect(chatShape(app)).toEqual([]);
  });
});
