import { err, ok, type Result } from '../lib/result';
import type { TimelineStep } from '../session/lesson';
import type { ToolServices } from '../tools/services';
import type { Workspace } from '../workspace/types';
import type { Notify } from './notify';
import type { Runtime } from './runtime-loader';
import type { SessionsLifecycle } from './sessions/sessions';
import { providerReady, type SettingsApp } from './settings';
import { createStore, type ReadonlyStore } from './store';
import type { ViewApp } from './view';

// Replaying a recorded session (the bundled sample, an exported file, or a lesson from a
// `?session=` link) in a new session: the recording plays the model, the tools run live here.
// Play, pause, step forward and back along a timeline of model responses, the teacher's notes per
// step, and "take over": the user's own model carries on from where the replay is.

/** The replay player's view of a running replay. */
export interface ReplayView {
  title: string;
  /** playing: responses follow each other; paused: the next response waits for Step. */
  status: 'playing' | 'paused' | 'finished' | 'stopped' | 'taken-over';
  /** A recorded response is waiting for Step (paused only). */
  waiting: boolean;
  /** Characters per second of streamed text; Infinity plays each recorded chunk at once. */
  speed: number;
  /** 1-based user message being replayed, of `turns`. */
  turn: number;
  turns: number;
  /** Once finished: whether the workspace matches the recording's files, and which differ. */
  filesMatch: boolean | null;
  differences: string[];
  /** One entry per recorded model response. */
  steps: TimelineStep[];
  /** How many of them have played (the current step is `played - 1`). */
  played: number;
  /** The teacher's notes by step index. */
  notes: Record<number, string>;
  /** Opened as a lesson (from a link or a lesson file): it starts paused, and notes are shown. */
  lesson: boolean;
}

/** A `?session=` link waiting for the user: a link alone never loads anything. */
export type LessonLink =
  | { kind: 'confirm'; url: string; host: string }
  | { kind: 'loading'; url: string; host: string }
  | { kind: 'failed'; url: string; error: string };

export interface ReplayDeps {
  runtime: () => Promise<Runtime>;
  lifecycle: SessionsLifecycle;
  settings: SettingsApp;
  view: ViewApp;
  notify: Notify;
  workspace: () => Workspace;
  replaceFiles: (files: Record<string, Uint8Array>) => void;
  /** Answers a permission question of the open session (a call the viewer allowed earlier in this lesson). */
  answerPermission: (callId: string) => void;
  /** Where the first-run sample lives (public/samples). */
  sampleUrl?: string;
}

export type ReplayApp = ReturnType<typeof createReplay>;

import type { Launch, Run } from './replay-launch';

type Asking = Required<Pick<ToolServices, 'askUser' | 'approvePlan' | 'confirmPlanMode'>>;

