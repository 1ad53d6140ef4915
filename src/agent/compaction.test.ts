import { describe, expect, test } from 'vitest';
import type { Message } from '../providers/types';
import {
  applyCompaction,
  chooseSplit,
  clipMiddle,
  contextBudget,
  prepareMessages,
  UNKNOWN_MODEL_CONTEXT_WINDOW,
} from './compaction';
import { replayEvents } from './transcript';

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const assistant = (text: string): Message => ({ role: 'assistant', content: [{ type: 'text', text }] });
const call = (id: string): Message => ({
  role: 'assistant',
  content: [{ type: 'tool_use', id, name: 'Bash', input: { command: 'ls' } }],
});
const result = (id: string, content = 'ok'): Message => ({
  role: 'user',
  content: [{ type: 'tool_result', toolUseId: id, content }],
});

describe('budget', () => {
  test('the threshold is relative to the model window from the catalog, with a default for unknown models', () => {
    expect(contextBudget('claude-sonnet-4-5').contextWindow).toBe(200_000);
    expect(contextBudget('claude-sonnet-4-5').threshold).toBe(160_000);
    expect(contextBudget('my-local-model').contextWindow).toBe(UNKNOWN_MODEL_CONTEXT_WINDOW);
    expect(contextBudget('anything', 10_000).threshold).toBe(8_000);
  });
});

describe('clipping', () => {
  test('a long tool output keeps its head and tail with a note, and short ones are untouched', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n');
    const clipped = clipMiddle(lines, 2000);
    expect(clipped.length).toBeLessThan(2300);
    expect(clipped.startsWith('line 0\n')).toBe(true);
    expect(clipped.endsWith('line 4999')).toBe(true);
    expect(clipped).toMatch(/characters of this output clipped from the middle/);
    expect(clipMiddle('short', 2000)).toBe('short');
  });

  test('requests clip big results but the transcript keeps them whole', () => {
    const big = 'x'.repeat(50_000);
    const messages = [user('go'), call('a'), result('a', big)];
    const prepared = prepareMessages(messages, 5_000);
    const sent = prepared[2].content[0];
    expect(sent.type === 'tool_result' && sent.content.length).toBeLessThan(5_300);
    expect((messages[2].content[0] as { content: string }).content).toHaveLength(50_000);
  });

  test('a tool call without a recorded result gets a stand-in result so the request stays valid', () => {
    const prepared = prepareMessages([user('go'), call('a'), user('next question')], 1000);
    expect(prepared.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(prepared[2].content[0]).toMatchObject({ type: 'tool_result', toolUseId: 'a', isError: true });
    expect(prepared[2].content[1]).toMatchObject({ type: 'text', text: 'next question' });
    // An orphan result (its call was lost) is dropped.
    const orphan = prepareMessages([user('go'), assistant('hm'), result('zz')], 1000);
    expect(orphan.map((m) => m.role)).toEqual(['user', 'assistant']);
  });
});

describe('choosing the cut', () => {
  test('the cut never separates a tool call from its result and prefers the start of a user turn', () => {
    const messages = [
      user('one'),
      call('a'),
      result('a', 'r'.repeat(4000)),
      assistant('done one'),
      user('two'),
      call('b'),
      result('b'),
      assistant('done two'),
    ];
    const k = chooseSplit(messages, 100);
    expect(k).toBe(4);
    for (let k2 = 0; k2 <= messages.length; k2++) {
      const cut = chooseSplit(messages, k2 * 50);
      if (cut > 0) expect(messages[cut].content.some((b) => b.type === 'tool_result')).toBe(false);
    }
  });

  test('inside one long turn, the cut falls before an assistant message', () => {
    const messages = [
      user('do everything'),
      call('a'),
      result('a', 'x'.repeat(8000)),
      call('b'),
      result('b', 'y'.repeat(8000)),
      call('c'),
      result('c'),
    ];
    const k = chooseSplit(messages, 200);
    expect(messages[k].role).toBe('assistant');
    expect(k).toBe(5);
  });
});

describe('the compacted event', () => {
  test('replaces the older messages by the summary and replays to the same transcript', () => {
    const before = [user('one'), assistant('a1'), user('two'), assistant('a2')];
    const after = applyCompaction(before, 'They asked one; I answered a1.', 2);
    expect(after).toHaveLength(2);
    expect(after[0].role).toBe('user');
    expect(after[0].content[0]).toMatchObject({ type: 'text' });
    expect((after[0].content[0] as { text: string }).text).toContain('They asked one');
    expect(after[0].content[1]).toEqual({ type: 'text', text: 'two' });

    const state = replayEvents([
      { type: 'turn-started', turnId: 't1', text: 'one', at: 1 },
      { type: 'step-started', turnId: 't1', step: 1 },
      { type: 'text-delta', turnId: 't1', text: 'a1' },
      { type: 'assistant-message-ended', turnId: 't1', step: 1, stopReason: 'end_turn' },
      { type: 'turn-ended', turnId: 't1', reason: 'done' },
      { type: 'turn-started', turnId: 't2', text: 'two', at: 2 },
      { type: 'step-started', turnId: 't2', step: 1 },
      { type: 'text-delta', turnId: 't2', text: 'a2' },
      { type: 'assistant-message-ended', turnId: 't2', step: 1, stopReason: 'end_turn' },
      { type: 'turn-ended', turnId: 't2', reason: 'done' },
      {
        type: 'compacted',
        turnId: 'c',
        trigger: 'manual',
        summary: 'They asked one; I answered a1.',
        replacedMessages: 2,
        tokensBefore: 100,
        tokensAfter: 40,
      },
    ]);
    expect(state.messages).toEqual(after);
    expect(state.lastInputTokens).toBe(40);
  });
});
