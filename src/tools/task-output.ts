import { z } from 'zod';
import { lastLines, type BackgroundStatus } from './background/tasks';
import { defineTool } from './define-tool';
import { errorResult } from './file-guards';
import { looseBoolean, looseNumber } from './lenient';
import { truncateMiddle } from './text-lines';
import { MAX_BASH_OUTPUT_CHARS } from './bash';

/** Card data: the task's state and the last lines of its output. */
export interface TaskOutputDetails {
  kind: 'task-output';
  taskId: string;
  command: string;
  status: BackgroundStatus;
  exitCode?: number;
  tail: string;
}

export const DEFAULT_TASK_OUTPUT_WAIT_MS = 30_000;
export const MAX_TASK_OUTPUT_WAIT_MS = 600_000;

// Claude Code's current build reads a task's output file with Read instead; models trained on the
// earlier TaskOutput (and BashOutput) still call it, and the browser has no output files to Read.
export const taskOutputTool = defineTool({
  name: 'TaskOutput',
  aliases: ['BashOutput'],
  kind: 'read',
  description:
    'Gets the output and status of a background task (a Bash command started with run_in_background). ' +
    'block (default true) waits until it ends or timeout ms pass (default 30000, max 600000); block: false answers at once.',
  input: z.object({
    task_id: z.string().trim().min(1).describe('The background task id, e.g. "bash_1"'),
    block: looseBoolean().describe('Wait for the task to finish (default true)'),
    timeout: looseNumber().describe('Max wait in ms when blocking (default 30000)'),
  }),
  permission: (input) => ({ ruleName: 'TaskOutput', value: input.task_id }),
  summary: (input) => `TaskOutput ${input.task_id}`,
  available: (services) => !!services.background,
  async run(input, ctx) {
    const tasks = ctx.background!;
    const known = tasks.get(input.task_id);
    if (!known)
      return errorResult(
        noSuchTask(
          input.task_id,
          tasks.list().map((t) => t.id),
        ),
      );
    const wait =
      input.block === false
        ? 0
        : Math.min(MAX_TASK_OUTPUT_WAIT_MS, Math.max(0, input.timeout ?? DEFAULT_TASK_OUTPUT_WAIT_MS));
    const task = wait > 0 ? (await tasks.wait(input.task_id, wait, ctx.signal))! : known;
    const state =
      task.status === 'running'
        ? `running (started ${Math.round((Date.now() - task.startedAt) / 1000)} s ago)`
        : `${task.status}${task.exitCode !== undefined ? ` with exit code ${task.exitCode}` : ''}`;
    const dropped = task.droppedChars ? `[… ${task.droppedChars} earlier characters were dropped]\n` : '';
    const output = task.output
      ? truncateMiddle(dropped + task.output.replace(/\n+$/, ''), MAX_BASH_OUTPUT_CHARS)
      : '(no output yet)';
    const details: TaskOutputDetails = {
      kind: 'task-output',
      taskId: task.id,
      command: task.command,
      status: task.status,
      ...(task.exitCode !== undefined ? { exitCode: task.exitCode } : {}),
      tail: lastLines(task.output, 5),
    };
    return { content: `Task ${task.id} (${task.command}): ${state}\n${output}`, details };
  },
});

export function noSuchTask(id: string, ids: string[]): string {
  return `No background task with id ${id}. ${ids.length ? `Known tasks: ${ids.join(', ')}.` : 'No background tasks have been started.'}`;
}
