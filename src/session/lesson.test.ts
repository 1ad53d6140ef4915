import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { AgentEvent } from '../agent/events';
import { lessonFileName, lessonTimeline, notesByStep, recordedAnswers, withNotes } from './lesson';
import { loadReplay } from './replay-provider';

// A lesson: a recording's timeline, the teacher's notes saved in the file and checked on the way
// in, and the recorded answers a replay gives the agent's questions.

const SAMPLE = readFileSync(resolve(__dirname, '../../public/samples/hello-tidepool.json'), 'utf8');

async function sampleEvents(): Promise<AgentEvent[]> {
  const loaded = await loadReplay(SAMPLE);
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.replay.events;
}

describe('lesson timeline', () => {
  test('one entry per recorded model response, named by its tool calls or the start of its text', async () => {
    const timeline = lessonTimeline(await sampleEvents());
    expect(timeline.slice(0, 3)).toEqual([
      { turn: 1, label: 'Write' },
      { turn: 1, label: 'Bash' },
      { turn: 1, label: expect.stringMatching(/^\S/) },
    ]);
    expect(timeline.at(-1)?.turn).toBe(2);
    expect(timeline.every((step) => step.label.length > 0 && step.label.length <= 60)).toBe(true);
  });
});

describe('lesson notes in the recording', () => {
  test('notes saved into a recording come back when it is opened, in step order', async () => {
    const steps = lessonTimeline(await sampleEvents()).length;
    const json = withNotes(SAMPLE, { 1: 'Bash runs in the sandbox.', 0: 'First, a file.', 2: '   ' }, steps);
    const loaded = await loadReplay(json);
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.replay.notes).toEqual([
      { step: 0, text: 'First, a file.' },
      { step: 1, text: 'Bash runs in the sandbox.' },
    ]);
    expect(notesByStep(loaded.replay.notes, steps)).toEqual({ 0: 'First, a file.', 1: 'Bash runs in the sandbox.' });
    // A plain export has none.
    const plain = await loadReplay(SAMPLE);
    expect(plain.ok && plain.replay.notes).toEqual([]);
  });

  test('notes past the last step are not saved; saving replaces the notes a file had', async () => {
    const steps = lessonTimeline(await sampleEvents()).length;
    const once = withNotes(SAMPLE, { 0: 'old', [steps]: 'past the end' }, steps);
    const twice = withNotes(once, { 1: 'new' }, steps);
    expect(JSON.parse(twice).lesson).toEqual({ notes: [{ step: 1, text: 'new' }] });
  });

  test.each([
    [
      'a second note for one step',
      [
        { step: 0, text: 'a' },
        { step: 0, text: 'b' },
      ],
      'a second note for step 0',
    ],
    ['a note that is not text', [{ step: 0, text: 5 }], 'lesson.notes.0.text'],
    ['a negative step', [{ step: -1, text: 'a' }], 'lesson.notes.0.step'],
    ['a huge note', [{ step: 0, text: 'x'.repeat(20_001) }], 'lesson.notes.0.text'],
  ])('a file with %s is refused with why, like any import', async (_, notes, why) => {
    const data = JSON.parse(SAMPLE);
    data.lesson = { notes };
    const loaded = await loadReplay(JSON.stringify(data));
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.error).toContain(why);
      expect(loaded.error).toMatch(/^This file cannot be imported: .*Nothing was imported\.$/);
    }
  });

  test('a lesson file is named for its title', () => {
    expect(lessonFileName('Replay: Hello, Tidepool')).toBe('tidepool-lesson-hello-tidepool.json');
    expect(lessonFileName('???')).toBe('tidepool-lesson-session.json');
  });
});

describe('recorded answers', () => {
  const result = (name: string, details?: unknown): AgentEvent =>
    ({
      type: 'tool-result',
      turnId: 't',
      callId: `c-${name}`,
      name,
      isError: false,
      content: '',
      details,
    }) as AgentEvent;

  test('the answers the recorded user gave, in order; a replay never switches the viewer into a mode', () => {
    const answers = recordedAnswers([
      result('AskUserQuestion', { kind: 'ask-user-question', questions: [], answers: { 'Which?': 'Hello' } }),
      result('AskUserQuestion', { kind: 'ask-user-question', questions: [], declined: true }),
      result('ExitPlanMode', { kind: 'exit-plan-mode', plan: 'p', approved: true, mode: 'bypassPermissions' }),
      result('ExitPlanMode', { kind: 'exit-plan-mode', plan: 'p', approved: false }),
      result('EnterPlanMode'),
      result('Write'),
    ]);
    expect(answers.askUser).toEqual([{ answers: { 'Which?': 'Hello' } }, null]);
    expect(answers.approvePlan).toEqual([
      { approved: true, mode: 'default' },
      { approved: false, feedback: 'The recorded user kept planning.' },
    ]);
    expect(answers.enterPlan).toEqual([false]);
  });
});
