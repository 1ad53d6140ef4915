import { z } from 'zod';
import { defineTool } from './define-tool';
import { createTask, emptyTaskGraph, type TaskRecord } from './task-graph/graph';

/** Card data: the task as created. */
export interface TaskCreateDetails {
  kind: 'task-create';
  task: TaskRecord;
}

export const taskCreateTool = defineTool({
  name: 'TaskCreate',
  kind: 'meta',
  description:
    "Adds a task to this session's task graph (status pending) and returns its id. Use it to plan work of 3+ steps; " +
    'link tasks with TaskUpdate addBlocks/addBlockedBy, assign them with owner, and mark them in_progress/completed as you go.',
  input: z.object({
    subject: z.string().trim().min(1).describe('A brief title, imperative: "Add login form"'),
    description: z.string().describe('What needs to be done'),
    activeForm: z.string().optional().describe('Present continuous, shown while in progress: "Adding login form"'),
    metadata: z.record(z.string(), z.unknown()).optional().describe('Arbitrary metadata to attach'),
  }),
  summary: (input) => `TaskCreate: ${input.subject}`,
  available: (services) => !!services.taskGraph,
  async run(input, ctx) {
    const graph = ctx.taskGraph?.() ?? emptyTaskGraph();
    const { graph: next, task } = createTask(graph, input);
    const details: TaskCreateDetails = { kind: 'task-create', task };
    return { content: `Task #${task.id} created successfully: ${task.subject}`, taskGraph: next, details };
  },
});
