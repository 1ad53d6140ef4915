// Both adapters against the real mock server: the same behaviours, each wire format.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '../../test/fixtures/mock-provider';
import { createProvider } from './create-provider';
import type { ProviderConfig, ProviderEvent, ProviderRequest, WireFormat } from './types';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const KEY = 'sk-test-1234567890';

function config(format: WireFormat, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    preset: format === 'anthropic' ? 'anthropic' : 'openai',
    format,
    baseUrl: format === 'anthropic' ? mock.url : `${mock.url}/v1`,
    apiKey: KEY,
    model: 'claude-haiku-4-5',
    retryBaseDelayMs: 5,
    ...overrides,
  };
}

const request = (overrides: Partial<ProviderRequest> = {}): ProviderRequest => ({
  model: '',
  system: 'You are terse.',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  tools: [
    {
      name: 'Read',
      description: 'Read a file',
      inputSchema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] },
    },
  ],
  ...overrides,
});

async function collect(
  stream: AsyncIterable<ProviderEvent>,
  onEvent?: (e: ProviderEvent) => void,
): Promise<ProviderEvent[]> {
  const events: ProviderEvent[] = [];
  for await (const event of stream) {
    events.push(event);
    onEvent?.(event);
  }
  return events;
}

const textOf = (events: ProviderEvent[]) =>
  events
    .filter((e) => e.type === 'text-delta')
    .map((e) => (e as { text: string }).text)
    .join('');
const last = (events: ProviderEvent[]) => events[events.length - 1];
const errorOf = (events: ProviderEvent[]) => {
  const e = last(events);
  if (e.type !== 'error') throw new Error(`expected a final error, got ${JSON.stringify(e)}`);
  return e.error;
};

