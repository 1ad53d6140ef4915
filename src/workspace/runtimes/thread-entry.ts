import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { HostMessage, RuntimeKind } from './protocol';
import type { WorkerPort } from './worker/port';

// A runtime worker under worker_threads (node-thread-host.ts): the page's worker code on parentPort.

// Kept before a runtime replaces the global `process` with the program's own.
const nodeProcess = process;
const port: WorkerPort = {
  post: (message) => parentPort!.postMessage(message),
  onMessage: (listener) => parentPort!.on('message', (m: HostMessage) => listener(m)),
  catchErrors: (onError, onRejection) => {
    nodeProcess.on('uncaughtException', onError);
    nodeProcess.on('unhandledRejection', onRejection);
  },
};

const kind = (workerData as { kind: RuntimeKind }).kind;
if (kind === 'python') {
  // The Emscripten loader takes its Node branch here, which requires node:fs.
  (globalThis as { require?: unknown }).require = createRequire(import.meta.url);
  const { startPythonWorker } = await import('./python/python-worker');
  startPythonWorker(port);
} else {
  const [{ startNodeWorker }, { useSucrase }, { transform }] = await Promise.all([
    import('./node/node-worker'),
    import('./node/transform'),
    import('sucrase'),
  ]);
  useSucrase(() => transform);
  startNodeWorker(port);
}
