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

// The extensions store inside a whole app (lite workspace, fake IndexedDB, the scripted mock
// provider): a project's own .claude/ files and CLAUDE.md do nothing until the user trusts it.

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

const SETTINGS = JSON.stringify({
  hooks: {
    UserPromptSubmit: [{ hooks: [{ type: 'command', command: 'echo "hook saw the prompt" > hook-ran.txt' }] }],
  },
});
const COMMAND = [
  '---',
  'description: Say hello to someone',
  'argument-hint: [name]',
  '---',
  'Greet $ARGUMENTS warmly, in one line.',
].join('\n');

/** A project as a clone would leave it: a hook, a custom command, a skill and a memory file. */
async function writeProject(app: TestApp): Promise<void> {
  const root = app.workspace.root;
  await app.workspace.writeFile(`${root}/.claude/settings.json`, SETTINGS);
  await app.workspace.writeFile(`${root}/.claude/commands/hello.md`, COMMAND);
  await app.workspace.writeFile(
    `${root}/.claude/skills/tidy/SKILL.md`,
    '---\nname: tidy\ndescription: Tidy imports in a file\n---\nSort the imports.\n',
  );
  await app.workspace.writeFile(`${root}/CLAUDE.md`, 'Project rule: SECRET-MEMORY-MARKER\n');
  await app.extensions.reload();
}

const requestText = (i: number): string => JSON.stringify(mock.requests[i].body);
const toolNames = (i: number): string[] =>
  (mock.requests[i].body as { tools: { name: string }[] }).tools.map((t) => t.name);
const exists = async (app: TestApp, path: string): Promise<boolean> =>
  (await app.workspace.stat(`${app.workspace.root}/${path}`)) !== null;

