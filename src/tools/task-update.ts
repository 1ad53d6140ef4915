import { z } from 'zod';
import { defineTool } from './define-tool';
import { errorResult } from './file-guards';
import { emptyTaskGraph, normalizeTaskId, updateTask } from './task-graph/graph';

/** Card data, in Claude Code's TaskUpdate output shape. */
export interface TaskUpdateDetails {
  kind: 'task-update';
  success: boolean;
  taskId: string;
  updatedFields: string[];
  statusChange?: { from: string; to: string };
  error?: string;
}

const ids = z.array(z.string().trim().min(1));

export const taskUpdateTool = defineTool({
  name: 'TaskUpdate',
  kind: 'meta',
  description:
    'Changes a task: status (pending, in_progress, completed, or deleted to remove it), subject, description, activeForm, owner, metadata ' +
    '(null deletes a key), and dependencies: addBlocks (tasks that wait for this one) and addBlockedBy (tasks this one waits for). ' +
    'Mark a task in_progress when you start it and completed as soon as it is done.',
  input: z.object({
    taskId: z.string().trim().min(1).describe('The task to update'),
    subject: z.string().trim().min(1).optional(),
    description: z.string().optional(),
    activeForm: z.string().optional(),
    status: z.enum(['pending', 'in_progress', 'completed', 'deleted']).optional(),
    addBlocks: ids.optional().describe('Task ids that this task blocks'),
    addBlockedBy: ids.optional().describe('Task ids that block this task'),
    owner: z.string().optional().describe('Who works on it, e.g. a subagent name'),
    metadata: z.record(z.string(), z.unknown()).optional(),
  }),
  summary: (input) => `TaskUpdate #${normalizeTaskId(input.taskId)}${input.status ? ` → ${input.status}` : ''}`,
  available: (services) => !!services.taskGraph,
  async run(input, ctx) {
    const graph = ctx.taskGraph?.() ?? emptyTaskGraph();
    const taskId = normalizeTaskId(input.taskId);
    const outcome = updateTask(graph, input);
    if (!outcome.ok) {
      const details: TaskUpdateDetails = {
        kind: 'task-update',
        success: false,
        taskId,
        updatedFields: [],
        error: outcome.error,
      };
      return { ...errorResult(outcome.error), details };
    }
    const { updatedFields, statusChange, unblocked } = outcome.value;
    const details: TaskUpdateDetails = {
      kind: 'task-update',
      success: true,
      taskId,
      updatedFields,
      ...(statusChange ? { statusChange } : {}),
    };
    if (statusChange?.to === 'deleted')
      return { content: `Task #${taskId} deleted.`, taskGraph: outcome.value.graph, details };
    let content = updatedFields.length
      ? `Updated task #${taskId} ${updatedFields.join(', ')}`
      : `Task #${taskId} unchanged: the values given are the current ones.`;
    if (unblocked.length) content += `\nNow unblocked: ${unblocked.map((u) => `#${u}`).join(', ')}`;
    return { content, taskGraph: outcome.value.graph, details };
  },
});
