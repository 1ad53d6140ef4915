import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  chatShape,
  startMockProvider,
  testApp,
  useMock,
  type MockProvider,
  type TestApp,
} from '../../test/fixtures/test-app';
import type { ChatItem } from './chat/chat-fold';
import { when } from './store';

// The app supplies the toolbox's UI services: AskUserQuestion, ExitPlanMode and EnterPlanMode are
// offered to the model and wait on the interaction store; Continue picks a turn up at the request
// limit; the task store follows background commands and the task graph. A whole app in Node
// against the scripted mock provider.

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
async function open(mode: Parameters<typeof useMock>[2] = 'bypassPermissions'): Promise<TestApp> {
  const app = testApp(`toolbox-app-${++n}`);
  apps.push(app);
  await useMock(app, mock, mode);
  return app;
}

const toolNames = (body: { tools?: { name: string }[] }): string[] => (body.tools ?? []).map((t) => t.name);
const toolItem = (app: TestApp, name: string) => {
  app.chat.flush();
  return app.chat.store
    .get()
    .chat.items.find((i): i is Extract<ChatItem, { kind: 'tool' }> => i.kind === 'tool' && i.call.name === name);
};

const question = {
  question: 'Which database?',
  header: 'DB',
  options: [
    { label: 'SQLite', description: 'A file' },
    { label: 'Postgres', description: 'A server' },
  ],
  multiSelect: false,
};

