import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '../../test/fixtures/mock-provider';
import { createAnthropicProvider } from './anthropic';
import type { Message, ProviderConfig, ProviderEvent, ProviderRequest } from './types';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const config = (overrides: Partial<ProviderConfig> = {}): ProviderConfig => ({
  preset: 'anthropic',
  format: 'anthropic',
  baseUrl: mock.url,
  apiKey: 'sk-ant-test',
  model: 'claude-haiku-4-5',
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
  { role: 'assistant', content: [{ type: 'tool_use', id: 't2', name: 'Bash', input: { command: 'npm test' } }] },
  {
    role: 'user',
    content: [
      { type: 'tool_result', toolUseId: 't2', content: 'exit 1', isError: true },
      { type: 'text', text: 'also check b' },
    ],
  },
];

const tools = [
  {
    name: 'Read',
    description: 'Read a file',
    inputSchema: { type: 'object', properties: { file_path: { type: 'string' } } },
  },
  {
    name: 'Bash',
    description: 'Run a command',
    inputSchema: { type: 'object', properties: { command: { type: 'string' } } },
  },
];

async function send(request: Partial<ProviderRequest>, cfg: Partial<ProviderConfig> = {}): Promise<ProviderEvent[]> {
  const events: ProviderEvent[] = [];
  const full: ProviderRequest = { model: '', system: 'You are Tidepool.', messages: transcript, tools, ...request };
  for await (const e of createAnthropicProvider(config(cfg)).stream(full)) events.push(e);
  return events;
}

describe('anthropic request body', () => {
  it('puts cache breakpoints on the system block, the last tool and the last user block', async () => {
    await send({});
    const body = mock.requests[0].body;
    expect(body.system).toEqual([{ type: 'text', text: 'You are Tidepool.', cache_control: { type: 'ephemeral' } }]);
    expect(body.tools[0]).toEqual({ name: 'Read', description: 'Read a file', input_schema: tools[0].inputSchema });
    expect(body.tools[1].cache_control).toEqual({ type: 'ephemeral' });
    const lastUser = body.messages[body.messages.length - 1];
    expect(lastUser.content[lastUser.content.length - 1]).toEqual({
      type: 'text',
      text: 'also check b',
      cache_control: { type: 'ephemeral' },
    });
    const breakpoints = JSON.stringify(body).split('"cache_control"').length - 1;
    expect(breakpoints).toBe(3); // the API allows at most 4
  });

  it('maps the neutral transcript, tool calls and results included', async () => {
    await send({});
    const { body } = mock.requests[0];
    expect(body).toMatchObject({ model: 'claude-haiku-4-5', stream: true, max_tokens: 32000 });
    expect(body.temperature).toBeUndefined();
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'read a.ts' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Reading.' },
          { type: 'tool_use', id: 't1', name: 'Read', input: { file_path: 'a.ts' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'export const a = 1;' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't2', name: 'Bash', input: { command: 'npm test' } }] },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't2', content: 'exit 1', is_error: true },
          { type: 'text', text: 'also check b', cache_control: { type: 'ephemeral' } },
        ],
      },
    ]);
  });

  it('answers a tool call left without a result, so a stopped turn cannot wedge the session', async () => {
    await send({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'go' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't9', name: 'Bash', input: { command: 'sleep 100' } }] },
        { role: 'user', content: [{ type: 'text', text: 'never mind' }] },
      ],
    });
    const third = mock.requests[0].body.messages[2];
    expect(third.content[0]).toMatchObject({ type: 'tool_result', tool_use_id: 't9', is_error: true });
    expect(third.content[1]).toMatchObject({ type: 'text', text: 'never mind' });
  });

  it('drops empty text blocks and merges same-role neighbours', async () => {
    await send({
      system: '',
      tools: [],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'a' }] },
        { role: 'user', content: [{ type: 'text', text: 'b' }] },
        { role: 'assistant', content: [{ type: 'text', text: '' }] },
      ],
    });
    const { body } = mock.requests[0];
    expect(body.system).toBeUndefined();
    expect(body.tools).toBeUndefined();
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b', cache_control: { type: 'ephemeral' } },
        ],
      },
    ]);
  });

  it('accepts a base URL that already ends in /v1', async () => {
    await send({}, { baseUrl: `${mock.url}/v1/` });
    expect(mock.requests[0].path).toBe('/v1/messages');
  });

  it('sends the SDK 1.x headers: Bearer key, anthropic-version, browser-access opt-in', async () => {
    await send({});
    const { headers } = mock.requests[0];
    expect(headers.authorization).toBe('Bearer sk-ant-test');
    expect(headers['x-api-key']).toBeUndefined();
    expect(headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(headers['anthropic-dangerous-direct-browser-access']).toBe('true');
  });

  it('uses the request model over the configured one', async () => {
    await send({ model: 'claude-opus-4-1' });
    expect(mock.requests[0].body).toMatchObject({ model: 'claude-opus-4-1', max_tokens: 32000 });
  });
});
