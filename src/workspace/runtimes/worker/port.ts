import type { HostMessage, WorkerMessage } from '../protocol';

/** The worker's end of its channel to the host: a MessagePort in the page, parentPort under Node. */
export interface WorkerPort {
  post(message: WorkerMessage): void;
  onMessage(listener: (message: HostMessage) => void): void;
  /** Routes errors nothing caught (in timers, promise chains) to the runtime. */
  catchErrors(onError: (error: unknown) => void, onRejection: (reason: unknown) => void): void;
}

/** The browser entries' way in: the sandbox frame hands each worker its port in the first message. */
export function receivePort(start: (port: WorkerPort) => void): void {
  const scope = globalThis as unknown as {
    addEventListener(type: 'message', listener: (event: MessageEvent) => void, options?: { once: boolean }): void;
  };
  scope.addEventListener(
    'message',
    (event) => {
      const port = (event.data as { port?: MessagePort })?.port;
      if (!port) return;
      start({
        post: (message) => port.postMessage(message),
        onMessage: (listener) => {
          port.onmessage = (e) => listener(e.data as HostMessage);
        },
        catchErrors: (onError, onRejection) => {
          const scope = globalThis as unknown as EventTarget;
          scope.addEventListener('error', (e) => {
            e.preventDefault();
            onError((e as ErrorEvent).error ?? (e as ErrorEvent).message);
          });
          scope.addEventListener('unhandledrejection', (e) => {
            e.preventDefault();
            onRejection((e as PromiseRejectionEvent).reason);
          });
        },
      });
    },
    { once: true },
  );
}
