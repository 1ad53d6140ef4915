import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startMockProvider, testApp, useMock, type MockProvider, type TestApp } from '../../../test/fixtures/test-app';

// SessionEnd and Notification hooks fire where Claude Code fires them: /clear ends the session
// (and starts a new one), and a finished turn that waits for the user
// is an `idle_prompt` notification.

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider({ port: 0 });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.sessions.close({ database: true });
});

/** Waits for the condition (the hooks run in the workspace shell, off the send's promise). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 50_000; i++) {
    if (await check()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const HOOKS = {
  hooks: {
    SessionStart: [{ hooks: [{ type: 'command', command: 'jq -r \'"start " + .source\' >> log.txt' }] }],
    SessionEnd: [{ hooks: [{ type: 'command', command: 'jq -r \'"end " + .reason\' >> log.txt' }] }],
    Notification: [
      {
        matcher: 'idle_prompt',
        hooks: [{ type: 'command', command: 'jq -r \'"notify " + .notification_type + ": " + .message\' >> log.txt' }],
      },
    ],
  },
};

describe('session hooks', { timeout: 60_000 }, () => {
  test('idle_prompt after a turn, SessionEnd then SessionStart around /clear', async () => {
    const app = testApp('session-hooks', { extensionsIdleMs: 0 });
    apps.push(app);
    await useMock(app, mock);
    await app.extensions.saveUser({ settings: JSON.stringify(HOOKS), skills: [], agents: [], commands: [] });
    const log = async (): Promise<string[]> => {
      const path = `${app.workspace.root}/log.txt`;
      return (await app.workspace.stat(path)) ? (await app.workspace.readText(path)).trim().split('\n') : [];
    };

    mock.setScript([{ kind: 'reply', text: 'Hi.' }]);
    await app.send('hello');
    await until(async () => (await log()).some((l) => l.startsWith('notify')), 'the idle notification');
    expect(await log()).toContain('notify idle_prompt: Tidepool is waiting for your input');

    await app.send('/clear');
    await until(async () => (await log()).includes('start clear'), 'SessionStart after /clear');
    const lines = await log();
    expect(lines.indexOf('end clear')).toBeGreaterThan(-1);
    expect(lines.indexOf('end clear')).toBeLessThan(lines.indexOf('start clear'));
  });
});
