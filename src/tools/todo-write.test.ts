import { describe, expect, it } from 'vitest';
import { call, makeContext } from './test-context';
import { todoWriteTool } from './todo-write';

describe('TodoWrite', () => {
  it('returns the list in the details for the card and the todos event, with a short confirmation', async () => {
    const todos = [
      { content: 'Write tests', status: 'completed', activeForm: 'Writing tests' },
      { content: 'Fix bug', status: 'in_progress', activeForm: 'Fixing bug' },
      { content: 'Ship', status: 'pending', activeForm: 'Shipping' },
    ];
    const r = await call(todoWriteTool, { todos }, makeContext());
    expect(r.isError).toBeFalsy();
    expect(r.details).toEqual({ kind: 'todos', todos });
    expect(r.content).toMatch(/3 items \(1 in progress, 1 pending, 1 completed\)/);
  });

  it('warns, but does not fail, when more than one item is in progress', async () => {
    const todos = [
      { content: 'A', status: 'in_progress', activeForm: 'Doing A' },
      { content: 'B', status: 'in_progress', activeForm: 'Doing B' },
    ];
    const r = await call(todoWriteTool, { todos }, makeContext());
    expect(r.isError).toBeFalsy();
    expect(r.content).toMatch(/Warning: 2 items are in_progress/);
  });

  it('rejects an unknown status at validation', async () => {
    const r = await call(todoWriteTool, { todos: [{ content: 'A', status: 'done', activeForm: 'A' }] }, makeContext());
    expect(r.isError).toBe(true);
  });
});
