import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startMockProvider, testApp, useMock, type MockProvider, type TestApp } from '../../test/fixtures/test-app';

// The workbench store reads each turn's `files-changed` event, live and after a reload, and takes
// the bytes for its diffs and reverts from the session's checkpoints.

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

const text = (bytes: Uint8Array | null): string | null => (bytes ? new TextDecoder().decode(bytes) : null);
const summary = (app: TestApp) =>
  app.workbench.store.get().turns.map((t) => [t.label, t.files.map((f) => `${f.change} ${f.path}`)]);

describe('workbench', { timeout: 60_000 }, () => {
  test('a turn’s changes by any tool are listed with their contents, the same after a reload, and reverting leaves .git alone', async () => {
    const browser = `workbench-${++n}`;
    const app = open(browser);
    await useMock(app, mock);
    await app.workspace.writeFile('app.js', 'v1\n');
    await app.workspace.writeFile('.git/HEAD', 'ref: refs/heads/main\n');
    mock.setScript([
      {
        kind: 'reply',
        toolCalls: [
          {
            name: 'Bash',
            input: {
              command: 'echo v2 > app.js && echo made > new.txt && mkdir -p .git/refs && echo abc > .git/refs/main',
            },
          },
        ],
      },
      { kind: 'reply', text: 'Changed and committed.' },
    ]);
    await app.send('change and commit');
    await app.workbench.settled();
    expect(summary(app)).toEqual([['change and commit', ['modified /workspace/app.js', 'added /workspace/new.txt']]]);
    const [appJs] = app.workbench.store.get().turns[0].files;
    expect([text(appJs.before), text(appJs.after)]).toEqual(['v1\n', 'v2\n']);
    expect(app.workbench.store.get().bash.map((b) => [b.command.slice(0, 12), b.done])).toEqual([
      ['echo v2 > ap', true],
    ]);

    await app.sessions.close();
    const reloaded = open(browser);
    await reloaded.sessions.ready;
    await reloaded.workbench.settled();
    expect(summary(reloaded)).toEqual(summary(app));

    const turnId = reloaded.workbench.store.get().turns[0].turnId;
    await reloaded.workbench.revert(turnId);
    expect(await reloaded.workspace.readText('app.js')).toBe('v1\n');
    expect(await reloaded.workspace.stat('new.txt')).toBeNull();
    expect(await reloaded.workspace.readText('.git/refs/main')).toBe('abc\n');
    expect(reloaded.workbench.store.get().turns[0].reverted.sort()).toEqual([
      '/workspace/app.js',
      '/workspace/new.txt',
    ]);
  });

  test('another session’s turns are not this one’s: switching empties the list, and rewinding files derives it again', async () => {
    const app = open(`workbench-${++n}`);
    await useMock(app, mock);
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'a.txt', content: 'a\n' } }] },
      { kind: 'reply', text: 'one' },
      { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'b.txt', content: 'b\n' } }] },
      { kind: 'reply', text: 'two' },
    ]);
    await app.send('first');
    await app.send('second');
    await app.workbench.settled();
    expect(summary(app).map(([label]) => label)).toEqual(['first', 'second']);

    // Files only: the conversation stays, and the last turn's "after" is now the rewound files.
    const [, second] = await app.sessions.rewindPoints();
    await app.sessions.rewindTo(second.turnId, { files: true, conversation: false });
    await app.workbench.settled();
    const last = app.workbench.store.get().turns.at(-1)!;
    expect(last.files.map((f) => [f.path, text(f.before), text(f.after)])).toEqual([['/workspace/b.txt', null, null]]);

    await app.sessions.newSession();
    await app.workbench.settled();
    expect(app.workbench.store.get().turns).toEqual([]);
  });
});
