import { z } from 'zod';
import { defineTool } from './define-tool';
import { errorResult } from './file-guards';
import { emptyTaskGraph, findTask, normalizeTaskId, openBlockers, type TaskRecord } from './task-graph/graph';

/** Card data: the task, or null when there is none with that id. */
export interface TaskGetDetails {
  kind: 'task-get';
  task: TaskRecord | null;
}

export const taskGetTool = defineTool({
  name: 'TaskGet',
  kind: 'meta',
  description:
    'Shows one task of the task graph: subject, description, status, owner, what blocks it and what it blocks.',
  input: z.object({ taskId: z.string().trim().min(1).describe('The task id, e.g. "3"') }),
  summary: (input) => `TaskGet #${normalizeTaskId(input.taskId)}`,
  available: (services) => !!services.taskGraph,
  async run(input, ctx) {
    const graph = ctx.taskGraph?.() ?? emptyTaskGraph();
    const task = findTask(graph, input.taskId);
    if (!task)
      return {
        ...errorResult(`Task #${normalizeTaskId(input.taskId)} not found.`),
        details: { kind: 'task-get', task: null },
      };
    const open = openBlockers(graph, task);
    const lines = [
      `Task #${task.id}: ${task.subject}`,
      `Status: ${task.status}`,
      ...(task.owner ? [`Owner: ${task.owner}`] : []),
      `Description: ${task.description || '(none)'}`,
      ...(task.blockedBy.length
        ? [`Blocked by: ${task.blockedBy.map((b) => `#${b}${open.includes(b) ? '' : ' (completed)'}`).join(', ')}`]
        : []),
      ...(task.blocks.length ? [`Blocks: ${task.blocks.map((b) => `#${b}`).join(', ')}`] : []),
      ...(task.metadata ? [`Metadata: ${JSON.stringify(task.metadata)}`] : []),
    ];
    const details: TaskGetDetails = { kind: 'task-get', task };
    return { content: lines.join('\n'), details };
  },
});