export function createReplay(deps: ReplayDeps) {
  const { lifecycle, settings, view, notify } = deps;
  const store = createStore<{ replay: ReplayView | null; link: LessonLink | null }>({ replay: null, link: null });
  let run: Run | null = null;
  /** The recording as loaded: a step back replays it again, and the notes are saved into it. */
  let source: string | null = null;
  /** Calls the viewer allowed during this replay: replaying them again (a step back) does not ask twice. */
  const allowed = new Set<string>();
  /** A step back replaces the replay's session with a fresh one: the player stays. */
  let restarting = false;
  /** Take over was asked with no model set up: it completes once one is. */
  let takeOverPending = false;

  const patch = (change: Partial<ReplayView>): void => {
    const replay = store.get().replay;
    if (replay) store.set({ ...store.get(), replay: { ...replay, ...change } });
  };
  const setReplay = (replay: ReplayView | null): void => store.set({ ...store.get(), replay });
  const setLink = (link: LessonLink | null): void => store.set({ ...store.get(), link });

  const halt = (): void => {
    if (!run) return;
    run.abort.abort();
    run.off();
    run = null;
    takeOverPending = false;
  };
  const stop = (): void => {
    if (!run) return;
    halt();
    lifecycle.releaseProvider();
  };

  const finishTakeOver = (): void => {
    if (!run) return;
    stop(); // the agent gets the user's provider back
    const agent = lifecycle.store.get().conversation?.agent;
    if (agent?.running) agent.abort();
    patch({ status: 'taken-over', waiting: false });
    notify('info', `Your model (${settings.store.get().settings.model}) has taken over this session.`, {
      hint: 'Send a message to carry on from here.',
    });
  };

  // Another session replaces the replayed one.
  lifecycle.onSwitch(() => {
    if (restarting) return;
    stop();
    setReplay(null);
    source = null;
    allowed.clear();
  });
  // "Take over" with no model set up opened Settings: once one is, the take-over completes.
  settings.store.subscribe(() => {
    if (takeOverPending && providerReady(settings.store.get())) finishTakeOver();
  });

  /** Starts a recording in a new session (the player's code loads with the first one). */
  async function launch(json: string, options: Launch): Promise<Result<void>> {
    const { launchReplay } = await import('./replay-launch');
    return launchReplay(
      {
        deps,
        allowed,
        restarting: () => restarting,
        current: () => run,
        begin: (next) => {
          run = next;
          source = json;
        },
        setReplay,
        patch,
      },
      json,
      options,
    );
  }

  /** Replays from the start in a fresh session, at once up to `played` responses (a step back). */
  async function restart(played: number): Promise<void> {
    const replay = store.get().replay;
    if (!replay || source === null) return;
    halt(); // the provider stays held: the next replay holds its own at once
    restarting = true;
    let started: Result<void>;
    try {
      started = await launch(source, { speed: replay.speed, lesson: replay.lesson, played, notes: replay.notes });
    } finally {
      restarting = false;
    }
    if (!started.ok) notify('error', started.error);
  }

  function start(json: string, options: { speed?: number; lesson?: boolean } = {}): Promise<Result<void>> {
    allowed.clear();
    return launch(json, { speed: options.speed ?? 200, lesson: options.lesson });
  }

  const pause = (): void => {
    run?.provider.setMode('step');
    patch({ status: 'paused' });
  };

  /** Shows the replay after `count` model responses: forward plays on at once, back replays from the start. */
  function goTo(count: number): void {
    const replay = store.get().replay;
    if (!run || !replay || replay.status === 'taken-over') return;
    const target = Math.max(0, Math.min(replay.steps.length, Math.floor(count)));
    if (target >= run.provider.played) {
      if (replay.status === 'finished' || replay.status === 'stopped') return;
      run.provider.runTo(target, { instant: true });
      patch({ status: 'paused' });
    } else void restart(target);
  }

  return {
    store: store as ReadonlyStore<{ replay: ReplayView | null; link: LessonLink | null }>,
    start,

    /** The first-run "Watch a sample session": the bundled recording. */
    async startSample(): Promise<Result<void>> {
      const url = deps.sampleUrl ?? `${import.meta.env.BASE_URL}samples/hello-tidepool.json`;
      try {
        const response = await fetch(url);
        if (!response.ok) return err(`The sample session could not be loaded (HTTP ${response.status}).`);
        return await start(await response.text());
      } catch (error) {
        return err(`The sample session could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
      }
    },

    play(): void {
      run?.provider.setMode('auto');
      patch({ status: 'playing', waiting: false });
    },

    pause,

    /** Plays the next recorded model response and its tool calls, then waits. */
    step(): void {
      if (!run) return;
      if (store.get().replay?.status === 'playing') pause();
      run.provider.next();
    },

    /** Back to before the current model response: the replay runs again from the start up to there. */
    stepBack(): void {
      const replay = store.get().replay;
      if (replay) goTo(replay.played - 1);
    },

    goTo,

    setSpeed(charsPerSecond: number): void {
      run?.provider.setSpeed(charsPerSecond);
      patch({ speed: charsPerSecond });
    },

    /** The teacher's note on step `index` (0-based); empty text removes it. */
    setNote(index: number, text: string): void {
      const replay = store.get().replay;
      if (!replay || index < 0 || index >= replay.steps.length) return;
      const notes = { ...replay.notes };
      if (text.trim()) notes[index] = text;
      else delete notes[index];
      patch({ notes });
    },

    /** The recording with the current notes in it, to download and share as a lesson. */
    async lessonFile(): Promise<Result<{ name: string; text: string }>> {
      const replay = store.get().replay;
      if (!replay || source === null) return err('No recording is open.');
      const runtime = await deps.runtime();
      return ok({
        name: runtime.lessonFileName(replay.title),
        text: runtime.withNotes(source, replay.notes, replay.steps.length),
      });
    },

    /** The tools' questions while a recording plays get its recorded answers: the viewer sees no dialog. */
    services(live: Asking): Asking {
      return {
        askUser: (questions, signal) =>
          run ? Promise.resolve(run.answers.askUser.shift() ?? null) : live.askUser(questions, signal),
        approvePlan: (plan, signal) =>
          run
            ? Promise.resolve(
                run.answers.approvePlan.shift() ?? { approved: false, feedback: 'No answer was recorded.' },
              )
            : live.approvePlan(plan, signal),
        confirmPlanMode: (signal) =>
          run ? Promise.resolve(run.answers.enterPlan.shift() ?? false) : live.confirmPlanMode(signal),
      };
    },

    /** Hands the session to the user's own model; with none set up, Settings opens and the take-over completes on Save. */
    takeOver(): void {
      if (!run) return;
      if (!providerReady(settings.store.get())) {
        takeOverPending = true;
        view.openSettings();
        return;
      }
      finishTakeOver();
    },

    close(): void {
      stop();
      setReplay(null);
      source = null;
    },

    /**
     * `/?session=<url>`: asks once, then drops the parameter so a reload does not ask again. The
     * value is only ever fetched as data, never navigated to or rendered as HTML.
     */
    async openFromLocation(): Promise<void> {
      if (typeof location === 'undefined') return;
      const params = new URLSearchParams(location.search);
      const raw = params.get('session');
      if (raw === null) return;
      params.delete('session');
      const rest = params.toString();
      try {
        history.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
      } catch {
        // Sandboxed frames may refuse; the question is still asked once per load.
      }
      // Only a page opened from a lesson link loads the link code.
      const { parseSessionLink } = await import('./lesson-link');
      const url = parseSessionLink(raw, location.href);
      if (!url.ok) setLink({ kind: 'failed', url: raw, error: url.error });
      else setLink({ kind: 'confirm', url: url.value.href, host: url.value.host });
    },

    /** The user agreed to open the linked lesson: fetched, validated like an import, and opened paused. */
    async confirmLink(): Promise<void> {
      const link = store.get().link;
      if (link?.kind !== 'confirm') return;
      setLink({ kind: 'loading', url: link.url, host: link.host });
      const { fetchRecording } = await import('./lesson-link');
      const fetched = await fetchRecording(new URL(link.url));
      const started = fetched.ok ? await start(fetched.value, { lesson: true }) : fetched;
      setLink(started.ok ? null : { kind: 'failed', url: link.url, error: started.error });
    },

    dismissLink(): void {
      if (store.get().link?.kind !== 'loading') setLink(null);
    },
  };
}
