import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  startMockProvider,
  type MockProvider,
  type RecordedRequest,
  type ScriptStep,
} from '../../test/fixtures/mock-provider';
import { createProvider } from '../providers/create-provider';
import type { WireFormat } from '../providers/types';
import { builtinTools } from '../tools/index';
import { createLiteWorkspace } from '../workspace/lite-workspace';
import { Agent } from './agent';
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

function agentFor(format: WireFormat, options: { contextWindow?: number; autoCompact?: boolean } = {}) {
  const provider = createProvider({
    preset: format === 'anthropic' ? 'anthropic' : 'custom',
    format,
    baseUrl: format === 'anthropic' ? mock.url : `${mock.url}/v1`,
    apiKey: 'sk-compaction-test',
    model: format === 'anthropic' ? 'claude-sonnet-4-5' : 'gpt-4.1',
    retryBaseDelayMs: 5,
  });
  const agent = new Agent({
    workspace: createLiteWorkspace(),
    provider,
    tools: builtinTools,
    mode: 'bypassPermissions',
    ...options,
  });
  const events: AgentEvent[] = [];
  agent.subscribe((e) => events.push(e));
  return { agent, events };
}

const isSummaryRequest = (r: RecordedRequest) =>
  JSON.stringify(r.body?.system ?? r.body?.messages?.[0] ?? '').includes('You summarize a coding session');
const modelRequests = () => mock.requests.filter((r) => r.format !== 'other');
const size = (r: RecordedRequest) => JSON.stringify(r.body.messages).length;
const filler = (n: number, tag: string) =>
  `${tag}: ` + 'The parser handles nested tables and arrays of tables. '.repeat(n);
const compactedEvents = (events: AgentEvent[]) =>
  events.filter((e): e is Extract<AgentEvent, { type: 'compacted' }> => e.type === 'compacted');

describe('auto-compaction', () => {
  test('a long session crosses the threshold, a summary is requested, and the next request is smaller and carries it', async () => {
    // Every reply is long; whichever request gets a given reply (a turn or the summary) does not matter.
    mock.setScript(
      Array.from({ length: 14 }, (_, i): ScriptStep => ({ kind: 'reply', text: filler(45, `Reply ${i}`) })),
    );
    // Room for the full tool list (~16 KB of specs) plus a few turns, so compaction has messages to replace.
    const { agent, events } = agentFor('anthropic', { contextWindow: 12_000 });
    for (let i = 0; i < 10; i++)
      expect(await agent.send(`Question ${i}: extend the TOML parser, step ${i}.`)).toBe('done');

    const requests = modelRequests();
    const at = requests.findIndex(isSummaryRequest);
    expect(at).toBeGreaterThan(1);
    const summaryRequest = requests[at];
    expect(summaryRequest.body.tools ?? []).toEqual([]);
    const before = requests[at - 1];
    const after = requests[at + 1];
    expect(isSummaryRequest(after)).toBe(false);
    expect(size(after)).toBeLessThan(size(before));
    const summary = `Reply ${at}:`;
    expect(JSON.stringify(after.body.messages)).toContain(summary);
    expect(JSON.stringify(after.body.messages)).toContain('compacted to fit the context window');

    const [compacted] = compactedEvents(events);
    expect(compacted).toMatchObject({ trigger: 'auto' });
    expect(compacted.replacedMessages).toBeGreaterThan(1);
    expect(compacted.tokensAfter).toBeLessThan(compacted.tokensBefore);
    // The most recent exchange survived verbatim, and the stored events rebuild the compacted transcript.
    expect(JSON.stringify(agent.messages)).toContain('Question 9');
    expect(replayEvents(events).messages).toEqual(agent.messages);
    expect(agent.contextUsage().estimatedTokens).toBeLessThan(agent.contextUsage().threshold);
  });

  test('a big tool output is clipped in the request but kept whole in the event', async () => {
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'seq 1 6000' } }] },
      { kind: 'reply', text: 'Counted.' },
    ]);
    const { agent, events } = agentFor('anthropic', { contextWindow: 20_000, autoCompact: false });
    expect(await agent.send('count')).toBe('done');
    const result = events.find((e): e is Extract<AgentEvent, { type: 'tool-result' }> => e.type === 'tool-result')!;
    expect(result.content).toContain('\n5999\n');
    const sent = JSON.stringify(modelRequests()[1].body.messages);
    expect(sent).toContain('clipped from the middle');
    expect(sent).not.toContain('\\n3000\\n');
    expect(sent).toContain('6000');
    expect(agent.messages[2].content[0]).toMatchObject({ type: 'tool_result', content: result.content });
  });
});

