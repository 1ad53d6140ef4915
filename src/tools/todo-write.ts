import { z } from 'zod';
import { defineTool } from './define-tool';
import type { TodoItem } from './types';

/** The list as the model left it: the card shows it, and the agent forwards it as `todos-updated`. */
export interface TodoDetails {
  kind: 'todos';
  todos: TodoItem[];
}

export const todoWriteTool = defineTool({
  name: 'TodoWrite',
  kind: 'meta',
  description:
    'Replaces your task list for this session; use it for work of 3+ steps. Send the whole list each time. ' +
    'Keep exactly one item in_progress while working, and mark items completed as soon as they are done.',
  input: z.object({
    todos: z.array(
      z.object({
        content: z.string().min(1).describe('The task, imperative: "Run tests"'),
        status: z.enum(['pending', 'in_progress', 'completed']),
        activeForm: z.string().min(1).describe('Present continuous: "Running tests"'),
      }),
    ),
  }),
  summary: (input) => `TodoWrite (${input.todos.length} items)`,
  async run(input) {
    const todos: TodoItem[] = input.todos.map((t) => ({
      content: t.content,
      status: t.status,
      activeForm: t.activeForm,
    }));
    const tally = { pending: 0, in_progress: 0, completed: 0 };
    for (const t of todos) tally[t.status]++;
    let content =
      `Todo list updated: ${todos.length} item${todos.length === 1 ? '' : 's'} ` +
      `(${tally.in_progress} in progress, ${tally.pending} pending, ${tally.completed} completed).`;
    if (tally.in_progress > 1)
      content += ` Warning: ${tally.in_progress} items are in_progress; keep exactly one in progress at a time.`;
    return { content, details: { kind: 'todos', todos } };
  },
});
