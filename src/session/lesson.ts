import type { AgentEvent } from '../agent/events';
import type { PlanDecision, UserAnswers } from '../tools/services';
import { IMPORT_LIMITS, type LessonNote } from './export-format';
import { recordedSteps } from './replay-provider';

// A lesson is a recording played one model response at a time: its timeline (one entry per
// recorded response), the teacher's notes on those entries, and the answers the recorded user gave
// to the agent's questions, so that a viewer is never asked them again.

/** One entry of a lesson's timeline: a recorded model response and what it did. */
export interface TimelineStep {
  /** 1-based user message this response answers. */
  turn: number;
  /** What the response did, for the timeline: its tool calls, else the start of its text. */
  label: string;
}

const LABEL_CHARS = 60;

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > LABEL_CHARS ? `${line.slice(0, LABEL_CHARS - 1)}…` : line;
}

/** The timeline of a recording: the same responses, in the same order, that a ReplayProvider plays. */
export function lessonTimeline(events: readonly AgentEvent[]): TimelineStep[] {
  const turnOf = new Map<string, number>();
  for (const e of events) if (e.type === 'turn-started') turnOf.set(e.turnId, turnOf.size + 1);
  return recordedSteps(events).map((step) => {
    const calls = step.chunks.flatMap((c) => (c.kind === 'call-end' ? [c.name] : []));
    const text = step.chunks.flatMap((c) => (c.kind === 'text' ? [c.text] : [])).join('');
    const label = calls.length ? calls.join(', ') : clip(text) || (step.error ? 'An error' : 'An empty answer');
    return { turn: turnOf.get(step.turnId) ?? 0, label };
  });
}

/** Recorded answers, in the order the agent asked: what a replay hands its tools instead of asking the viewer. */
export interface RecordedAnswers {
  askUser: UserAnswers[];
  approvePlan: PlanDecision[];
  enterPlan: boolean[];
}

/**
 * The recorded user's answers to AskUserQuestion, ExitPlanMode and EnterPlanMode. A replay never
 * changes the viewer's mode: an approved plan continues in `default`, and plan mode is not entered.
 */
export function recordedAnswers(events: readonly AgentEvent[]): RecordedAnswers {
  const answers: RecordedAnswers = { askUser: [], approvePlan: [], enterPlan: [] };
  for (const e of events) {
    if (e.type !== 'tool-result') continue;
    const details = e.details as { kind?: string; answers?: Record<string, string>; approved?: boolean } | undefined;
    if (e.name === 'AskUserQuestion')
      answers.askUser.push(
        details?.kind === 'ask-user-question' && details.answers ? { answers: details.answers } : null,
      );
    else if (e.name === 'ExitPlanMode')
      answers.approvePlan.push(
        details?.kind === 'exit-plan-mode' && details.approved
          ? { approved: true, mode: 'default' }
          : { approved: false, feedback: 'The recorded user kept planning.' },
      );
    else if (e.name === 'EnterPlanMode') answers.enterPlan.push(false);
  }
  return answers;
}

/** Notes by step index, as the player keeps them, from a file's list (empty notes dropped). */
export function notesByStep(notes: readonly LessonNote[], steps: number): Record<number, string> {
  const out: Record<number, string> = {};
  for (const note of notes) if (note.step < steps && note.text.trim()) out[note.step] = note.text;
  return out;
}

/**
 * The recording's JSON with the given notes in it (replacing any it had). `json` is a file that
 * already passed import's checks; notes past the recording's last step, or empty, are dropped.
 */
export function withNotes(json: string, notes: Record<number, string>, steps: number): string {
  const data = JSON.parse(json) as Record<string, unknown>;
  const list: LessonNote[] = Object.entries(notes)
    .map(([step, text]) => ({ step: Number(step), text: text.slice(0, IMPORT_LIMITS.maxNoteChars) }))
    .filter((n) => Number.isInteger(n.step) && n.step >= 0 && n.step < steps && n.text.trim())
    .sort((a, b) => a.step - b.step)
    .slice(0, IMPORT_LIMITS.maxNotes);
  return JSON.stringify({ ...data, lesson: { notes: list } }, null, 1);
}

/** `tidepool-lesson-hello-tidepool.json` */
export function lessonFileName(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/^replay: /, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return `tidepool-lesson-${slug || 'session'}.json`;
}
