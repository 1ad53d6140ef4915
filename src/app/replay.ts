import { err, ok, type Result } from '../lib/result';
import type { ReplayProvider } from '../session/replay-provider';
import type { Workspace } from '../workspace/types';
import type { Notify } from './notify';
import type { Runtime } from './runtime-loader';
import type { SessionsLifecycle } from './sessions/sessions';
import { providerReady, type SettingsApp } from './settings';
import { createStore, type ReadonlyStore } from './store';
import type { ViewApp } from './view';

// Replaying a recorded session (the bundled sample, or an exported file) in a new session: the
// recording plays the model, the tools run live here. Play, pause, step, speed, and "take over":
// the user's own model carries on from where the replay is.

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
}

export interface ReplayDeps {
  runtime: () => Promise<Runtime>;
  lifecycle: SessionsLifecycle;
  settings: SettingsApp;
  view: ViewApp;
  notify: Notify;
  workspace: () => Workspace;
  replaceFiles: (files: Record<string, Uint8Array>) => void;
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

export function createReplay(deps: ReplayDeps) {
  const { lifecycle, settings, view, notify } = deps;
  const store = createStore<{ replay: ReplayView | null }>({ replay: null });
  let run: { provider: ReplayProvider; abort: AbortController } | null = null;
  /** Take over was asked with no model set up: it completes once one is. */
  let takeOverPending = false;

  const patch = (change: Partial<ReplayView>): void => {
    const replay = store.get().replay;
    if (replay) store.set({ replay: { ...replay, ...change } });
  };

  const stop = (): void => {
    if (!run) return;
    run.abort.abort();
    run = null;
    takeOverPending = false;
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
    stop();
    store.set({ replay: null });
  });
  // "Take over" with no model set up opened Settings: once one is, the take-over completes.
  settings.store.subscribe(() => {
    if (takeOverPending && providerReady(settings.store.get())) finishTakeOver();
  });

  async function start(json: string, options: { speed?: number } = {}): Promise<Result<void>> {
    const runtime = await deps.runtime();
    const loaded = await runtime.loadReplay(json);
    if (!loaded.ok) return err(loaded.error);
    const { replay } = loaded;
    const speed = options.speed ?? 200;
    const provider = new runtime.ReplayProvider(replay.events, { mode: 'auto', charsPerSecond: speed });
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
    const mine = { provider, abort: new AbortController() };
    run = mine;
    view.closeSessionDialog();
    store.set({
      replay: {
        title: replay.title,
        status: 'playing',
        waiting: false,
        speed,
        turn: 0,
        turns: replay.events.filter((e) => e.type === 'turn-started').length,
        filesMatch: null,
        differences: [],
      },
    });
    provider.onWaiting((step) => patch({ waiting: step !== null }));
    void runtime
      .replayTurns(switched.value.agent, replay.events, {
        signal: mine.abort.signal,
        onTurn: (index) => patch({ turn: index + 1 }),
      })
      .then(async () => {
        if (run !== mine || mine.abort.signal.aborted) return;
        await switched.value.settled();
        const differences = await compareFiles(deps.workspace(), replay.finalFiles);
        patch({
          status: provider.remaining === 0 ? 'finished' : 'stopped',
          waiting: false,
          filesMatch: differences.length === 0,
          differences,
        });
      });
    return ok(undefined);
  }

  return {
    store: store as ReadonlyStore<{ replay: ReplayView | null }>,
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

    pause(): void {
      run?.provider.setMode('step');
      patch({ status: 'paused' });
    },

    step(): void {
      run?.provider.next();
    },

    setSpeed(charsPerSecond: number): void {
      run?.provider.setSpeed(charsPerSecond);
      patch({ speed: charsPerSecond });
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
      store.set({ replay: null });
    },
  };
}
