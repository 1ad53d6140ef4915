import type { AgentEvent } from '../agent/events';
import { err, ok, type Result } from '../lib/result';
import type { RecordedAnswers, TimelineStep } from '../session/lesson';
import type { ReplayProvider } from '../session/replay-provider';
import type { ToolServices } from '../tools/services';
import { fetchRecording, parseSessionLink } from './lesson-link';
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

/** Paths that differ between the workspace and what the recording ended with. */
async function compareFiles(workspace: Workspace, expected: Record<string, Uint8Array>): Promise<string[]> {
  const differences: string[] = [];
  const actual = new Set(await workspace.listFiles());
  const same = (a: Uint8Array, b: Uint8Array): boolean =>
    a.byteLength === b.byteLength && a.every((v, i) => v === b[i]);
  for (const [path, data] of Object.entries(expected)) {
    const abs = workspace.resolve(path);
    if (!actual.has(abs)) differences.push(`${path} is missing`);
    else if (!same(await workspace.readFile(abs), data)) differences.push(`${path} differs`);
    actual.delete(abs);
  }
  for (const extra of actual) differences.push(`${extra} was not in the recording`);
  return differences;
}

type Asking = Required<Pick<ToolServices, 'askUser' | 'approvePlan' | 'confirmPlanMode'>>;

interface Run {
  provider: ReplayProvider;
  abort: AbortController;
  /** The recorded user's answers not yet handed out, in order. */
  answers: RecordedAnswers;
  off: () => void;
}

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

  /** What the replay watches in its session: steps for the timeline, the viewer's permission answers. */
  const watch = (provider: ReplayProvider, event: AgentEvent): void => {
    if (event.type === 'step-started') patch({ played: provider.played });
    else if (event.type === 'permission-answered' && event.answer.decision !== 'deny' && !event.agent)
      allowed.add(event.callId);
    else if (event.type === 'permission-asked' && !event.agent && allowed.has(event.callId)) {
      const callId = event.callId;
      queueMicrotask(() => deps.answerPermission(callId));
    }
  };

  interface Launch {
    speed: number;
    lesson?: boolean;
    /** Play this many responses at once, then wait (a step back, a jump along the timeline). */
    played?: number;
    notes?: Record<number, string>;
  }

  async function launch(json: string, options: Launch): Promise<Result<void>> {
    const runtime = await deps.runtime();
    const loaded = await runtime.loadReplay(json);
    if (!loaded.ok) return err(loaded.error);
    const { replay } = loaded;
    const { speed } = options;
    const lesson = options.lesson ?? replay.notes.length > 0;
    const paused = lesson || options.played !== undefined;
    const provider = new runtime.ReplayProvider(replay.events, {
      mode: paused ? 'step' : 'auto',
      charsPerSecond: speed,
    });
    if (options.played) provider.runTo(options.played, { instant: true });
    const previous = restarting ? lifecycle.store.get().current?.id : undefined;
    const switched = await lifecycle.switchTo((rt, common) => {
      // Held from the start: the settings must not swap the recording out before take over.
      lifecycle.holdProvider(provider);
      deps.replaceFiles(replay.initialFiles);
      return rt.LiveSession.create({
        ...common,
        provider,
        workspace: deps.workspace(),
        title: `Replay: ${replay.title}`,
      });
    });
    if (!switched.ok) {
      lifecycle.releaseProvider();
      return switched;
    }
    // The replaced replay was only ever the recording: it does not stay in the session list.
    if (previous) void lifecycle.deleteSession(previous);
    const conversation = lifecycle.store.get().conversation;
    const mine: Run = {
      provider,
      abort: new AbortController(),
      answers: runtime.recordedAnswers(replay.events),
      off: conversation?.subscribe((event) => watch(provider, event)) ?? (() => undefined),
    };
    run = mine;
    source = json;
    view.closeSessionDialog();
    const steps = runtime.lessonTimeline(replay.events);
    setReplay({
      title: replay.title,
      status: paused ? 'paused' : 'playing',
      waiting: false,
      speed,
      turn: 0,
      turns: replay.events.filter((e) => e.type === 'turn-started').length,
      filesMatch: null,
      differences: [],
      steps,
      played: 0,
      notes: options.notes ?? runtime.notesByStep(replay.notes, steps.length),
      lesson,
    });
    provider.onWaiting((step) => {
      if (run === mine) patch({ waiting: step !== null, played: provider.played });
    });
    void runtime
      .replayTurns(switched.value.agent, replay.events, {
        signal: mine.abort.signal,
        onTurn: (index) => patch({ turn: index + 1 }),
      })
      .then(async () => {
        if (run !== mine || mine.abort.signal.aborted) return;
        await switched.value.settled();
        const differences = await compareFiles(deps.workspace(), replay.finalFiles);
        if (run !== mine) return;
        patch({
          status: provider.remaining === 0 ? 'finished' : 'stopped',
          waiting: false,
          played: provider.played,
          filesMatch: differences.length === 0,
          differences,
        });
      });
    return ok(undefined);
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
    openFromLocation(): void {
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
      const url = parseSessionLink(raw, location.href);
      if (!url.ok) setLink({ kind: 'failed', url: raw, error: url.error });
      else setLink({ kind: 'confirm', url: url.value.href, host: url.value.host });
    },

    /** The user agreed to open the linked lesson: fetched, validated like an import, and opened paused. */
    async confirmLink(): Promise<void> {
      const link = store.get().link;
      if (link?.kind !== 'confirm') return;
      setLink({ kind: 'loading', url: link.url, host: link.host });
      const fetched = await fetchRecording(new URL(link.url));
      const started = fetched.ok ? await start(fetched.value, { lesson: true }) : fetched;
      setLink(started.ok ? null : { kind: 'failed', url: link.url, error: started.error });
    },

    dismissLink(): void {
      if (store.get().link?.kind !== 'loading') setLink(null);
    },
  };
}
