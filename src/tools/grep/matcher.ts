import { err, ok, type Result } from '../../lib/result';
import { runMatchJob, type FileMatches, type MatchJob } from './match-job';

// Where Grep's regex runs. The pattern comes from the model, and JavaScript's backtracking engine
// can take forever on some (`(a+)+$` against a long run of a's): run on the page's thread, that
// would freeze the tab. So in the browser each batch runs in a worker under a time limit; past it
// the worker is terminated (the only way to stop a running regex) and Grep reports the pattern.
// The same runner drives a worker_threads worker under vitest.

export type MatchFailure =
  | { kind: 'timeout'; limitMs: number }
  | { kind: 'aborted' }
  /** The worker would not start or crashed, or the job threw. */
  | { kind: 'failed'; message: string };

export interface GrepMatcher {
  match(job: MatchJob, signal: AbortSignal): Promise<Result<FileMatches[], MatchFailure>>;
}

/** What the worker says: `ready` once it has loaded, then one answer per request. */
export type MatchWorkerMessage =
  | { type: 'ready' }
  | { type: 'done'; id: number; results: FileMatches[] }
  | { type: 'failed'; id: number; message: string };

export interface MatchWorkerRequest {
  id: number;
  job: MatchJob;
}

/** A worker as the runner sees it: a Web Worker in the page, a worker_threads Worker in Node. */
export interface MatchWorker {
  post(request: MatchWorkerRequest): void;
  onMessage(handler: (message: MatchWorkerMessage) => void): void;
  /** The worker could not load, or died. */
  onFailure(handler: (message: string) => void): void;
  terminate(): void;
}

/** How long one batch may run. A batch is at most ~1 MB of text: a sane pattern takes milliseconds. */
export const MATCH_TIME_LIMIT_MS = 5_000;
/** How long a worker may take to load; not counted against the pattern. */
const START_LIMIT_MS = 30_000;

/** Runs the job on the calling thread: no time limit. For places with no workers (Node tools, the bench). */
export const inlineMatcher: GrepMatcher = {
  async match(job, signal) {
    if (signal.aborted) return err({ kind: 'aborted' });
    try {
      return ok(runMatchJob(job));
    } catch (error) {
      return err({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  },
};

type Answer = Exclude<MatchWorkerMessage, { type: 'ready' }> | { type: 'crashed'; message: string };

interface Live {
  worker: MatchWorker;
  /** Resolves null once the worker is ready, or the reason it never will be. */
  ready: Promise<string | null>;
  answer: ((message: Answer) => void) | null;
}

/** Settles with the promise's value, or 'timeout' after `ms`, or 'aborted' when the signal fires first. */
function within<T>(promise: Promise<T>, ms: number, signal: AbortSignal): Promise<T | 'timeout' | 'aborted'> {
  if (signal.aborted) return Promise.resolve('aborted');
  return new Promise((resolve) => {
    const onAbort = (): void => finish('aborted');
    const timer = setTimeout(() => finish('timeout'), ms);
    signal.addEventListener('abort', onAbort, { once: true });
    function finish(value: T | 'timeout' | 'aborted'): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    }
    promise.then(finish);
  });
}

/**
 * One worker at a time, started on first use and kept warm; jobs queue so each one's time limit
 * measures its own work. A job that runs out of time or is aborted takes the worker down with it;
 * the next job starts a fresh one.
 */
export function workerMatcher(
  spawn: () => MatchWorker,
  options: { timeoutMs?: number } = {},
): GrepMatcher & { close(): void } {
  const timeoutMs = options.timeoutMs ?? MATCH_TIME_LIMIT_MS;
  let current: Live | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let nextId = 1;

  const stop = (live: Live): void => {
    live.worker.terminate();
    if (current === live) current = null;
  };

  const start = (): Live => {
    let markReady: (failure: string | null) => void = () => {};
    const live: Live = { worker: spawn(), ready: new Promise((r) => (markReady = r)), answer: null };
    live.worker.onMessage((message) => {
      if (message.type === 'ready') markReady(null);
      else live.answer?.(message);
    });
    live.worker.onFailure((message) => {
      markReady(message);
      live.answer?.({ type: 'crashed', message });
      stop(live);
    });
    return live;
  };

  const run = async (job: MatchJob, signal: AbortSignal): Promise<Result<FileMatches[], MatchFailure>> => {
    if (signal.aborted) return err({ kind: 'aborted' });
    let live: Live;
    try {
      live = current ??= start();
    } catch (error) {
      // new Worker() itself threw: no worker support, or a policy forbids it.
      const why = error instanceof Error ? error.message : String(error);
      return err({ kind: 'failed', message: `the search worker could not start: ${why}` });
    }
    const ready = await within(live.ready, START_LIMIT_MS, signal);
    if (ready !== null) {
      stop(live);
      if (ready === 'aborted') return err({ kind: 'aborted' });
      const why = ready === 'timeout' ? `it did not start within ${START_LIMIT_MS / 1000} s` : ready;
      return err({ kind: 'failed', message: `the search worker could not start: ${why}` });
    }
    const id = nextId++;
    const answer = new Promise<Answer>((resolve) => {
      live.answer = (message) => {
        if (message.type === 'crashed' || message.id === id) resolve(message);
      };
    });
    live.worker.post({ id, job });
    const outcome = await within(answer, timeoutMs, signal);
    live.answer = null;
    if (outcome === 'timeout' || outcome === 'aborted') {
      stop(live);
      return err(outcome === 'timeout' ? { kind: 'timeout', limitMs: timeoutMs } : { kind: 'aborted' });
    }
    if (outcome.type === 'done') return ok(outcome.results);
    const message = outcome.type === 'crashed' ? `the search worker stopped: ${outcome.message}` : outcome.message;
    return err({ kind: 'failed', message });
  };

  return {
    /** Ends the worker; the next job starts a fresh one. */
    close: () => current && stop(current),
    match(job, signal) {
      const result = queue.then(() => run(job, signal));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}

/** The worker's side: answers each request with runMatchJob's results or the error it threw. */
export function answerMatchRequest({ id, job }: MatchWorkerRequest): MatchWorkerMessage {
  try {
    return { type: 'done', id, results: runMatchJob(job) };
  } catch (error) {
    return { type: 'failed', id, message: error instanceof Error ? error.message : String(error) };
  }
}
