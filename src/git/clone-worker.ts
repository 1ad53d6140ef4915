import type { GitProgress } from './context';
import { runCloneJob, type CloneJob, type FileBatch } from './clone-job';
import type { CloneWorkerMessage } from './clone-runner';

// The clone worker's entry (a module Web Worker bundled by Vite): fetch, inflate and checkout of
// one repository run here, off the page's thread. Files go to the page in batches whose buffers
// are transferred, not copied. The page ends a cancelled clone by terminating this worker.

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<{ type: 'start'; job: CloneJob }>) => void) | null;
  postMessage(message: CloneWorkerMessage, transfer?: Transferable[]): void;
};

/** Progress at most every 50 ms (isomorphic-git reports every object), phase changes and ends always. */
function throttled(): (event: GitProgress) => void {
  let last = 0;
  let phase = '';
  return (event) => {
    const now = performance.now();
    if (event.phase === phase && now - last < 50 && event.percent !== 100) return;
    last = now;
    phase = event.phase;
    scope.postMessage({ type: 'progress', event });
  };
}

function transfers(batch: FileBatch): Transferable[] {
  const out = new Set<ArrayBuffer>();
  for (const file of batch.files) {
    const b = file.bytes;
    if (!b) continue;
    // Each file's bytes own their buffer in the tree (FileTree copies on write); share nothing twice.
    if (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && !out.has(b.buffer as ArrayBuffer))
      out.add(b.buffer as ArrayBuffer);
    else file.bytes = b.slice();
  }
  return [...out];
}

scope.onmessage = (event) => {
  if (event.data?.type !== 'start') return;
  void runCloneJob(event.data.job, {
    onProgress: throttled(),
    onBatch: (batch) => scope.postMessage({ type: 'batch', batch }, transfers(batch)),
  }).then(
    (outcome) => scope.postMessage({ type: 'done', outcome }),
    (error) => scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
};
