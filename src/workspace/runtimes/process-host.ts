import type { HostMessage, RuntimeAssets, RuntimeKind } from './protocol';

// Where runtime workers come from. In the page: an opaque-origin sandbox (sandbox-frame-host.ts),
// so a program can never read the app's storage (keys, sessions). Under Node (tests, bench):
// worker_threads (node-thread-host.ts). The rest of the runtime code does not know which.

export interface RuntimeProcess {
  post(message: HostMessage): void;
  /** Messages as they arrive; from code the user runs too, so the listener validates them. */
  onMessage(listener: (message: unknown) => void): void;
  /** The worker died without saying why (a crash, an out-of-memory kill). */
  onCrash(listener: (reason: string) => void): void;
  /** Ends the worker at once, wherever it is: the only way to stop a busy program. */
  terminate(): void;
}

export interface ProcessHost {
  /** A new, empty worker for `kind`: it waits for a `boot` message. */
  spawn(kind: RuntimeKind): Promise<RuntimeProcess>;
  /** The runtime's own files (Python: loader, wasm, standard library), fetched once and kept. */
  assets(kind: RuntimeKind): Promise<RuntimeAssets>;
  /** Starts fetching what a `kind` worker needs and starts nothing: a first run then waits less. */
  prefetch(kind: RuntimeKind): void;
  dispose(): void;
}

/** The page's sandbox, or worker_threads under Node; loaded on first use only. */
export async function defaultProcessHost(): Promise<ProcessHost> {
  if (typeof document !== 'undefined') {
    const { createSandboxFrameHost } = await import('./sandbox-frame-host');
    return createSandboxFrameHost();
  }
  // Kept out of the page's bundle: the path is not a literal Vite can follow.
  const nodeHost = './node-thread-host';
  const { createNodeThreadHost } = (await import(/* @vite-ignore */ nodeHost)) as typeof import('./node-thread-host');
  return createNodeThreadHost();
}
