import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '../../test/fixtures/mock-provider';
import { createOpenAIProvider, usageFromOpenAI } from './openai';
import type { Message, ProviderConfig, ProviderEvent, ProviderRequest } from './types';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const config = (overrides: Partial<ProviderConfig> = {}): ProviderConfig => ({
  preset: 'openai',
  format: 'openai',
  baseUrl: `${mock.url}/v1`,
  apiKey: 'sk-test',
  model: 'gpt-4.1',
  retryBaseDelayMs: 1,
  ...overrides,
});

const transcript: Message[] = [
  { role: 'user', content: [{ type: 'text', text: 'read a.ts' }] },
  {
    role: 'assistant',
    content: [
      { type: 'text', text: 'Reading.' },
      { type: 'tool_use', id: 't1', name: 'Read', input: { file_path: 'a.ts' } },
    ],
  },
  { role: 'user', content: [{ type: 'tool_result', toolUseId: 't1', content: 'export const a = 1;' }] },
  {
    role: 'assistant',
    content: [
      { type: 'tool_use', id: 't2', name: 'Bash', input: { command: 'npm test' } },
      { type: 'tool_use', id: 't3', name: 'Read', input: { file_path: 'b.ts' } },
    ],
  },
  {
    role: 'user',
    content: [
      { type: 'tool_result', toolUseId: 't2', content: 'exit 1', isError: true },
      { type: 'tool_result', toolUseId: 't3', content: 'b' },
      { type: 'text', text: 'also check c' },
    ],
  },
];

const tools = [
  {
    name: 'Read',
    description: 'Read a file',
    inputSchema: { type: 'object', properties: { file_path: { type: 'string' } } },
  },
];

async function send(request: Partial<ProviderRequest>, cfg: Partial<ProviderConfig> = {}): Promise<ProviderEvent[]> {
  const events: ProviderEvent[] = [];
  const full: ProviderRequest = { model: '', system: 'You are Tidepool.', messages: transcript, tools, ...request };
  for await (const e of createOpenAIProvider(config(cfg)).stream(full)) events.push(e);
  return events;
}

describe('openai request body', () => {
  it('maps the transcript: system first, tool results as role tool right after the calls, then user text', async () => {
    await send({});
    const { body } = mock.requests[0];
    expect(body.messages).toEqual([
      { role: 'system', content: 'You are Tidepool.' },
      { role: 'user', content: 'read a.ts' },
      {
        role: 'assistant',
        content: 'Reading.',
        tool_calls: [{ id: 't1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"a.ts"}' } }],
      },
      { role: 'tool', tool_call_id: 't1', content: 'export const a = 1;' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 't2', type: 'function', function: { name: 'Bash', arguments: '{"command":"npm test"}' } },
          { id: 't3', type: 'function', function: { name: 'Read', arguments: '{"file_path":"b.ts"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 't2', content: 'Error: exit 1' },
      { role: 'tool', tool_call_id: 't3', content: 'b' },
      { role: 'user', content: 'also check c' },
    ]);
  });

  it('streams with usage included and declares tools as functions', async () => {
    await send({});
    const { body } = mock.requests[0];
    expect(body).toMatchObject({ model: 'gpt-4.1', stream: true, stream_options: { include_usage: true } });
    expect(body.tools).toEqual([
      { type: 'function', function: { name: 'Read', description: 'Read a file', parameters: tools[0].inputSchema } },
    ]);
    expect(body.max_tokens).toBeUndefined();
  });

  it('names the token limit as each host wants it', async () => {
    await send({ maxTokens: 1000, temperature: 0.2 });
    await send({ maxTokens: 1000 }, { preset: 'groq' });
    expect(mock.requests[0].body).toMatchObject({ max_completion_tokens: 1000, temperature: 0.2 });
    expect(mock.requests[1].body).toMatchObject({ max_tokens: 1000 });
    expect(mock.requests[1].body.max_completion_tokens).toBeUndefined();
  });

  it('omits an empty tools array and an empty system prompt', async () => {
    await send({ tools: [], system: '' });
    const { body } = mock.requests[0];
    expect(body.tools).toBeUndefined();
    expect(body.messages[0].role).toBe('user');
  });

  it('sends the key as Bearer and no OpenAI-Organization header', async () => {
    await send({});
    const { headers } = mock.requests[0];
    expect(headers.authorization).toBe('Bearer sk-test');
    expect(headers['openai-organization']).toBeUndefined();
  });

  it('reports DeepSeek-style cache hits and OpenRouter cache writes', () => {
    expect(
      usageFromOpenAI({
        prompt_tokens: 100,
        completion_tokens: 5,
        total_tokens: 105,
        prompt_cache_hit_tokens: 60,
      } as any),
    ).toEqual({
      inputTokens: 40,
      outputTokens: 5,
      cacheReadTokens: 60,
      cacheWriteTokens: 0,
    });
    expect(
      usageFromOpenAI({
        prompt_tokens: 194,
        completion_tokens: 2,
        total_tokens: 196,
        prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 100 },
      } as any),
    ).toEqual({ inputTokens: 94, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 100 });
  });
});

describe('openai stream quirks of compatible hosts', () => {
  it('separates tool calls sent without index, and treats finish "stop" with calls as tool_use', async () => {
    const { createServer } = await import('node:http');
    const chunk = (delta: unknown, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 0, model: 'gemini-2.5-flash', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        chunk({
          role: 'assistant',
          tool_calls: [{ id: 'g1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"a"}' } }],
        }) +
          chunk({
            tool_calls: [{ id: 'g2', type: 'function', function: { name: 'Read', arguments: '{"file_path":"b"}' } }],
          }) +
          chunk({}, 'stop') +
          'data: [DONE]\n\n',
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const events: ProviderEvent[] = [];
    const provider = createOpenAIProvider(config({ preset: 'gemini', baseUrl: `http://127.0.0.1:${port}` }));
    for await (const e of provider.stream({ model: '', system: '', messages: transcript.slice(0, 1), tools }))
      events.push(e);
    await new Promise<void>((r) => server.close(() => r()));
    expect(events.filter((e) => e.type === 'tool-call-end')).toMatchObject([
      { index: 0, id: 'g1', input: { file_path: 'a' } },
      { index: 1, id: 'g2', input: { file_path: 'b' } },
    ]);
    expect(events[events.length - 1]).toEqual({ type: 'stop', reason: 'tool_use' });
    expect(events.some((e) => e.type === 'usage')).toBe(false);
  });
});
