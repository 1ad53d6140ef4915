import { MirrorFs } from '../worker/mirror-fs';
import { OutputChannel } from '../worker/output';
import type { WorkerPort } from '../worker/port';
import { runNodeProgram } from './node-program';
import { sucraseFromScript } from './sucrase-script';
import { loadSucrase, useSucrase } from './transform';

// A `node` worker: booted ahead of time with the workspace files (a warm spare), then runs one
// program. The program's code shares this worker's globals, so a worker is never used twice.

/** A spare idle this long loads sucrase, so a later TypeScript run does not wait for it; a first run comes sooner. */
const SUCRASE_AFTER_IDLE_MS = 250;

export function startNodeWorker(port: WorkerPort): void {
  const output = new OutputChannel((m) => port.post(m));
  let mirror: MirrorFs | null = null;
  let used = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  port.onMessage((message) => {
    switch (message.type) {
      case 'boot':
        if (message.boot.sucrase) useSucrase(sucraseFromScript(message.boot.sucrase));
        mirror = new MirrorFs(message.boot.root, (ops) => port.post({ type: 'fs', ops }));
        mirror.apply(message.files);
        port.post({ type: 'ready' });
        idle = setTimeout(loadSucrase, SUCRASE_AFTER_IDLE_MS);
        break;
      case 'files':
        mirror?.apply(message.files);
        break;
      case 'run':
        if (used || !mirror) {
          port.post({ type: 'fatal', message: 'this node worker was already used' });
          return;
        }
        used = true;
        clearTimeout(idle);
        runNodeProgram(message.run, {
          mirror,
          output,
          exit: (code) => port.post({ type: 'exit', code }),
          catchErrors: (onError, onRejection) => port.catchErrors(onError, onRejection),
        });
        break;
    }
  });
}
