// The TypeScript service in a Web Worker: typescript and its lib files load here, never on the page's
// main thread, and checking a project cannot make the UI stutter.
import type { ServiceRequest } from './protocol';
import { bundledLibs } from './lib-files';
import { createTsService, type TsService } from './ts-service';

let service: Promise<TsService> | undefined;

self.addEventListener('message', (event: MessageEvent<{ id: number; request: ServiceRequest }>) => {
  const { id, request } = event.data;
  service ??= import('typescript').then((ts) => createTsService(ts.default, bundledLibs));
  void service
    .then((s) => s.handle(request))
    .catch((error: unknown) => ({
      ok: false as const,
      error: `The TypeScript service failed to load: ${String(error)}`,
    }))
    .then((response) => self.postMessage({ id, response }));
});
