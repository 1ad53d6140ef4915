// The TypeScript service on a Node worker thread, for bench/lsp.ts: the same service code the page
// runs in a Web Worker (src/tools/code-intel/worker.ts), with the lib files read from node_modules.
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import type { ServiceRequest } from '../src/tools/code-intel/protocol';
import { createTsService, type TsService } from '../src/tools/code-intel/ts-service';
import { nodeLibs } from '../test/fixtures/ts-libs';

let service: Promise<TsService> | undefined;

parentPort!.on('message', ({ id, request }: { id: number; request: ServiceRequest }) => {
  // Loaded by require, as the page loads its prebuilt chunk: through tsx's module hooks it took seconds more.
  service ??= Promise.resolve().then(() =>
    createTsService(createRequire(import.meta.url)('typescript') as typeof import('typescript'), nodeLibs),
  );
  void service.then((s) => s.handle(request)).then((response) => parentPort!.postMessage({ id, response }));
});