describe('extensions in the app', { timeout: 60_000 }, () => {
  test('an untrusted project asks first; until trusted its hook never runs, its command is unknown and CLAUDE.md stays out', async () => {
    const app = open(`ext-${++n}`);
    await useMock(app, mock);
    await writeProject(app);

    const ask = app.extensions.store.get().trustAsk;
    expect(ask?.status).toBe('unknown');
    expect(ask?.manifest.items.map((i) => i.kind).sort()).toEqual(['command', 'hook', 'memory', 'skill']);

    mock.setScript([{ kind: 'reply', text: 'Hi.' }]);
    await app.send('hello there');
    expect(await exists(app, 'hook-ran.txt')).toBe(false);
    expect(requestText(0)).not.toContain('SECRET-MEMORY-MARKER');
    expect(requestText(0)).not.toContain('tidy');
    // No skill the model could load: no Skill tool offered.
    expect(toolNames(0)).not.toContain('Skill');
    expect(toolNames(0)).toContain('Agent');

    await app.send('/hello Ada');
    expect(chatShape(app).at(-1)).toContain('Unknown command `/hello`');
    expect(mock.requests).toHaveLength(1);

    await app.extensions.answerTrust(false);
    expect(app.extensions.store.get().trustAsk).toBeNull();
    mock.setScript([{ kind: 'reply', text: 'Still here.' }]);
    await app.send('again');
    expect(await exists(app, 'hook-ran.txt')).toBe(false);
    expect(requestText(1)).not.toContain('SECRET-MEMORY-MARKER');
  });

  test('once trusted, the hook runs, /hello expands into the turn, the skill is listed, and the answer outlives a reload', async () => {
    const browser = `ext-${++n}`;
    const app = open(browser);
    await useMock(app, mock);
    await writeProject(app);
    await app.extensions.answerTrust(true);
    expect(app.extensions.store.get().loaded?.projectLoaded).toBe(true);
    expect(app.extensions.store.get().commands.map((c) => c.name)).toEqual(
      expect.arrayContaining(['hello', 'tidy', 'skills', 'agents', 'hooks']),
    );

    mock.setScript([{ kind: 'reply', text: 'Hello, Ada!' }]);
    await app.send('/hello Ada');
    expect(await app.workspace.readText(`${app.workspace.root}/hook-ran.txt`)).toBe('hook saw the prompt\n');
    const sent = requestText(0);
    expect(sent).toContain('Greet Ada warmly, in one line.');
    expect(sent).toContain('SECRET-MEMORY-MARKER');
    expect(sent).toContain('Tidy imports in a file');
    expect(toolNames(0)).toContain('Skill');
    const shape = chatShape(app);
    expect(shape).toContain('> /hello Ada');
    expect(shape).toContain('context: /hello');
    expect(shape.some((line) => line.startsWith('hook: UserPromptSubmit'))).toBe(true);
    expect(shape.slice(-2)).toEqual(['Hello, Ada!', 'changes: A /workspace/hook-ran.txt']);

    await app.sessions.close();
    const reloaded = open(browser);
    await reloaded.sessions.ready;
    await reloaded.extensions.reload();
    expect(reloaded.extensions.store.get().trustAsk).toBeNull();
    expect(reloaded.extensions.store.get().loaded?.trust.status).toBe('trusted');
  });

  test('a trusted project’s deny rule refuses a call even in bypass mode; the user’s own rules stay unchanged', async () => {
    const app = open(`ext-${++n}`);
    await useMock(app, mock);
    const root = app.workspace.root;
    await app.workspace.writeFile(
      `${root}/.claude/settings.json`,
      JSON.stringify({ permissions: { deny: ['Bash(touch:*)'] } }),
    );
    await app.extensions.reload();
    await app.extensions.answerTrust(true);
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'touch made.txt' } }] },
      { kind: 'reply', text: 'Could not.' },
    ]);
    await app.send('make a file');
    expect(await exists(app, 'made.txt')).toBe(false);
    expect(chatShape(app)).toEqual(['> make a file', '[Bash error]', 'Could not.']);
    expect(app.chat.store.get().chat.items[1]).toMatchObject({
      call: { result: expect.stringMatching(/deny|denied/i) },
    });
    expect(app.settings.store.get().settings.rules.deny).toEqual([]);
  });

  test('a change to a trusted project’s files asks again, and a malformed settings file is named in the chat', async () => {
    const app = open(`ext-${++n}`);
    await useMock(app, mock);
    await writeProject(app);
    await app.extensions.answerTrust(true);
    await app.workspace.writeFile(`${app.workspace.root}/.claude/settings.json`, '{ "hooks": ');
    await app.extensions.reload();
    expect(app.extensions.store.get().trustAsk?.status).toBe('changed');
    expect(app.extensions.store.get().loaded?.projectLoaded).toBe(false);
    await app.extensions.answerTrust(true);
    expect(chatShape(app).some((line) => line.includes('.claude/settings.json') && line.startsWith('note:'))).toBe(
      true,
    );
  });

  test('a trusted project’s defaultMode starts the session (stricter only) and its model answers', async () => {
    const app = open(`ext-${++n}`);
    await useMock(app, mock);
    await app.workspace.writeFile(
      `${app.workspace.root}/.claude/settings.json`,
      JSON.stringify({ permissions: { defaultMode: 'plan' }, model: 'claude-haiku-4-5' }),
    );
    await app.extensions.reload();
    expect(app.settings.store.get().settings.mode).toBe('bypassPermissions');
    await app.extensions.answerTrust(true);
    expect(app.settings.store.get().settings.mode).toBe('plan');
    mock.setScript([{ kind: 'reply', text: 'Planning.' }]);
    await app.send('what would you do?');
    expect((mock.requests.at(-1)!.body as { model: string }).model).toBe('claude-haiku-4-5');
    expect(chatShape(app).filter((l) => l.startsWith('note:'))).toEqual([
      'note: Permission mode: plan, as the settings’ permissions.defaultMode says.',
      'note: Requests use claude-haiku-4-5, as the settings’ model says.',
    ]);
  });

  test('/trust shows what the project brings, and /trust yes and /trust no change it', async () => {
    const app = open(`ext-${++n}`);
    await useMock(app, mock);
    await writeProject(app);
    await app.send('/trust');
    let shape = chatShape(app).join('\n');
    expect(shape).toContain('not trusted yet');
    expect(shape).toContain('- hook: `UserPromptSubmit: runs \'echo "hook saw the prompt" > hook-ran.txt\'`');
    await app.send('/trust yes');
    expect(app.extensions.store.get().trustAsk).toBeNull();
    expect(app.extensions.store.get().loaded?.projectLoaded).toBe(true);
    expect(chatShape(app).at(-1)).toContain('now **trusted**');
    expect(app.extraCommands().map((c) => c.name)).toContain('hello');
    await app.send('/trust no');
    expect(app.extensions.store.get().loaded?.trust.status).toBe('distrusted');
    expect(app.extraCommands().map((c) => c.name)).not.toContain('hello');
    await app.send('/trust maybe');
    shape = chatShape(app).join('\n');
    expect(shape).toContain('use `/trust`, `/trust yes` or `/trust no`');
  });
});
