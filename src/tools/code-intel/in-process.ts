// The service without a worker: the same code, called directly (with structured cloning, as a
// worker boundary would), for Node and tests. The page uses the Web Worker (worker.ts).
import type { LibLoader, ServiceTransport } from './protocol';
import { createTsService } from './ts-service';

export async function inProcessTransport(loadLib: LibLoader): Promise<ServiceTransport> {
  const ts = (await import('typescript')).default;
  const service = createTsService(ts, loadLib);
  return {
    request: async (message) => structuredClone(await service.handle(structuredClone(message))),
    dispose: () => {},
  };
}
