import { StorageShortError, storageShortError } from './clone-budget';
import type { GitProgress } from './context';
import type { CloneJob, CloneJobOutcome, FileBatch } from './clone-job';
import type { GitHttpClient } from './http';
import type { RemoteError } from './remote-errors';

// Runs a clone job where it belongs: in a Web Worker in the browser (the page only receives
// batches), in-process under Node or when a test injects an HTTP client. Either way each batch
// is handed to `onBatch` in order and awaited before the outcome is reported, and a cancel
// ends the job at once (the worker is terminated; nothing more is written).

export type CloneWorkerMessage =
  | { type: 'progress'; event: GitProgress }
  | { type: 'batch'; batch: FileBatch }
  | { type: 'done'; outcome: CloneJobOutcome }
  | { type: 'failed'; message: string };

export interface RunHooks {
  onProgress?: (event: GitProgress) => void;
  onBatch: (batch: FileBatch) => Promise<void>;
  signal?: AbortSignal;
  http?: GitHttpClient;
  /** Force the in-process route (default: a worker whenever the platform has them). */
  inProcess?: boolean;
}

export const CANCELLED: RemoteError = {
  kind: 'network',
  message: 'The clone was cancelled.',
  hint: 'Nothing was kept; open the repository again when you are ready.',
};

function failed(error: unknown): CloneJobOutcome {
  const e = error as { name?: string } | null;
  if (e?.name === 'AbortError') return { ok: false, error: CANCELLED };
  if (error instanceof StorageShortError) return { ok: false, error: storageShortError(error) };
  return {
    ok: false,
    error: {
      kind: 'network',
      message: `Writing the files failed: ${error instanceof Error ? error.message : String(error)}`,
      hint: 'Try again; if it keeps failing, the browser may be short of memory.',
    },
  };
}

export async function runClone(job: CloneJob, hooks: RunHooks): Promise<CloneJobOutcome> {
  if (hooks.signal?.aborted) return { ok: false, error: CANCELLED };
  if (hooks.inProcess || hooks.http || typeof Worker === 'undefined') {
    const { runCloneJob } = await import('./clone-job');
    try {
      const outcome = await runCloneJob(job, hooks);
      return hooks.signal?.aborted ? { ok: false, error: CANCELLED } : outcome;
    } catch (error) {
      return failed(error);
    }
  }
  const worker = new Worker(new URL('./clone-worker.ts', import.meta.url), { type: 'module', name: 'git clone' });
  return new Promise<CloneJobOutcome>((resolve) => {
    let writing: Promise<void> = Promise.resolve();
    let writeError: unknown = null;
    let settled = false;
    const finish = (outcome: CloneJobOutcome): void => {
      if (settled) return;
      settled = true;
      worker.terminate();
      hooks.signal?.removeEventListener('abort', onAbort);
      // Whatever write is under way stops at its next slice; report once it has.
      void writing.then(() => resolve(outcome));
    };
    const onAbort = (): void => finish({ ok: false, error: CANCELLED });
    hooks.signal?.addEventListener('abort', onAbort);
    worker.onmessage = (event: MessageEvent<CloneWorkerMessage>) => {
      const message = event.data;
      if (message.type === 'progress') hooks.onProgress?.(message.event);
      else if (message.type === 'batch')
        writing = writing
          .then(() => (writeError || settled ? undefined : hooks.onBatch(message.batch)))
          .catch((error) => {
            writeError ??= error;
          });
      else if (message.type === 'done')
        void writing.then(() => finish(writeError ? failed(writeError) : message.outcome));
      else finish(failed(new Error(message.message)));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      finish(failed(new Error(event.message || 'the clone worker could not start')));
    };
    worker.postMessage({ type: 'start', job });
  });
}
