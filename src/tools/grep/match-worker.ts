import { answerMatchRequest, type MatchWorkerMessage, type MatchWorkerRequest } from './matcher';

// The search worker's entry (a module Web Worker, bundled by Vite): it runs Grep's regex off the
// page's thread, one batch per message, and says `ready` once loaded.

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<MatchWorkerRequest>) => void) | null;
  postMessage(message: MatchWorkerMessage): void;
};

scope.onmessage = (event) => scope.postMessage(answerMatchRequest(event.data));
scope.postMessage({ type: 'ready' });
