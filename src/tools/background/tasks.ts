// Background commands (Bash run_in_background): each runs detached from the shell's state chain,
// its output is collected (the last MAX_OUTPUT_CHARS), and listeners hear when one starts, prints
// or ends. One registry per session; the UI lists and stops tasks through the same object.
import type { ExecResult, Workspace } from '../../workspace/types';

export type BackgroundStatus = 'running' | 'completed' | 'failed' | 'killed' | 'timed-out';

export interface BackgroundTaskInfo {
  id: string;
  command: string;
  description?: string;
  startedAt: number;
  endedAt?: number;
  status: BackgroundStatus;
  exitCode?: number;
  /** Collected stdout and stderr, in arrival order (the tail, when it passed the cap). */
  output: string;
  /** Characters dropped from the head to keep the cap. */
  droppedChars: number;
  /** Who stopped it, when it was stopped. */
  stoppedBy?: 'model' | 'user';
}

export type BackgroundEvent =
  | { type: 'started'; task: BackgroundTaskInfo }
  | { type: 'output'; task: BackgroundTaskInfo; chunk: string }
  | { type: 'ended'; task: BackgroundTaskInfo };

export const DEFAULT_BACKGROUND_TIMEOUT_MS = 1_800_000;
export const MAX_BACKGROUND_TIMEOUT_MS = 7_200_000;
/** What is kept of a task's output: enough for a build log's end, bounded for a chatty dev server. */
export const MAX_OUTPUT_CHARS = 1_000_000;

interface Entry {
  info: BackgroundTaskInfo;
  controller: AbortController;
  done: Promise<void>;
}

export class BackgroundTasks {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(event: BackgroundEvent) => void>();
  private count = 0;

  /** Starts `command` and returns at once; the task runs until it exits, times out or is stopped. */
  start(
    workspace: Workspace,
    command: string,
    options: { description?: string; timeoutMs?: number } = {},
  ): BackgroundTaskInfo {
    const id = `bash_${++this.count}`;
    const info: BackgroundTaskInfo = {
      id,
      command,
      ...(options.description ? { description: options.description } : {}),
      startedAt: Date.now(),
      status: 'running',
      output: '',
      droppedChars: 0,
    };
    const controller = new AbortController();
    const timeoutMs = Math.min(
      MAX_BACKGROUND_TIMEOUT_MS,
      Math.max(1, options.timeoutMs ?? DEFAULT_BACKGROUND_TIMEOUT_MS),
    );
    const append = (chunk: string): void => {
      info.output += chunk;
      if (info.output.length > MAX_OUTPUT_CHARS) {
        const drop = info.output.length - MAX_OUTPUT_CHARS;
        info.output = info.output.slice(drop);
        info.droppedChars += drop;
      }
      this.notify({ type: 'output', task: snapshot(info), chunk });
    };
    const done = workspace
      .exec(command, { timeoutMs, signal: controller.signal, detached: true, onOutput: (chunk) => append(chunk) })
      .then(
        (result: ExecResult) => {
          info.exitCode = result.exitCode;
          info.status = result.timedOut
            ? 'timed-out'
            : result.aborted
              ? 'killed'
              : result.exitCode === 0
                ? 'completed'
                : 'failed';
        },
        (error: unknown) => {
          append(`\n[The shell failed: ${error instanceof Error ? error.message : String(error)}]\n`);
          info.status = controller.signal.aborted ? 'killed' : 'failed';
        },
      )
      .then(() => {
        info.endedAt = Date.now();
        this.notify({ type: 'ended', task: snapshot(info) });
      });
    this.entries.set(id, { info, controller, done });
    this.notify({ type: 'started', task: snapshot(info) });
    return snapshot(info);
  }

  get(id: string): BackgroundTaskInfo | undefined {
    const entry = this.entries.get(id.trim());
    return entry && snapshot(entry.info);
  }

  list(): BackgroundTaskInfo[] {
    return [...this.entries.values()].map((e) => snapshot(e.info));
  }

  /** Resolves when the task has ended, or after `timeoutMs`, or on abort: with the task as it is then. */
  async wait(id: string, timeoutMs: number, signal?: AbortSignal): Promise<BackgroundTaskInfo | undefined> {
    const entry = this.entries.get(id.trim());
    if (!entry) return undefined;
    if (entry.info.status === 'running') {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let onAbort: (() => void) | undefined;
      await Promise.race([
        entry.done,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
          onAbort = resolve;
          signal?.addEventListener('abort', onAbort, { once: true });
        }),
      ]);
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
    return snapshot(entry.info);
  }

  /** Stops a running task and waits for it to end; undefined when there is no such task. */
  async stop(id: string, by: 'model' | 'user'): Promise<BackgroundTaskInfo | undefined> {
    const entry = this.entries.get(id.trim());
    if (!entry) return undefined;
    if (entry.info.status === 'running') {
      entry.info.stoppedBy = by;
      entry.controller.abort();
      await entry.done;
    }
    return snapshot(entry.info);
  }

  /** Stops everything still running (the session is closing). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.stop(id, 'user')));
  }

  subscribe(listener: (event: BackgroundEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(event: BackgroundEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('Tidepool background task listener failed', error);
      }
    }
  }
}

const snapshot = (info: BackgroundTaskInfo): BackgroundTaskInfo => ({ ...info });

export { lastLines } from './output-tail';
