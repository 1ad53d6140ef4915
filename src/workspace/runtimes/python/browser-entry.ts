import { receivePort } from '../worker/port';
import { startPythonWorker } from './python-worker';

// The Python worker's script in the page, bundled on its own and started inside the sandbox frame.
receivePort(startPythonWorker);
