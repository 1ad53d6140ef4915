import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  chatShape,
  startMockProvider,
  testApp,
  useMock,
  type MockProvider,
  type TestApp,
} from '../../test/fixtures/test-app';
import { lessonTimeline, withNotes } from '../session/lesson';
import { loadReplay } from '../session/replay-provider';
import { when } from './store';

// The lesson player: a recording opens paused, steps forward one model response at a time and back
// (replayed into a fresh session, without asking the viewer twice), shows the teacher's notes, gives
// the recorded answers to the agent's questions, and hands over to the learner's own model.

const SAMPLE = readFileSync(resolve(__dirname, '../../public/samples/hello-tidepool.json'), 'utf8');

let mock: MockProvider;
let LESSON: string;
beforeAll(async () => {
  mock = await startMockProvider({ port: 0 });
  const loaded = await loadReplay(SAMPLE);
  if (!loaded.ok) throw new Error(loaded.error);
  const steps = lessonTimeline(loaded.replay.events).length;
  LESSON = withNotes(SAMPLE, { 0: 'Write makes the first file.', 1: 'Now the shell counts lines.' }, steps);
});
afterAll(() => mock.close());

let n = 0;
const apps: TestApp[] = [];
afterEach(async () => {
  vi.unstubAllGlobals();
  for (const app of apps.splice(0)) await app.sessions.close({ database: true });
});
function open(): TestApp {
  const app = testApp(`lesson-${++n}`);
  apps.push(app);
  return app;
}

/** Steps forward, and the viewer allows the tool call that step asks about, as in the dialog. */
function stepAllowing(app: TestApp, tool: string): Promise<void> {
  const conversation = app.sessions.store.get().conversation!;
  const answered = new Promise<void>((resolve) => {
    const stop = conversation.subscribe((event) => {
      if (event.type !== 'permission-asked') return;
      stop();
      expect(event.toolName).toBe(tool);
      queueMicrotask(() => app.chat.answerPermission(event.callId, { decision: 'allow-once' }));
      resolve();
    });
  });
  app.replay.step();
  return answered;
}

const waitingAt = (app: TestApp, played: number) =>
  when(app.replay.store, (s) => s.replay?.waiting === true && s.replay.played === played);

describe('lesson player', { timeout: 60_000 }, () => {
  test('a lesson opens paused, steps forward and back along its timeline, and shows the note of each step', async () => {
    const app = open();
    await app.sessions.ready;
    expect(await app.replay.start(LESSON, { speed: Infinity })).toEqual({ ok: true, value: undefined });
    const first = await waitingAt(app, 0);
    expect(first.replay).toMatchObject({ lesson: true, status: 'paused', turn: 1 });
    expect(first.replay!.steps[0]).toEqual({ turn: 1, label: 'Write' });
    expect(chatShape(app)).toEqual([expect.stringMatching(/^> Make a names.txt with four names/)]);

    await stepAllowing(app, 'Write');
    const one = await waitingAt(app, 1);
    expect(one.replay!.notes[one.replay!.played - 1]).toBe('Write makes the first file.');
    expect(await app.workspace.readText('names.txt')).toBe('Margaret\nLinus\nAda\nGrace\n');

    await stepAllowing(app, 'Bash');
    expect((await waitingAt(app, 2)).replay!.notes[1]).toBe('Now the shell counts lines.');
    const secondSession = app.sessions.store.get().current!.id;

    // Back one step: the replay runs again up to there in a fresh session, and the calls the viewer
    // already allowed are not asked again (an ask would leave the step waiting for ever).
    app.replay.stepBack();
    await when(app.sessions.store, (s) => !!s.current && s.current.id !== secondSession);
    await waitingAt(app, 1);
    app.chat.flush();
    expect(app.chat.store.get().chat.permissions).toEqual([]);
    expect(chatShape(app).filter((line) => line.startsWith('['))).toEqual(['[Write done]']);
    const replays = (await app.sessions.listSessions()).filter((s) => s.title.startsWith('Replay:'));
    expect(replays.map((s) => s.id)).toEqual([app.sessions.store.get().current!.id]);

    // Back to the start: the files are the recording's first ones again (none).
    app.replay.goTo(0);
    await waitingAt(app, 0);
    expect(await app.workspace.listFiles()).toEqual([]);
    // A jump forward along the timeline plays up to there at once (Write again, allowed already).
    app.replay.goTo(1);
    await waitingAt(app, 1);
    expect(await app.workspace.listFiles()).toEqual([app.workspace.resolve('names.txt')]);

    // The teacher edits a note; the downloaded lesson carries it.
    app.replay.setNote(0, 'Edited: Write creates greetings.txt.');
    app.replay.setNote(1, '');
    const file = await app.replay.lessonFile();
    if (!file.ok) throw new Error(file.error);
    expect(file.value.name).toBe('tidepool-lesson-hello-tidepool.json');
    expect(JSON.parse(file.value.text).lesson.notes).toEqual([
      { step: 0, text: 'Edited: Write creates greetings.txt.' },
    ]);
  });

  test('take over in the middle of a lesson: the learner’s model continues from the replayed files and transcript', async () => {
    const app = open();
    await useMock(app, mock, 'default');
    const modeBefore = app.settings.store.get().settings.mode;
    await app.replay.start(LESSON, { speed: Infinity });
    await waitingAt(app, 0);
    await stepAllowing(app, 'Write');
    await waitingAt(app, 1);
    app.replay.takeOver();
    await when(app.replay.store, (s) => s.replay?.status === 'taken-over');
    await when(app.sessions.store, (s) => !s.conversation!.agent.running);
    mock.reset();
    mock.setScript([{ kind: 'reply', text: 'Carrying on from greetings.txt.' }]);
    await app.send('carry on');
    expect(chatShape(app).at(-1)).toBe('Carrying on from greetings.txt.');
    const body = JSON.stringify(mock.requests.at(-1)!.body.messages);
    expect(body).toContain('Make a names.txt with four names');
    expect(body).toContain('Created names.txt');
    expect(body).toContain('carry on');
    expect(await app.workspace.readText('names.txt')).toBe('Margaret\nLinus\nAda\nGrace\n');
    expect(app.settings.store.get().settings.mode).toBe(modeBefore);
  });

  test('a recorded AskUserQuestion replays with the recorded answer, and the viewer sees no dialog', async () => {
    // Record: the model asks, the teacher answers "Hello".
    const teacher = open();
    await useMock(teacher, mock, 'bypassPermissions');
    mock.reset();
    const questions = [
      {
        question: 'Which greeting?',
        header: 'Greeting',
        options: [
          { label: 'Hi', description: 'Short' },
          { label: 'Hello', description: 'Longer' },
        ],
        multiSelect: false,
      },
    ];
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'AskUserQuestion', id: 'toolu_ask', input: { questions } }] },
      { kind: 'reply', text: 'Hello it is.' },
    ]);
    const sent = teacher.send('ask me');
    const { question } = await when(teacher.interaction.store, (s) => s.question !== null);
    teacher.interaction.answerQuestions(question!.id, { answers: { 'Which greeting?': 'Hello' } });
    await sent;
    const exported = await teacher.sessions.exportSession('json');
    if (!exported.ok) throw new Error(exported.error);

    // Replay: the question is answered from the recording.
    const viewer = open();
    await viewer.sessions.ready;
    let asked = false;
    viewer.interaction.store.subscribe(() => {
      if (viewer.interaction.store.get().question) asked = true;
    });
    await viewer.replay.start(exported.value.text, { speed: Infinity });
    await when(viewer.replay.store, (s) => s.replay?.status === 'finished');
    expect(asked).toBe(false);
    expect(chatShape(viewer).slice(-2)).toEqual(['[AskUserQuestion done]', 'Hello it is.']);
    const item = viewer.chat.store.get().chat.items.find((i) => i.kind === 'tool');
    expect(JSON.stringify(item)).toContain('"Which greeting?":"Hello"');
  });
});

