// The main-thread side of code intelligence: starts the TypeScript service on first use (a Web Worker
// in the page, so type checking never blocks the UI), gives it the workspace's source files, and
// keeps it current from the workspace's change events, sending what changed before each request.
import { err, ok, type Result } from '../../lib/result';
import type { FileChange, Workspace } from '../../workspace/types';
import type { FileUpdate, ServiceRequest, ServiceResponse, ServiceTransport, ServiceValue } from './protocol';
import type { CodeAnswer, CodeDiagnostic, CodeIntel, LspOperation } from './types';

const HANDLED = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
/** Files the service needs: sources, and what module resolution and options read. */
const RELEVANT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$|\/package\.json$|\/(tsconfig|jsconfig)[^/]*\.json$/;
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_TOTAL_BYTES = 40 * 1024 * 1024;

/** Which workspace files go to the service: no .git; in node_modules only typings and package.json. */
export function isRelevant(path: string): boolean {
  if (path.includes('/.git/') || !RELEVANT.test(path)) return false;
  if (!path.includes('/node_modules/')) return true;
  return /\.d\.(ts|mts|cts)$|\/package\.json$/.test(path);
}

export interface CodeIntelOptions {
  /** Starts the service. Default in a page: a module Web Worker; under Node pass an in-process transport. */
  connect?: () => Promise<ServiceTransport>;
}

export function createCodeIntel(workspace: Workspace, options: CodeIntelOptions = {}): CodeIntel {
  const connect = options.connect ?? connectWorker;
  let transport: Promise<ServiceTransport> | undefined;
  const dirty = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();
  let disposed = false;
  let started = false;

  const stopWatching = workspace.watch((changes: FileChange[]) => {
    for (const change of changes) {
      for (const path of change.type === 'renamed' ? [change.from, change.to] : [change.path])
        if (change.kind === 'file' ? isRelevant(path) : true) dirty.add(path);
    }
  });

  const start = (): Promise<ServiceTransport> => {
    transport ??= (async () => {
      const t = await connect();
      dirty.clear(); // before reading: a change made while the snapshot is taken stays pending
      const files = await snapshot(workspace);
      const answer = await t.request({ kind: 'init', root: workspace.root, files });
      if (!answer.ok) throw new Error(answer.error);
      started = true;
      return t;
    })();
    transport.catch(() => (transport = undefined)); // a failed start may succeed next time
    return transport;
  };

  /** Reads what changed since the last request (a directory change rescans its files). */
  const pending = async (except?: string): Promise<FileUpdate[]> => {
    const paths = [...dirty].filter((p) => p !== except);
    for (const p of paths) dirty.delete(p);
    const updates: FileUpdate[] = [];
    for (const path of paths) {
      const stat = await workspace.stat(path).catch(() => null);
      if (stat?.kind === 'dir') {
        for (const file of await workspace.listFiles(path))
          if (isRelevant(file)) updates.push(await read(workspace, file));
      } else if (isRelevant(path)) updates.push(stat ? await read(workspace, path) : { path, text: null });
      else if (!stat) updates.push({ path, text: null }); // a deleted directory: the service drops what it had there
    }
    return updates;
  };

  /** One request at a time, in order, each after the changes before it. */
  const send = (build: () => Promise<ServiceRequest>, signal?: AbortSignal): Promise<Result<ServiceValue>> => {
    const run = queue.then(async (): Promise<Result<ServiceValue>> => {
      if (disposed) return err('Code intelligence was shut down.');
      let t: ServiceTransport;
      try {
        t = await start();
      } catch (error) {
        return err(`The TypeScript service could not start: ${error instanceof Error ? error.message : String(error)}`);
      }
      const request = await build();
      const answer = await t.request(request);
      return answer.ok ? ok(answer.value) : err(answer.error);
    });
    queue = run.catch(() => undefined);
    return signal ? raceAbort(run, signal) : run;
  };

  /** Sends what changed (all but `except`), then gives the request to send. */
  const flushThen = async (request: ServiceRequest, except?: string): Promise<ServiceRequest> => {
    const updates = await pending(except);
    if (updates.length) {
      const answer = await (await start()).request({ kind: 'update', files: updates });
      if (!answer.ok) throw new Error(answer.error);
    }
    return request;
  };

  return {
    handles: (path) => HANDLED.test(path),
    async query(op: LspOperation, path, line, character, signal) {
      const answer = await send(() => flushThen({ kind: 'query', op, path, line, character }), signal);
      return answer as Result<CodeAnswer | null>;
    },
    async newErrorsAfterEdit(path, signal) {
      const answer = await send(async () => {
        // Everything else first, so the "before" diagnostics of this file see the rest as it is now.
        dirty.delete(path);
        const text = await workspace.readText(path).catch(() => '');
        return flushThen({ kind: 'new-errors', path, text }, path);
      }, signal);
      return answer as Result<CodeDiagnostic[]>;
    },
    get warm() {
      return started;
    },
    warmUp() {
      if (!disposed) start().catch(() => undefined);
    },
    dispose() {
      disposed = true;
      stopWatching();
      void transport?.then((t) => t.dispose()).catch(() => undefined);
    },
  };
}

async function read(workspace: Workspace, path: string): Promise<FileUpdate> {
  const stat = await workspace.stat(path);
  if (!stat || stat.size > MAX_FILE_BYTES) return { path, text: null };
  return { path, text: await workspace.readText(path) };
}

async function snapshot(workspace: Workspace): Promise<FileUpdate[]> {
  const files: FileUpdate[] = [];
  let total = 0;
  for (const path of await workspace.listFiles()) {
    if (!isRelevant(path)) continue;
    const update = await read(workspace, path);
    if (update.text === null) continue;
    total += update.text.length;
    if (total > MAX_TOTAL_BYTES) break;
    files.push(update);
  }
  return files;
}

function raceAbort<T>(promise: Promise<Result<T>>, signal: AbortSignal): Promise<Result<T>> {
  if (signal.aborted) return Promise.resolve(err('Aborted.'));
  return new Promise((resolve) => {
    const onAbort = () => resolve(err('Aborted.'));
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then((value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
  });
}

/** The page's transport: the service in a module Web Worker, loaded on first use. */
async function connectWorker(): Promise<ServiceTransport> {
  if (typeof Worker === 'undefined') throw new Error('no Web Worker here; pass an in-process transport');
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'typescript' });
  return messageTransport(
    (message) => worker.postMessage(message),
    (listener) => worker.addEventListener('message', (e: MessageEvent) => listener(e.data)),
    (listener) =>
      worker.addEventListener('error', (e: ErrorEvent) => listener(e.message || 'the worker failed to load')),
    () => worker.terminate(),
  );
}

/** Request/response over any message channel (a Worker, a worker thread's port). */
export function messageTransport(
  post: (message: { id: number; request: ServiceRequest }) => void,
  onMessage: (listener: (data: { id: number; response: ServiceResponse }) => void) => void,
  onError: (listener: (message: string) => void) => void,
  terminate: () => void,
): ServiceTransport {
  let next = 0;
  const waiting = new Map<number, (r: ServiceResponse) => void>();
  onMessage(({ id, response }) => {
    waiting.get(id)?.(response);
    waiting.delete(id);
  });
  onError((message) => {
    for (const resolve of waiting.values()) resolve({ ok: false, error: `The TypeScript worker failed: ${message}` });
    waiting.clear();
  });
  return {
    request(request) {
      const id = ++next;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        post({ id, request });
      });
    },
    dispose: terminate,
  };
}
