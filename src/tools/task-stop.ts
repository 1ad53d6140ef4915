import { z } from 'zod';
import type { BackgroundStatus } from './background/tasks';
import { defineTool } from './define-tool';
import { errorResult } from './file-guards';
import { noSuchTask } from './task-output';

/** Card data, in Claude Code's TaskStop output shape. */
export interface TaskStopDetails {
  kind: 'task-stop';
  task_id: string;
  task_type: 'local_bash';
  command: string;
  status: BackgroundStatus;
}

export const taskStopTool = defineTool({
  name: 'TaskStop',
  aliases: ['KillShell'],
  kind: 'meta',
  description: 'Stops a running background task by its id (from Bash run_in_background).',
  input: z
    .object({
      task_id: z.string().trim().min(1).optional().describe('The id of the background task to stop'),
      shell_id: z.string().trim().min(1).optional().describe('Deprecated: use task_id'),
    })
    .refine((input) => input.task_id !== undefined || input.shell_id !== undefined, {
      message: 'task_id is required',
      path: ['task_id'],
    }),
  summary: (input) => `TaskStop ${input.task_id ?? input.shell_id}`,
  available: (services) => !!services.background,
  async run(input, ctx) {
    const id = (input.task_id ?? input.shell_id)!;
    const tasks = ctx.background!;
    const before = tasks.get(id);
    if (!before)
      return errorResult(
        noSuchTask(
          id,
          tasks.list().map((t) => t.id),
        ),
      );
    if (before.status !== 'running') {
      return errorResult(
        `Task ${before.id} is not running: it already ${before.status === 'killed' ? 'was stopped' : `ended (${before.status})`}.`,
      );
    }
    const task = (await tasks.stop(id, 'model'))!;
    const details: TaskStopDetails = {
      kind: 'task-stop',
      task_id: task.id,
      task_type: 'local_bash',
      command: task.command,
      status: task.status,
    };
    return { content: `Successfully stopped task: ${task.id} (${task.command})`, details };
  },
});