describe('/compact', () => {
  test('compacts on demand with the user instructions, and the next request carries the summary', async () => {
    mock.setScript([
      { kind: 'reply', text: filler(10, 'First answer') },
      { kind: 'reply', text: filler(10, 'Second answer') },
      { kind: 'reply', text: filler(10, 'Third answer') },
      {
        kind: 'reply',
        text: 'SUMMARY: the user is building a TOML parser in src/toml.ts; open todo: arrays of tables.',
      },
      { kind: 'reply', text: 'Continuing with arrays of tables.' },
    ]);
    const { agent, events } = agentFor('openai');
    await agent.send('Write a TOML parser in src/toml.ts');
    await agent.send('Handle inline tables');
    await agent.send('Now dates');
    const outcome = await agent.compact('focus on the parser API');
    expect(outcome).toMatchObject({ ok: true });
    const requests = modelRequests();
    expect(isSummaryRequest(requests[3])).toBe(true);
    expect(JSON.stringify(requests[3].body)).toContain('focus on the parser API');
    expect(JSON.stringify(requests[3].body)).toContain('Write a TOML parser in src/toml.ts');

    await agent.send('Go on');
    const next = modelRequests()[4];
    expect(JSON.stringify(next.body.messages)).toContain('SUMMARY: the user is building a TOML parser');
    expect(size(next)).toBeLessThan(size(requests[2]) + 200);
    expect(compactedEvents(events)[0]).toMatchObject({ trigger: 'manual' });
    expect(replayEvents(events).messages).toEqual(agent.messages);
    // The summary request is billed like any other.
    expect(events.filter((e) => e.type === 'usage')).toHaveLength(5);
  });

  test('with nothing to compact it says so and sends nothing', async () => {
    const { agent } = agentFor('anthropic');
    expect(await agent.compact()).toEqual({ ok: false, reason: 'nothing-to-compact' });
    expect(modelRequests()).toHaveLength(0);
  });
});

describe.each(['anthropic', 'openai'] as const)('context too long (%s)', (format) => {
  test('a context-too-long error triggers compaction and one retry that succeeds', async () => {
    const tooLong =
      format === 'anthropic'
        ? {
            type: 'error',
            error: { type: 'invalid_request_error', message: 'prompt is too long: 212345 tokens > 200000 maximum' },
          }
        : {
            error: {
              message: "This model's maximum context length is 128000 tokens.",
              type: 'invalid_request_error',
              param: 'messages',
              code: 'context_length_exceeded',
            },
          };
    mock.setScript([
      { kind: 'reply', text: 'First answer.' },
      { kind: 'reply', text: 'Second answer.' },
      { kind: 'http-error', status: 400, body: tooLong },
      { kind: 'reply', text: 'SUMMARY-OF-EARLIER-TURNS' },
      { kind: 'reply', text: 'Answer after compaction.' },
    ]);
    const { agent, events } = agentFor(format);
    await agent.send('one');
    await agent.send('two');
    expect(await agent.send('three')).toBe('done');
    expect(events.some((e) => e.type === 'error')).toBe(false);
    expect(compactedEvents(events)).toHaveLength(1);
    expect(compactedEvents(events)[0].trigger).toBe('context-too-long');
    const retried = modelRequests()[4];
    expect(JSON.stringify(retried.body.messages)).toContain('SUMMARY-OF-EARLIER-TURNS');
    expect(JSON.stringify(retried.body.messages)).toContain('three');
    expect(agent.messages.at(-1)).toEqual({
      role: 'assistant',
      content: [{ type: 'text', text: 'Answer after compaction.' }],
    });
    expect(replayEvents(events).messages).toEqual(agent.messages);
  });

  test('a second context-too-long error in the same turn ends it with the error', async () => {
    const body = {
      type: 'error',
      error: { type: 'invalid_request_error', message: 'prompt is too long: 212345 tokens > 200000 maximum' },
    };
    mock.setScript([
      { kind: 'reply', text: 'First answer.' },
      {
        kind: 'http-error',
        status: 400,
        body:
          format === 'anthropic'
            ? body
            : { error: { message: 'too many tokens', code: 'context_length_exceeded', type: 'invalid_request_error' } },
      },
      { kind: 'reply', text: 'SUMMARY' },
      {
        kind: 'http-error',
        status: 400,
        body:
          format === 'anthropic'
            ? body
            : { error: { message: 'too many tokens', code: 'context_length_exceeded', type: 'invalid_request_error' } },
      },
    ]);
    const { agent, events } = agentFor(format);
    await agent.send('one');
    expect(await agent.send('two')).toBe('error');
    expect(events.find((e) => e.type === 'error')).toMatchObject({ error: { kind: 'context-too-long' } });
  });
});
