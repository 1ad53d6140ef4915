import type { AgentEvent } from '../agent/events';
import { err, ok, type Result } from '../lib/result';
import type { RecordedAnswers } from '../session/lesson';
import type { ReplayProvider } from '../session/replay-provider';
import type { Workspace } from '../workspace/types';
import type { ReplayDeps, ReplayView } from './replay';

// Starting a recording: the part of the replay player that only runs once someone plays one (the
// first-run sample, an imported file, a lesson link), so it loads then and not with the page.
// It opens a new session whose provider is the recording, puts the recording's first files in the
// workspace, follows the steps for the timeline and, at the end, compares the files it made with
// the recording's.

export interface Launch {
  speed: number;
  lesson?: boolean;
  /** Play this many responses at once, then wait (a step back, a jump along the timeline). */
  played?: number;
  notes?: Record<number, string>;
}

export interface Run {
  provider: ReplayProvider;
  abort: AbortController;
  /** The recorded user's answers not yet handed out, in order. */
  answers: RecordedAnswers;
  off: () => void;
}

/** The player's state the launch reads and sets (replay.ts owns it). */
export interface LaunchContext {
  deps: ReplayDeps;
  /** Calls the viewer allowed during this replay: replaying them again (a step back) does not ask twice. */
  allowed: Set<string>;
  /** A step back is replacing the current replay's session. */
  restarting: () => boolean;
  current: () => Run | null;
  /** The new run becomes the current one. */
  begin: (run: Run) => void;
  setReplay: (replay: ReplayView) => void;
  patch: (change: Partial<ReplayView>) => void;
}

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

/** What the replay watches in its session: steps for the timeline, the viewer's permission answers. */
function watch(ctx: LaunchContext, provider: ReplayProvider, event: AgentEvent): void {
  if (event.type === 'step-started') ctx.patch({ played: provider.played });
  else if (event.type === 'permission-answered' && event.answer.decision !== 'deny' && !event.agent)
    ctx.allowed.add(event.callId);
  else if (event.type === 'permission-asked' && !event.agent && ctx.allowed.has(event.callId)) {
    const callId = event.callId;
    queueMicrotask(() => ctx.deps.answerPermission(callId));
  }
}

export async function launchReplay(ctx: LaunchContext, json: string, options: Launch): Promise<Result<void>> {
  const { deps, patch } = ctx;
  const { lifecycle, view } = deps;
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
  const previous = ctx.restarting() ? lifecycle.store.get().current?.id : undefined;
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
    off: conversation?.subscribe((event) => watch(ctx, provider, event)) ?? (() => undefined),
  };
  ctx.begin(mine);
  view.closeSessionDialog();
  const steps = runtime.lessonTimeline(replay.events);
  ctx.setReplay({
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
    if (ctx.current() === mine) patch({ waiting: step !== null, played: provider.played });
  });
  void runtime
    .replayTurns(switched.value.agent, replay.events, {
      signal: mine.abort.signal,
      onTurn: (index) => patch({ turn: index + 1 }),
    })
    .then(async () => {
      if (ctx.current() !== mine || mine.abort.signal.aborted) return;
      await switched.value.settled();
      const differences = await compareFiles(deps.workspace(), replay.finalFiles);
      if (ctx.current() !== mine) return;
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
