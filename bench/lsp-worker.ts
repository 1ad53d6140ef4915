// The TypeScript service on a Node worker thread, for bench/lsp.ts: the same service code the page
// runs in a Web Worker (src/tools/code-intel/worker.ts), with the lib files read from node_modules.
import { parentPort } from 'node:worker_threads';
import type { ServiceRequest } from '../src/tools/code-intel/protocol';
import { createTsService, type TsService } from '../src/tools/code-intel/ts-service';
import { nodeLibs } from '../test/fixtures/ts-libs';

let service: Promise<TsService> | undefined;

parentPort!.on('message', ({ id, request }: { id: number; request: ServiceRequest }) => {
  service ??= import('typescript').then((ts) => createTsService(ts.default, nodeLibs));
  void service.then((s) => s.handle(request)).then((response) => parentPort!.postMessage({ id, response }));
});
