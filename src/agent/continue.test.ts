import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '../../test/fixtures/mock-provider';
import { createProvider } from '../providers/create-provider';
import { builtinTools } from '../tools/index';
import { createLiteWorkspace } from '../workspace/lite-workspace';
import { Agent, DEFAULT_MAX_STEPS } from './agent';
import type { AgentEvent } from './events';
import { replayEvents } from './transcript';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const readCall = { kind: 'reply' as const, toolCalls: [{ name: 'Read', input: { file_path: 'a.txt' } }] };

function agentWith(maxSteps?: number): { agent: Agent; events: AgentEvent[] } {
  const agent = new Agent({
    workspace: createLiteWorkspace({ files: { 'a.txt': 'hello\n' } }),
    provider: createProvider({
      preset: 'anthropic',
      format: 'anthropic',
      baseUrl: mock.url,
      apiKey: 'k',
      model: 'claude-haiku-4-5',
    }),
    tools: builtinTools,
    maxSteps,
  });
  const events: AgentEvent[] = [];
  agent.subscribe((e) => events.push(e));
  return { agent, events };
}

describe('the per-turn request limit', () => {
  it('defaults to at least 200 requests', () => {
    expect(DEFAULT_MAX_STEPS).toBeGreaterThanOrEqual(200);
  });

  it('ends the turn with max-turns, and continue() answers the pending tool results without new user text', async () => {
    const { agent, events } = agentWith(2);
    mock.setScript([readCall, readCall, { kind: 'reply', text: 'All read.' }]);
    expect(await agent.send('read a.txt twice')).toBe('max-turns');
    expect(mock.requests).toHaveLength(2);

    expect(await agent.continue()).toBe('done');
    const third = mock.requests[2].body;
    const lastMessage = third.messages[third.messages.length - 1];
    expect(lastMessage.role).toBe('user');
    expect(lastMessage.content.map((b: { type: string }) => b.type)).toEqual(['tool_result']);
    expect(agent.messages[agent.messages.length - 1].content).toEqual([{ type: 'text', text: 'All read.' }]);
    // The event log alone rebuilds the same conversation.
    expect(replayEvents(events).messages).toEqual(agent.messages);
  });

  it('setMaxSteps changes the limit for later turns', async () => {
    const { agent } = agentWith(1);
    agent.setMaxSteps(3);
    mock.setScript([readCall, readCall, { kind: 'reply', text: 'done' }]);
    expect(await agent.send('go')).toBe('done');
  });

  it('continue() after a finished turn sends "Continue." as the user', async () => {
    const { agent } = agentWith();
    mock.setScript([
      { kind: 'reply', text: 'first' },
      { kind: 'reply', text: 'second' },
    ]);
    await agent.send('hi');
    expect(await agent.continue()).toBe('done');
    const body = mock.requests[1].body;
    expect(body.messages[body.messages.length - 1]).toMatchObject({ role: 'user' });
    expect(JSON.stringify(body.messages[body.messages.length - 1])).toContain('Continue.');
  });
});
