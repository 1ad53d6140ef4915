import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  chatShape,
  startMockProvider,
  testApp,
  useMock,
  type MockProvider,
  type TestApp,
} from '../../test/fixtures/test-app';
import { when } from './store';

// The replay store plays the bundled sample in a new session through the real permission flow,
// and hands it to the user's model on "Take over".

const SAMPLE = readFileSync(resolve(__dirname, '../../public/samples/hello-tidepool.json'), 'utf8');

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider({ port: 0 });
});
afterAll(() => mock.close());

let n = 0;
const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.sessions.close({ database: true });
});
function open(): TestApp {
  const app = testApp(`replay-${++n}`);
  apps.push(app);
  return app;
}

/** Answers each permission dialog of the sessions to come as a watching user would. */
function allowAll(app: TestApp): void {
  let seen: unknown = null;
  app.sessions.store.subscribe(() => {
    const conversation = app.sessions.store.get().conversation;
    if (!conversation || conversation === seen) return;
    seen = conversation;
    conversation.subscribe((event) => {
      if (event.type === 'permission-asked')
        queueMicrotask(() => app.chat.answerPermission(event.callId, { decision: 'allow-once' }));
    });
  });
}

/** Resolves once the open session's agent is idle. */
function idle(app: TestApp): Promise<void> {
  const conversation = app.sessions.store.get().conversation!;
  if (!conversation.agent.running) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = conversation.subscribe((event) => {
      if (event.type !== 'turn-ended') return;
      stop();
      resolve();
    });
  });
}

describe('replay', { timeout: 60_000 }, () => {
  test('the sample plays to the end in a new session, and its files match the recording', async () => {
    const app = open();
    await app.sessions.ready;
    const before = app.sessions.store.get().current!.id;
    allowAll(app);
    expect(await app.replay.start(SAMPLE, { speed: Infinity })).toEqual({ ok: true, value: undefined });
    const { replay } = await when(app.replay.store, (s) => s.replay?.status === 'finished');
    expect(replay).toMatchObject({ title: 'Hello, Tidepool', turn: 2, turns: 2, filesMatch: true, differences: [] });
    expect(app.sessions.store.get().current?.id).not.toBe(before);
    expect(app.sessions.store.get().current?.title).toBe('Replay: Hello, Tidepool');
    expect(await app.workspace.readText('greetings.txt')).toBe('Hi, Ada!\nHi, Grace!\nHi, Linus!\nHi, Margaret!\n');
    expect(chatShape(app).filter((line) => line.startsWith('changes:'))).toHaveLength(2);
  });

  test('take over with no model set up opens Settings, and completes once a model is saved', async () => {
    const app = open();
    await app.sessions.ready;
    expect((await app.replay.start(SAMPLE, { speed: Infinity })).ok).toBe(true);
    app.replay.pause();
    app.replay.takeOver();
    expect(app.view.store.get().settingsOpen).toBe(true);
    expect(app.replay.store.get().replay?.status).toBe('paused');

    await useMock(app, mock, 'default');
    expect(app.replay.store.get().replay?.status).toBe('taken-over');
    expect(chatShape(app).at(-1)).toBe('note: Your model (claude-sonnet-4-5) has taken over this session.');
    // From now on the user's model answers.
    await idle(app);
    mock.setScript([{ kind: 'reply', text: 'My own answer.' }]);
    await app.send('carry on');
    expect(chatShape(app).at(-1)).toBe('My own answer.');
  });
});