describe.each(['anthropic', 'openai'] as const)('%s adapter', (format) => {
  it('streams text as several deltas, then usage and stop', async () => {
    mock.setScript([
      { kind: 'reply', text: 'The quick brown fox jumps over the lazy dog.', usage: { input: 12, output: 9 } },
    ]);
    const events = await collect(createProvider(config(format)).stream(request()));
    expect(events.filter((e) => e.type === 'text-delta').length).toBeGreaterThan(3);
    expect(textOf(events)).toBe('The quick brown fox jumps over the lazy dog.');
    expect(events.slice(-2)).toEqual([
      { type: 'usage', usage: { inputTokens: 12, outputTokens: 9, cacheReadTokens: 0, cacheWriteTokens: 0 } },
      { type: 'stop', reason: 'end_turn' },
    ]);
  });

  it('assembles tool calls from streamed argument deltas, in order', async () => {
    mock.setScript([
      {
        kind: 'reply',
        text: 'Reading both.',
        toolCalls: [
          { name: 'Read', id: 'call_a', input: { file_path: 'src/a very long path/to/file.ts', limit: 20 } },
          { name: 'Grep', id: 'call_b', input: { pattern: 'TODO', '-n': true } },
        ],
      },
    ]);
    const events = await collect(createProvider(config(format)).stream(request()));
    const starts = events.filter((e) => e.type === 'tool-call-start');
    expect(starts).toEqual([
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'Read' },
      { type: 'tool-call-start', index: 1, id: 'call_b', name: 'Grep' },
    ]);
    expect(events.filter((e) => e.type === 'tool-call-delta' && e.index === 0).length).toBeGreaterThan(1);
    const ends = events.filter((e) => e.type === 'tool-call-end');
    expect(ends).toMatchObject([
      { index: 0, id: 'call_a', name: 'Read', input: { file_path: 'src/a very long path/to/file.ts', limit: 20 } },
      { index: 1, id: 'call_b', name: 'Grep', input: { pattern: 'TODO', '-n': true } },
    ]);
    expect(ends.every((e) => !('parseError' in e))).toBe(true);
    expect(last(events)).toEqual({ type: 'stop', reason: 'tool_use' });
  });

  it('reports malformed tool JSON as parseError with the raw arguments', async () => {
    mock.setScript([
      {
        kind: 'reply',
        toolCalls: [{ name: 'Write', id: 'call_x', rawArgs: '{"file_path": "a.ts", "content": "unterminated' }],
      },
    ]);
    const events = await collect(createProvider(config(format)).stream(request()));
    const end = events.find((e) => e.type === 'tool-call-end');
    expect(end).toMatchObject({
      id: 'call_x',
      name: 'Write',
      rawArgs: '{"file_path": "a.ts", "content": "unterminated',
    });
    expect((end as { parseError?: string }).parseError).toBeTruthy();
  });

  it('reports cache read and write tokens apart from fresh input', async () => {
    mock.setScript([
      { kind: 'reply', text: 'ok', usage: { input: 100, output: 20, cacheRead: 3000, cacheWrite: 500 } },
    ]);
    const events = await collect(createProvider(config(format)).stream(request()));
    expect(events.find((e) => e.type === 'usage')).toEqual({
      type: 'usage',
      usage: { inputTokens: 100, outputTokens: 20, cacheReadTokens: 3000, cacheWriteTokens: 500 },
    });
  });

  it('retries a 500 and then answers', async () => {
    mock.setScript([
      { kind: 'http-error', status: 500 },
      { kind: 'reply', text: 'recovered' },
    ]);
    const events = await collect(createProvider(config(format)).stream(request()));
    expect(events[0]).toMatchObject({
      type: 'retry',
      attempt: 1,
      error: { kind: 'server', status: 500, retryable: true },
    });
    expect(textOf(events)).toBe('recovered');
    expect(mock.requests).toHaveLength(2);
  });

  it('waits as long as retry-after-ms says on a 429', async () => {
    mock.setScript([
      { kind: 'http-error', status: 429, headers: { 'retry-after-ms': '150' } },
      { kind: 'reply', text: 'ok' },
    ]);
    const started = Date.now();
    const events = await collect(createProvider(config(format)).stream(request()));
    expect(events[0]).toMatchObject({ type: 'retry', delayMs: 150, error: { kind: 'rate-limit' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    expect(textOf(events)).toBe('ok');
  });

  it('honours retry-after in seconds', async () => {
    mock.setScript([
      { kind: 'http-error', status: 429, headers: { 'retry-after': '1' } },
      { kind: 'reply', text: 'ok' },
    ]);
    const started = Date.now();
    const events = await collect(createProvider(config(format)).stream(request()));
    expect(events[0]).toMatchObject({ type: 'retry', delayMs: 1000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('gives up after maxRetries and reports the last error', async () => {
    mock.setScript([
      {
        kind: 'http-error',
        status: 529,
        body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      },
      {
        kind: 'http-error',
        status: 529,
        body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      },
      {
        kind: 'http-error',
        status: 529,
        body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      },
    ]);
    const events = await collect(createProvider(config(format, { maxRetries: 2 })).stream(request()));
    expect(events.map((e) => e.type)).toEqual(['retry', 'retry', 'error']);
    expect(errorOf(events)).toMatchObject({ kind: 'overloaded', status: 529 });
  });

  it('maps 401 to an auth error naming the host, without retrying or echoing the key', async () => {
    mock.setScript([
      {
        kind: 'http-error',
        status: 401,
        body: { type: 'error', error: { type: 'authentication_error', message: `invalid key ${KEY}` } },
      },
    ]);
    const events = await collect(createProvider(config(format)).stream(request()));
    expect(events).toHaveLength(1);
    const error = errorOf(events);
    expect(error).toMatchObject({ kind: 'auth', status: 401, retryable: false });
    expect(error.hint).toContain(new URL(mock.url).host);
    expect(error.hint).toMatch(/key/i);
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(mock.requests).toHaveLength(1);
  });

  it('maps 404 to model-not-found', async () => {
    mock.setScript([{ kind: 'http-error', status: 404 }]);
    const error = errorOf(await collect(createProvider(config(format, { model: 'no-such-model' })).stream(request())));
    expect(error).toMatchObject({ kind: 'model-not-found', status: 404, retryable: false });
    expect(error.message).toContain('no-such-model');
    expect(error.hint).toMatch(/list/);
  });

  it('maps a context-length error from this format to context-too-long', async () => {
    const body =
      format === 'anthropic'
        ? {
            type: 'error',
            error: { type: 'invalid_request_error', message: 'prompt is too long: 212345 tokens > 200000 maximum' },
          }
        : {
            error: {
              message:
                "This model's maximum context length is 128000 tokens. However, your messages resulted in 130532 tokens. Please reduce the length of the messages.",
              type: 'invalid_request_error',
              param: 'messages',
              code: 'context_length_exceeded',
            },
          };
    mock.setScript([{ kind: 'http-error', status: 400, body }]);
    const events = await collect(createProvider(config(format)).stream(request()));
    expect(events).toHaveLength(1);
    expect(errorOf(events)).toMatchObject({ kind: 'context-too-long', retryable: false });
  });

  it('reports an unreachable host as a network error with a CORS hint', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    const base = format === 'anthropic' ? `http://127.0.0.1:${port}` : `http://127.0.0.1:${port}/v1`;
    const events = await collect(
      createProvider(config(format, { baseUrl: base, maxRetries: 1, retryBaseDelayMs: 1 })).stream(request()),
    );
    expect(events.map((e) => e.type)).toEqual(['retry', 'error']);
    const error = errorOf(events);
    expect(error.kind).toBe('network');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.hint).toMatch(/running/);
    expect(error.hint).toMatch(/CORS/);
    expect(error.hint).toMatch(/OLLAMA_ORIGINS/);
  });

  it('keeps text streamed before a dropped connection, then ends with stream-dropped', async () => {
    mock.setScript([
      { kind: 'reply', text: 'abcdefghijklmnopqrstuvwxyz0123456789', textChunkSize: 4, cutAfterEvents: 6 },
    ]);
    const events = await collect(createProvider(config(format)).stream(request()));
    const text = textOf(events);
    expect(text.length).toBeGreaterThan(0);
    expect('abcdefghijklmnopqrstuvwxyz0123456789'.startsWith(text)).toBe(true);
    expect(events.some((e) => e.type === 'retry')).toBe(false);
    expect(errorOf(events)).toMatchObject({ kind: 'stream-dropped' });
    expect(mock.requests).toHaveLength(1);
  });

  it('retries a stream that drops before any content', async () => {
    mock.setScript([
      { kind: 'reply', text: 'lost', cutAfterEvents: 1 },
      { kind: 'reply', text: 'second time lucky' },
    ]);
    const events = await collect(createProvider(config(format)).stream(request()));
    expect(events[0]).toMatchObject({ type: 'retry', attempt: 1, error: { kind: 'network' } });
    expect(textOf(events)).toBe('second time lucky');
    expect(last(events)).toEqual({ type: 'stop', reason: 'end_turn' });
  });

  it('ends quickly with aborted when the signal fires mid-stream', async () => {
    mock.setScript([{ kind: 'reply', text: 'this answer never finishes', holdOpen: true }]);
    const controller = new AbortController();
    let abortedAt = 0;
    const events = await collect(createProvider(config(format)).stream(request(), controller.signal), (e) => {
      if (e.type === 'text-delta' && !abortedAt) {
        abortedAt = Date.now();
        controller.abort();
      }
    });
    expect(Date.now() - abortedAt).toBeLessThan(500);
    expect(textOf(events).length).toBeGreaterThan(0);
    expect(errorOf(events)).toMatchObject({ kind: 'aborted', retryable: false });
  });

  it('stops waiting for a retry as soon as the signal fires', async () => {
    mock.setScript([{ kind: 'http-error', status: 503, headers: { 'retry-after': '30' } }]);
    const controller = new AbortController();
    const started = Date.now();
    const events = await collect(createProvider(config(format)).stream(request(), controller.signal), (e) => {
      if (e.type === 'retry') controller.abort();
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(events.map((e) => e.type)).toEqual(['retry', 'error']);
    expect(errorOf(events).kind).toBe('aborted');
  });

  it('sends the key as Authorization: Bearer, only to the configured host', async () => {
    mock.setScript([{ kind: 'reply', text: 'ok' }]);
    await collect(
      createProvider(config(format, { headers: { 'X-Title': 'Tidepool', authorization: 'Bearer smuggled' } })).stream(
        request(),
      ),
    );
    const { headers, path } = mock.requests[0];
    expect(headers.authorization).toBe(`Bearer ${KEY}`);
    expect(headers['x-title']).toBe('Tidepool');
    expect(headers['x-stainless-retry-count']).toBe('0');
    expect(path).toBe(format === 'anthropic' ? '/v1/messages' : '/v1/chat/completions');
    if (format === 'anthropic') expect(headers['anthropic-dangerous-direct-browser-access']).toBe('true');
  });

  it('sends no Authorization header when there is no key (local servers)', async () => {
    mock.setScript([{ kind: 'reply', text: 'ok' }]);
    const events = await collect(createProvider(config(format, { apiKey: '' })).stream(request()));
    expect(textOf(events)).toBe('ok');
    expect(mock.requests[0].headers.authorization).toBeUndefined();
  });
});
