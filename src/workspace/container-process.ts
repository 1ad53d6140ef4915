import type { WebContainerProcess } from '@webcontainer/api';
import type { WorkspaceProcess } from './types';

/**
 * A WebContainer process as the workspace hands it out: one writer for its input, and its output
 * fanned out to listeners, with whatever came before the first listener (a prompt, a banner)
 * replayed to it so nothing is lost between spawn and subscribe.
 */
export function containerProcess(
  proc: WebContainerProcess,
): WorkspaceProcess & { resize: WebContainerProcess['resize'] } {
  const input = proc.input.getWriter();
  const listeners = new Set<(chunk: string) => void>();
  let backlog: string[] | null = [];
  void proc.output
    .pipeTo(
      new WritableStream({
        write(chunk) {
          if (backlog) backlog.push(chunk);
          else for (const listener of listeners) listener(chunk);
        },
      }),
    )
    .catch(() => undefined);
  return {
    write: (data) => input.write(data),
    onOutput(listener) {
      listeners.add(listener);
      if (backlog) {
        const early = backlog;
        backlog = null;
        for (const chunk of early) listener(chunk);
      }
      return () => listeners.delete(listener);
    },
    exit: proc.exit,
    kill: () => proc.kill(),
    resize: (size) => proc.resize(size),
  };
}
