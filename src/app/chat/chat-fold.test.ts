import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../agent/events';
import { emptyChat, foldChat, reduceChat, type ChatItem, type ChatState } from './chat-fold';

const fold = (events: AgentEvent[], start: ChatState = emptyChat()): ChatState => events.reduce(reduceChat, start);
const error = {
  kind: 'server' as const,
  message: 'api.example.com answered 500.',
  hint: 'Send again later.',
  retryable: true,
};

describe('chat state', () => {
  it('joins text deltas into one streaming message and ends it at the tool call', () => {
    const state = fold([
      { type: 'turn-started', turnId: 't', text: 'hi', at: 0 },
      { type: 'text-delta', turnId: 't', text: 'Hel' },
      { type: 'text-delta', turnId: 't', text: 'lo' },
      { type: 'tool-call-started', turnId: 't', callId: 'c1', name: 'Bash' },
      { type: 'tool-call', turnId: 't', callId: 'c1', name: 'Bash', input: { command: 'ls' }, summary: 'Bash: ls' },
    ]);
    expect(state.items.map((i) => i.kind)).toEqual(['user', 'text', 'tool']);
    expect(state.items[1]).toMatchObject({ text: 'Hello', streaming: false });
    expect(state.items[2]).toMatchObject({ call: { state: 'running', summary: 'Bash: ls' } });
  });

  it('queues permission asks and clears each when answered', () => {
    const state = fold([
      { type: 'turn-started', turnId: 't', text: 'x', at: 0 },
      { type: 'tool-call', turnId: 't', callId: 'a', name: 'Write', input: {}, summary: 'Write a' },
      { type: 'tool-call', turnId: 't', callId: 'b', name: 'Write', input: {}, summary: 'Write b' },
      {
        type: 'permission-asked',
        turnId: 't',
        callId: 'a',
        toolName: 'Write',
        summary: 'Write a',
        suggestedRule: 'Edit(a)',
      },
      {
        type: 'permission-asked',
        turnId: 't',
        callId: 'b',
        toolName: 'Write',
        summary: 'Write b',
        suggestedRule: 'Edit(b)',
      },
      { type: 'permission-answered', turnId: 't', callId: 'a', answer: { decision: 'deny' } },
      { type: 'tool-result', turnId: 't', callId: 'a', name: 'Write', isError: true, content: 'denied' },
    ]);
    expect(state.permissions.map((p) => p.callId)).toEqual(['b']);
    expect(state.items.find((i) => i.id === 'a')).toMatchObject({ call: { state: 'denied', result: 'denied' } });
  });

  it("keeps a result's details as they came for its card (which checks them); a stored result without them has none", () => {
    const details = { kind: 'write' as const, path: 'a.txt', created: true, bytes: 3, lines: 1 };
    const state = fold([
      { type: 'turn-started', turnId: 't', text: 'x', at: 0 },
      { type: 'tool-call', turnId: 't', callId: 'a', name: 'Write', input: {}, summary: 'Write a' },
      { type: 'tool-call', turnId: 't', callId: 'b', name: 'Write', input: {}, summary: 'Write b' },
      { type: 'tool-call', turnId: 't', callId: 'c', name: 'Write', input: {}, summary: 'Write c' },
      { type: 'tool-result', turnId: 't', callId: 'a', name: 'Write', isError: false, content: 'ok', details },
      // As an older build stored it, and as an edited import might carry it.
      { type: 'tool-result', turnId: 't', callId: 'b', name: 'Write', isError: false, content: 'ok' },
      {
        type: 'tool-result',
        turnId: 't',
        callId: 'c',
        name: 'Write',
        isError: false,
        content: 'ok',
        details: { ...details, bytes: 'many' } as never,
      },
    ]);
    const call = (id: string) => (state.items.find((i) => i.id === id) as Extract<ChatItem, { kind: 'tool' }>).call;
    expect(call('a').details).toEqual(details);
    expect(call('b')).toMatchObject({ state: 'done', result: 'ok', details: undefined });
    // Not trusted here: the card reads details only through its checked readers (tool-cards tests).
    expect(call('c')).toMatchObject({ state: 'done', details: { ...details, bytes: 'many' } });
  });

  it('turns a retry notice into "it worked" when the turn ends well', () => {
    const state = fold([
      { type: 'turn-started', turnId: 't', text: 'x', at: 0 },
      { type: 'retrying', turnId: 't', attempt: 1, delayMs: 500, error },
      { type: 'text-delta', turnId: 't', text: 'ok' },
      { type: 'turn-ended', turnId: 't', reason: 'done' },
    ]);
    expect(state.items.find((i) => i.kind === 'notice')).toMatchObject({
      tone: 'info',
      title: expect.stringContaining('Retried once, then it worked'),
    });
  });

  it('marks unfinished calls interrupted and says so when the user stops', () => {
    const state = fold([
      { type: 'turn-started', turnId: 't', text: 'x', at: 0 },
      { type: 'tool-call-started', turnId: 't', callId: 'c', name: 'Bash' },
      { type: 'turn-ended', turnId: 't', reason: 'aborted' },
    ]);
    expect(state.running).toBe(false);
    expect(state.items.find((i) => i.kind === 'tool')).toMatchObject({ call: { state: 'interrupted' } });
    expect(state.items.at(-1)).toMatchObject({ kind: 'notice', title: expect.stringContaining('Stopped') });
  });

  it('shows provider errors with their hint', () => {
    const state = fold([
      { type: 'turn-started', turnId: 't', text: 'x', at: 0 },
      { type: 'error', turnId: 't', error },
      { type: 'turn-ended', turnId: 't', reason: 'error' },
    ]);
    expect(state.items.at(-1)).toMatchObject({ kind: 'notice', tone: 'error', title: error.message, hint: error.hint });
  });
});