describe('the toolbox in the app', { timeout: 60_000 }, () => {
  test('AskUserQuestion is offered, waits for the dialog, and the answer picked reaches the model', async () => {
    const app = await open();
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'AskUserQuestion', input: { questions: [question] } }] },
      { kind: 'reply', text: 'SQLite then.' },
    ]);
    const turn = app.send('pick a database');
    const asked = await when(app.interaction.store, (s) => s.question !== null);
    expect(asked.question!.questions[0].options.map((o) => o.label)).toEqual(['SQLite', 'Postgres']);
    expect(toolNames(mock.requests[0].body)).toEqual(
      expect.arrayContaining(['AskUserQuestion', 'EnterPlanMode', 'ExitPlanMode']),
    );
    app.interaction.answerQuestions(asked.question!.id, { answers: { 'Which database?': 'SQLite' } });
    await turn;
    expect(app.interaction.store.get().question).toBeNull();
    expect(JSON.stringify(mock.requests[1].body)).toContain('\\"Which database?\\"=\\"SQLite\\"');
    // The card reads checked details, answers included.
    const item = toolItem(app, 'AskUserQuestion');
    expect(item?.call.details).toMatchObject({ kind: 'ask-user-question', answers: { 'Which database?': 'SQLite' } });
  });

  test('WebFetch gets the CORS proxy git uses, as it is set now', async () => {
    const app = await open();
    const agent = app.sessions.store.get().conversation!.agent;
    expect(agent.toolServices().web).toBeUndefined();
    expect(app.git.saveSettings({ corsProxy: 'https://proxy.example/cors' }).ok).toBe(true);
    expect(agent.toolServices().web).toEqual({ corsProxy: app.git.store.get().settings.corsProxy });
    expect(agent.toolServices().web?.corsProxy).toContain('proxy.example');
  });

  test('Stop withdraws a waiting question; the model hears it was interrupted', async () => {
    const app = await open();
    mock.setScript([{ kind: 'reply', toolCalls: [{ name: 'AskUserQuestion', input: { questions: [question] } }] }]);
    const turn = app.send('ask me');
    const asked = await when(app.interaction.store, (s) => s.question !== null);
    app.chat.stop();
    await turn;
    expect(app.interaction.store.get().question).toBeNull();
    // A late click on the withdrawn dialog changes nothing.
    app.interaction.answerQuestions(asked.question!.id, { answers: { 'Which database?': 'Postgres' } });
    expect(toolItem(app, 'AskUserQuestion')?.call.result).toContain('interrupted');
  });

  test('in plan mode, Approve plan switches the session to the mode the user picked', async () => {
    const app = await open('plan');
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'ExitPlanMode', input: { plan: '1. Do it\n2. Test it' } }] },
      { kind: 'reply', text: 'Doing it.' },
    ]);
    const turn = app.send('plan it');
    const shown = await when(app.interaction.store, (s) => s.plan !== null);
    expect(shown.plan!.plan).toBe('1. Do it\n2. Test it');
    app.interaction.decidePlan(shown.plan!.id, { approved: true, mode: 'acceptEdits' });
    await turn;
    expect(app.settings.store.get().settings.mode).toBe('acceptEdits');
    expect(app.sessions.store.get().conversation?.agent.mode).toBe('acceptEdits');
    expect(toolItem(app, 'ExitPlanMode')?.call.details).toMatchObject({
      kind: 'exit-plan-mode',
      approved: true,
      mode: 'acceptEdits',
    });
  });

  test('Keep planning leaves plan mode on and sends the feedback; EnterPlanMode asks before switching', async () => {
    const app = await open('default');
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'EnterPlanMode', input: {} }] },
      { kind: 'reply', toolCalls: [{ name: 'ExitPlanMode', input: { plan: 'Rewrite everything' } }] },
      { kind: 'reply', text: 'Noted.' },
    ]);
    const turn = app.send('big change');
    const enter = await when(app.interaction.store, (s) => s.enterPlan !== null);
    app.interaction.decideEnterPlan(enter.enterPlan!.id, true);
    const plan = await when(app.interaction.store, (s) => s.plan !== null);
    expect(app.settings.store.get().settings.mode).toBe('plan');
    app.interaction.decidePlan(plan.plan!.id, { approved: false, feedback: 'Smaller steps, please' });
    await turn;
    expect(app.settings.store.get().settings.mode).toBe('plan');
    expect(JSON.stringify(mock.requests[2].body)).toContain('Smaller steps, please');
  });

  test('a turn that reaches the request limit offers Continue, which goes on without a new user message', async () => {
    const app = await open();
    await app.workspace.writeFile('a.txt', 'hello\n');
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Read', input: { file_path: 'a.txt' } }] },
      { kind: 'reply', text: 'It says hello.' },
    ]);
    await app.sessions.ready;
    const conversation = app.sessions.store.get().conversation!;
    conversation.agent.setMaxSteps(1);
    await app.send('read a.txt');
    app.chat.flush();
    expect(app.chat.store.get().chat.canContinue).toBe(true);
    conversation.agent.setMaxSteps(200);
    await app.chat.continueTurn();
    app.chat.flush();
    expect(app.chat.store.get().chat.canContinue).toBe(false);
    expect(chatShape(app).filter((line) => line.startsWith('>'))).toEqual(['> read a.txt']);
    expect(chatShape(app)).toContain('It says hello.');
    expect(mock.requests).toHaveLength(2);
  });

  test('the task store lists background commands with their last lines, and Stop ends one; the task graph follows', async () => {
    const app = await open();
    mock.setScript([
      {
        kind: 'reply',
        toolCalls: [
          { name: 'Bash', input: { command: 'sleep 30', run_in_background: true } },
          { name: 'Bash', input: { command: 'echo one; echo two; echo built', run_in_background: true } },
          { name: 'TaskCreate', input: { subject: 'Write tests', description: 'Cover the parser' } },
        ],
      },
      { kind: 'reply', text: 'Started.' },
    ]);
    await app.send('start the server');
    const tasks = app.tasks.store.get();
    expect(tasks.graph.map((t) => [t.id, t.subject, t.status])).toEqual([['1', 'Write tests', 'pending']]);
    expect(tasks.background).toHaveLength(2);
    expect(tasks.background[0]).toMatchObject({ command: 'sleep 30', status: 'running' });
    // A finished command keeps its last lines for the list (lite collects a script's output as it ends).
    const built = await when(app.tasks.store, (s) => s.background[1]?.status === 'completed');
    expect(built.background[1]).toMatchObject({ tail: 'one\ntwo\nbuilt', exitCode: 0 });
    await app.tasks.stop(tasks.background[0].id);
    const stopped = await when(app.tasks.store, (s) => s.background[0]?.status !== 'running');
    expect(stopped.background[0]).toMatchObject({ status: 'killed', stoppedBy: 'user' });
    expect(toolItem(app, 'Bash')?.call.details).toMatchObject({ kind: 'bash-background' });
  });
});
