import { afterEach, describe, expect, it } from 'vitest';
import { bashTool } from '../tools/bash';
import { createLiteWorkspace, type LiteWorkspace } from '../workspace/lite-workspace';
import type { AgentEvent, PermissionAnswer } from './events';
import type { PermissionDecision } from './permissions';
import { runToolCall, type CallContext } from './tool-execution';

// The seam between the gate and the shell: a call allowed as read-only runs on a read-only view,
// and if it tries to write anyway (a case the analysis got wrong), it becomes a normal ask.

const open: LiteWorkspace[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((ws) => ws.dispose()));
});

function context(
  workspace: LiteWorkspace,
  decision: PermissionDecision,
  answer: PermissionAnswer | null,
  onAsk?: () => Promise<void>,
): { ctx: CallContext; events: AgentEvent[]; asked: () => number } {
  const events: AgentEvent[] = [];
  let asks = 0;
  const ctx: CallContext = {
    turnId: 't1',
    tool: bashTool,
    toolNames: ['Bash'],
    workspace,
    readFiles: new Map(),
    signal: new AbortController().signal,
    decide: () => decision,
    askUser: async () => {
      asks++;
      await onAsk?.();
      if (!answer) throw new Error('asked, but the test expected no question');
      return answer;
    },
    cancelAsk: () => undefined,
    addAllowRule: () => undefined,
    emit: (event) => events.push(event),
  };
  return { ctx, events, asked: () => asks };
}

/** What the gate would say had it taken `command` for read-only by mistake. */
const mistakenReadOnly: PermissionDecision = {
  behavior: 'allow',
  reason: 'read-only command',
  readOnly: true,
  ifWrites: () => ({
    behavior: 'ask',
    reason: 'it tried to change files while running as read-only',
    suggestedRule: 'Bash(echo:*)',
  }),
};

const call = (command: string) => ({ callId: 'c1', name: 'Bash', input: { command }, rawArgs: '' });

describe('a call allowed as read-only', () => {
  it('runs and reports as usual when it only reads', async () => {
    const ws = createLiteWorkspace({ files: { 'a.txt': 'hello\n' } });
    open.push(ws);
    const { ctx, events, asked } = context(ws, mistakenReadOnly, null);
    await runToolCall(call('cat a.txt'), ctx);
    expect(asked()).toBe(0);
    expect(events.find((e) => e.type === 'tool-result')).toMatchObject({ isError: false, content: 'hello' });
  });

  it('that tries to write changes nothing, asks, and runs for real only when allowed', async () => {
    const ws = createLiteWorkspace({ files: { 'a.txt': 'hello\n' } });
    open.push(ws);
    let whenAsked = '';
    const { ctx, events, asked } = context(ws, mistakenReadOnly, { decision: 'allow-once' }, async () => {
      whenAsked = await ws.readText('a.txt');
    });
    await runToolCall(call('echo changed > a.txt; cat a.txt'), ctx);
    expect(asked()).toBe(1);
    const question = events.find((e) => e.type === 'permission-asked');
    expect(question).toMatchObject({ reason: expect.stringContaining('a.txt') });
    // One result, from the approved run; no output of the refused run leaked into the card.
    expect(events.filter((e) => e.type === 'tool-result')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'tool-progress').map((e) => (e as { chunk: string }).chunk)).toEqual([
      'changed\n',
    ]);
    expect(whenAsked).toBe('hello\n'); // the refused run changed nothing
    expect(await ws.readText('a.txt')).toBe('changed\n');
  });

  it('that tries to write and is denied leaves the files untouched', async () => {
    const ws = createLiteWorkspace({ files: { 'a.txt': 'hello\n' } });
    open.push(ws);
    const { ctx, events } = context(ws, mistakenReadOnly, { decision: 'deny' });
    await runToolCall(call('rm a.txt'), ctx);
    expect(await ws.readText('a.txt')).toBe('hello\n');
    expect(events.find((e) => e.type === 'tool-result')).toMatchObject({ isError: true });
  });

  it('in plan mode (or dontAsk) a write attempt is refused without a question', async () => {
    const ws = createLiteWorkspace({ files: { 'a.txt': 'hello\n' } });
    open.push(ws);
    const planned: PermissionDecision = {
      ...mistakenReadOnly,
      ifWrites: () => ({ behavior: 'deny', reason: 'plan mode is read-only', message: 'Not allowed in plan mode.' }),
    } as PermissionDecision;
    const { ctx, events, asked } = context(ws, planned, null);
    await runToolCall(call('echo x > b.txt'), ctx);
    expect(asked()).toBe(0);
    expect(await ws.stat('b.txt')).toBeNull();
    const result = events.find((e) => e.type === 'tool-result') as { content: string; isError: boolean };
    expect(result.isError).toBe(true);
    expect(result.content).toContain('b.txt');
  });
});
