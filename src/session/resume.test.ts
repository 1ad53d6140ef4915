import { describe, expect, test } from 'vitest';
import type { AgentEvent } from '../agent/events';
import { prepareMessages } from '../agent/compaction';
import { replayEvents } from '../agent/transcript';
import { closeInterruptedTurn } from './resume';

const start: AgentEvent[] = [
  { type: 'turn-started', turnId: 't', text: 'do it', at: 1 },
  { type: 'step-started', turnId: 't', step: 1 },
];

describe('closing a turn cut off by a reload', () => {
  test('mid-stream: the partial answer is kept and the turn ends as aborted', () => {
    const events: AgentEvent[] = [...start, { type: 'text-delta', turnId: 't', text: 'Half an ans' }];
    const repair = closeInterruptedTurn(events);
    expect(repair.map((e) => e.type)).toEqual(['assistant-message-ended', 'turn-ended']);
    const state = replayEvents([...events, ...repair]);
    expect(state.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'do it' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Half an ans' }] },
    ]);
  });

  test('with a permission dialog open: the call gets an interrupted result, so the next request is valid', () => {
    const events: AgentEvent[] = [
      ...start,
      {
        type: 'tool-call',
        turnId: 't',
        callId: 'c1',
        name: 'Bash',
        input: { command: 'rm -rf build' },
        summary: 'Bash: rm -rf build',
      },
      { type: 'assistant-message-ended', turnId: 't', step: 1, stopReason: 'tool_use' },
      {
        type: 'permission-asked',
        turnId: 't',
        callId: 'c1',
        toolName: 'Bash',
        summary: 'Bash: rm -rf build',
        suggestedRule: 'Bash(rm:*)',
      },
    ];
    const repair = closeInterruptedTurn(events);
    expect(repair).toEqual([
      expect.objectContaining({ type: 'tool-result', callId: 'c1', isError: true, interrupted: true }),
      { type: 'turn-ended', turnId: 't', reason: 'aborted' },
    ]);
    const messages = replayEvents([...events, ...repair]).messages;
    expect(prepareMessages(messages, 30_000)).toEqual(messages);
  });

  test('a log that ended cleanly needs nothing', () => {
    expect(
      closeInterruptedTurn([
        ...start,
        { type: 'assistant-message-ended', turnId: 't', step: 1, stopReason: 'end_turn' },
        { type: 'turn-ended', turnId: 't', reason: 'done' },
      ]),
    ).toEqual([]);
    expect(closeInterruptedTurn([])).toEqual([]);
  });
});
