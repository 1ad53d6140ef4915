import type { MatchWorker } from './matcher';

// The search worker in the page: a module Web Worker from the app's own origin (Vite bundles
// match-worker.ts into its own file), so a CSP needs only `worker-src 'self'`.

export function spawnWebWorker(): MatchWorker {
  const worker = new Worker(new URL('./match-worker.ts', import.meta.url), { type: 'module', name: 'Grep search' });
  return {
    post: (request) => worker.postMessage(request),
    onMessage: (handler) => worker.addEventListener('message', (event) => handler(event.data)),
    onFailure: (handler) => {
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        handler(event.message || 'the worker script failed to load');
      });
      worker.addEventListener('messageerror', () => handler('a message could not be read'));
    },
    terminate: () => worker.terminate(),
  };
}
