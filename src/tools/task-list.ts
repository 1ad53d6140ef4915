import { z } from 'zod';
import { defineTool } from './define-tool';
import { emptyTaskGraph, formatTaskLine, openBlockers, type TaskStatus } from './task-graph/graph';

/** Card data: every task with its open blockers. */
export interface TaskListDetails {
  kind: 'task-list';
  tasks: { id: string; subject: string; status: TaskStatus; owner?: string; blockedBy: string[] }[];
}

export const taskListTool = defineTool({
  name: 'TaskList',
  kind: 'meta',
  description:
    'Lists every task in the task graph with its status, owner and open blockers. A pending task with no open blockers is ready to start.',
  input: z.object({}),
  summary: () => 'TaskList',
  available: (services) => !!services.taskGraph,
  async run(_input, ctx) {
    const graph = ctx.taskGraph?.() ?? emptyTaskGraph();
    const details: TaskListDetails = {
      kind: 'task-list',
      tasks: graph.tasks.map((t) => ({
        id: t.id,
        subject: t.subject,
        status: t.status,
        ...(t.owner ? { owner: t.owner } : {}),
        blockedBy: openBlockers(graph, t),
      })),
    };
    if (!graph.tasks.length) return { content: 'No tasks found.', details };
    return { content: graph.tasks.map((t) => formatTaskLine(graph, t)).join('\n'), details };
  },
});
