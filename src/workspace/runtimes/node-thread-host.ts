import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ProcessHost, RuntimeProcess } from './process-host';
import type { BootPayload, RuntimeAssets, RuntimeKind } from './protocol';

// Runtime workers under Node, for tests and the bench: the same worker code the page runs, in a
// worker_threads thread (TypeScript through tsx). Not for the page: it has no opaque origin to hide in.

const ENTRY = new URL('./thread-entry.ts', import.meta.url).href;
// A worker does not inherit the parent's TypeScript loader: register tsx, then load the entry.
const BOOTSTRAP = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(ENTRY)}); });`;

export function createNodeThreadHost(): ProcessHost {
  let python: Promise<BootPayload['python']> | null = null;
  const live = new Set<Worker>();
  return {
    async spawn(kind: RuntimeKind): Promise<RuntimeProcess> {
      // A prebuilt bundle of the entry when a test or bench made one (test/fixtures/runtime-bundle.ts).
      const bundled = process.env.TIDEPOOL_RUNTIME_ENTRY;
      const worker = bundled
        ? new Worker(bundled, { workerData: { kind } })
        : new Worker(BOOTSTRAP, { eval: true, workerData: { kind } });
      live.add(worker);
      const crash = new Set<(reason: string) => void>();
      let ended = false;
      worker.on('error', (error) => crash.forEach((l) => l(error.message)));
      worker.on('exit', (code) => {
        live.delete(worker);
        if (!ended) crash.forEach((l) => l(`the worker exited (${code})`));
      });
      return {
        post: (message) => worker.postMessage(message),
        onMessage: (listener) => worker.on('message', listener),
        onCrash: (listener) => crash.add(listener),
        terminate: () => {
          ended = true;
          void worker.terminate();
        },
      };
    },
    assets(kind: RuntimeKind): Promise<RuntimeAssets> {
      // A node worker here imports sucrase itself (thread-entry.ts).
      if (kind !== 'python') return Promise.resolve({});
      python ??= loadPython();
      return python.then((files) => ({ python: files }));
    },
    prefetch(): void {
      // Files are read from disk when a worker starts.
    },
    dispose(): void {
      for (const worker of live) void worker.terminate();
      live.clear();
    },
  };
}

async function loadPython(): Promise<BootPayload['python']> {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('just-bash')), '..', '..', 'vendor', 'cpython-emscripten');
  const [loader, wasm, stdlib] = await Promise.all([
    readFile(join(dir, 'python.cjs'), 'utf8'),
    readFile(join(dir, 'python.wasm')),
    readFile(join(dir, 'python313.zip')),
  ]);
  const buffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  return { loader, wasm: buffer(wasm), stdlib: buffer(stdlib) };
}
