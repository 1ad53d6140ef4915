import { describe, expect, it } from 'vitest';
import { emptyTaskGraph, type TaskGraph } from './task-graph/graph';
import { taskCreateTool } from './task-create';
import { taskGetTool } from './task-get';
import { taskListTool } from './task-list';
import { taskUpdateTool } from './task-update';
import { call, makeContext } from './test-context';
import type { Tool, ToolContext } from './types';

/** A context whose task graph follows the results, as the agent's event fold does. */
function session(): {
  ctx: ToolContext;
  run: (tool: Tool, input: unknown) => ReturnType<typeof call>;
  graph: () => TaskGraph;
} {
  let graph = emptyTaskGraph();
  const ctx: ToolContext = { ...makeContext(), taskGraph: () => graph };
  const run = async (tool: Tool, input: unknown) => {
    const result = await call(tool, input, ctx);
    if (result.taskGraph && !result.isError) graph = result.taskGraph;
    return result;
  };
  return { ctx, run, graph: () => graph };
}

describe('the task graph tools', () => {
  it('create tasks, link dependencies both ways, and list what is blocked', async () => {
    const { run, graph } = session();
    expect((await run(taskCreateTool, { subject: 'Design schema', description: 'tables' })).content).toBe(
      'Task #1 created successfully: Design schema',
    );
    await run(taskCreateTool, { subject: 'Write migrations', description: '', activeForm: 'Writing migrations' });
    await run(taskCreateTool, { subject: 'Seed data', description: '' });
    const update = await run(taskUpdateTool, { taskId: '2', addBlockedBy: ['1'], owner: 'db-agent' });
    expect(update.content).toBe('Updated task #2 owner, blockedBy');
    await run(taskUpdateTool, { taskId: '#1', addBlocks: ['3'] });

    expect(graph().tasks.find((t) => t.id === '1')).toMatchObject({ blocks: ['2', '3'], blockedBy: [] });
    expect(graph().tasks.find((t) => t.id === '3')).toMatchObject({ blockedBy: ['1'] });
    expect((await run(taskListTool, {})).content).toBe(
      [
        '#1 [pending] Design schema',
        '#2 [pending] Write migrations (owner: db-agent) [blocked by #1]',
        '#3 [pending] Seed data [blocked by #1]',
      ].join('\n'),
    );
    const get = await run(taskGetTool, { taskId: '2' });
    expect(get.content).toContain('Owner: db-agent');
    expect(get.content).toContain('Blocked by: #1');
  });

  it('completing a blocker unblocks its dependents and says which', async () => {
    const { run } = session();
    await run(taskCreateTool, { subject: 'A', description: '' });
    await run(taskCreateTool, { subject: 'B', description: '' });
    await run(taskUpdateTool, { taskId: '2', addBlockedBy: ['1'] });
    await run(taskUpdateTool, { taskId: '1', status: 'in_progress' });
    const done = await run(taskUpdateTool, { taskId: '1', status: 'completed' });
    expect(done.content).toBe('Updated task #1 status\nNow unblocked: #2');
    expect(done.details).toMatchObject({ success: true, statusChange: { from: 'in_progress', to: 'completed' } });
    expect((await run(taskListTool, {})).content).toBe('#1 [completed] A\n#2 [pending] B');
  });

  it('refuses a cycle, a self-dependency and unknown ids, naming them, and leaves the graph as it was', async () => {
    const { run, graph } = session();
    for (const subject of ['A', 'B', 'C']) await run(taskCreateTool, { subject, description: '' });
    await run(taskUpdateTool, { taskId: '1', addBlocks: ['2'] });
    await run(taskUpdateTool, { taskId: '2', addBlocks: ['3'] });
    const before = graph();
    const cycle = await run(taskUpdateTool, { taskId: '3', addBlocks: ['1'] });
    expect(cycle.isError).toBe(true);
    expect(cycle.content).toMatch(/cycle: #\d → #\d → #\d → #\d/);
    expect((await run(taskUpdateTool, { taskId: '2', addBlockedBy: ['2'] })).content).toMatch(/itself/);
    expect((await run(taskUpdateTool, { taskId: '2', addBlockedBy: ['9', '8'] })).content).toMatch(
      /No such task: #9, #8\. Known tasks: #1, #2, #3/,
    );
    expect((await run(taskUpdateTool, { taskId: '7', status: 'completed' })).content).toMatch(/Task #7 not found/);
    expect(graph()).toBe(before);
  });

  it('deleting a task removes it from the dependencies of others; ids are not reused', async () => {
    const { run, graph } = session();
    await run(taskCreateTool, { subject: 'A', description: '' });
    await run(taskCreateTool, { subject: 'B', description: '' });
    await run(taskUpdateTool, { taskId: '2', addBlockedBy: ['1'] });
    expect((await run(taskUpdateTool, { taskId: '1', status: 'deleted' })).content).toBe('Task #1 deleted.');
    expect(graph().tasks).toEqual([expect.objectContaining({ id: '2', blockedBy: [] })]);
    expect((await run(taskCreateTool, { subject: 'C', description: '' })).content).toContain('Task #3');
  });

  it('merges metadata, with null deleting a key', async () => {
    const { run, graph } = session();
    await run(taskCreateTool, { subject: 'A', description: '', metadata: { a: 1, b: 2 } });
    await run(taskUpdateTool, { taskId: '1', metadata: { a: null, c: 3 } });
    expect(graph().tasks[0].metadata).toEqual({ b: 2, c: 3 });
  });

  it('are left out of the tool list without a session graph, and reject bad input by field', async () => {
    expect(taskCreateTool.available?.({})).toBe(false);
    expect(taskCreateTool.available?.({ taskGraph: emptyTaskGraph })).toBe(true);
    const { run } = session();
    const bad = await run(taskUpdateTool, { taskId: '1', status: 'done' });
    expect(bad).toMatchObject({ isError: true, content: expect.stringMatching(/status/) });
    expect((await run(taskGetTool, { taskId: '4' })).isError).toBe(true);
  });
});