describe('lesson links', { timeout: 60_000 }, () => {
  function at(search: string): string[] {
    const replaced: string[] = [];
    vi.stubGlobal('location', new URL(`https://tidepool.example/${search}`));
    vi.stubGlobal('history', {
      state: null,
      replaceState: (_: unknown, __: string, url: string) => replaced.push(url),
    });
    return replaced;
  }
  const serve = (body: string, status = 200) =>
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(body, { status, headers: { 'content-type': 'application/json' } })),
    );

  test('?session= asks first, then fetches the lesson and opens it paused; the link cannot change mode or rules', async () => {
    const app = open();
    await useMock(app, mock, 'default');
    const before = app.settings.store.get().settings;
    const replaced = at('?session=https%3A%2F%2Flessons.example%2Fhello.json&x=1');
    const file = JSON.parse(LESSON);
    file.session.rules = { allow: ['Bash(*)'], ask: [], deny: [] };
    file.events.unshift({ type: 'mode-changed', mode: 'bypassPermissions' });
    serve(JSON.stringify(file));

    await app.replay.openFromLocation();
    expect(app.replay.store.get().link).toEqual({
      kind: 'confirm',
      url: 'https://lessons.example/hello.json',
      host: 'lessons.example',
    });
    expect(replaced).toEqual(['/?x=1']);
    expect(fetch).not.toHaveBeenCalled();

    await app.replay.confirmLink();
    expect(fetch).toHaveBeenCalledWith(
      'https://lessons.example/hello.json',
      expect.objectContaining({ credentials: 'omit' }),
    );
    expect(app.replay.store.get().link).toBeNull();
    const { replay } = await waitingAt(app, 0);
    expect(replay).toMatchObject({ lesson: true, title: 'Hello, Tidepool' });
    expect(app.settings.store.get().settings.mode).toBe(before.mode);
    expect(app.settings.store.get().settings.rules).toEqual(before.rules);
  });

  test.each([
    ['a plain http link', '?session=http%3A%2F%2Flessons.example%2Fx.json', null, /Only https links/],
    [
      'a file that is not a session',
      '?session=https%3A%2F%2Fa.example%2Fx.json',
      '{"hello":1}',
      /not a Tidepool session/,
    ],
    ['a server error', '?session=https%3A%2F%2Fa.example%2Fx.json', 'HTTP 404', /HTTP 404/],
  ])('%s is refused with why, and nothing changes', async (_, search, body, why) => {
    const app = open();
    await app.sessions.ready;
    const current = app.sessions.store.get().current?.id;
    at(search);
    if (body === 'HTTP 404') serve('', 404);
    else if (body) serve(body);
    await app.replay.openFromLocation();
    await app.replay.confirmLink();
    const link = app.replay.store.get().link;
    expect(link?.kind).toBe('failed');
    expect(link?.kind === 'failed' && link.error).toMatch(why);
    expect(app.replay.store.get().replay).toBeNull();
    expect(app.sessions.store.get().current?.id).toBe(current);
    app.replay.dismissLink();
    expect(app.replay.store.get().link).toBeNull();
  });
});
