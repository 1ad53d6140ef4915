import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../agent/events';
import { foldChat, reduceChat, type ChatItem } from './chat-fold';

// The chat's view of the extension events: what a user sees for a subagent, a hook, a refused prompt.

const usage = { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 };
const sub = (event: AgentEvent): AgentEvent => ({ type: 'subagent-event', agentId: 'ag1', event });

describe('chat fold: extensions', () => {
  it('a subagent card takes its Agent call’s place and holds its own chat, asks and result', () => {
    const state = foldChat([
      { type: 'turn-started', turnId: 't', text: 'look around', at: 0 },
      {
        type: 'tool-call',
        turnId: 't',
        callId: 'call-a',
        name: 'Agent',
        input: { description: 'Survey' },
        summary: 'Agent (Explore): Survey',
      },
      {
        type: 'subagent-started',
        turnId: 't',
        callId: 'call-a',
        agentId: 'ag1',
        agentType: 'Explore',
        description: 'Survey',
        prompt: 'Survey the repo',
        model: 'claude-haiku-4-5',
        background: false,
      },
      sub({ type: 'turn-started', turnId: 'st', text: 'Survey the repo', at: 1 }),
      sub({
        type: 'tool-call',
        turnId: 'st',
        callId: 'c2',
        name: 'Bash',
        input: { command: 'ls' },
        summary: 'Bash: ls',
      }),
      {
        type: 'permission-asked',
        turnId: 't',
        callId: 'c2',
        toolName: 'Bash',
        summary: 'Bash: ls',
        suggestedRule: 'Bash(ls)',
        agent: { id: 'ag1', name: 'Explore' },
      },
    ]);
    expect(state.items.map((i) => i.kind)).toEqual(['user', 'subagent']);
    const card = state.items[1] as Extract<ChatItem, { kind: 'subagent' }>;
    expect(card.agent.status).toBe('running');
    expect(card.agent.chat.items.map((i) => i.kind)).toEqual(['user', 'tool']);
    expect(card.agent.chat.items[1]).toMatchObject({ call: { state: 'asking' } });
    expect(state.permissions[0]).toMatchObject({ callId: 'c2', agentName: 'Explore' });

    const done = reduceChat(state, {
      type: 'subagent-ended',
      turnId: 't',
      callId: 'call-a',
      agentId: 'ag1',
      reason: 'done',
      result: 'Two folders.',
      usage,
      costUsd: 0.001,
      durationMs: 1200,
      toolUses: 1,
    });
    expect(done.items[1]).toMatchObject({
      agent: { status: 'done', result: 'Two folders.', toolUses: 1, costUsd: 0.001 },
    });
  });

  it('hook runs are lines, added context is shown as such, and a blocked prompt says why', () => {
    const state = foldChat([
      { type: 'turn-started', turnId: 't', text: '/review a.ts', at: 0 },
      {
        type: 'hook-ran',
        turnId: 't',
        hookEvent: 'UserPromptSubmit',
        handler: 'command',
        label: 'check.sh',
        file: '.claude/settings.json',
        outcome: 'success',
        durationMs: 12,
      },
      { type: 'context-added', turnId: 't', source: 'command', label: '/review', text: 'Review a.ts.' },
      { type: 'prompt-blocked', turnId: 't', text: '/review a.ts', reason: 'No reviews on Fridays.' },
    ]);
    expect(state.items.map((i) => i.kind)).toEqual(['user', 'hook', 'context', 'notice']);
    expect(state.items[2]).toMatchObject({ source: 'command', label: '/review', text: 'Review a.ts.' });
    expect(state.items[3]).toMatchObject({
      tone: 'warning',
      title: 'A hook blocked this prompt: No reviews on Fridays.',
    });
  });
});
