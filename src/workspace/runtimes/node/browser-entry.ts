import { receivePort } from '../worker/port';
import { startNodeWorker } from './node-worker';

// The `node` worker's script in the page, bundled on its own and started inside the sandbox frame.
receivePort(startNodeWorker);
