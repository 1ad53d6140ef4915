import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '../../test/fixtures/mock-provider';
import { createProvider } from './create-provider';
import type { ProviderConfig, ProviderEvent, WireFormat } from './types';

// Two loopback origins: the provider the key was saved for, which answers with redirects, and
// another one that records whether the key ever reaches it.
let provider: MockProvider;
let elsewhere: MockProvider;
beforeAll(async () => {
  [provider, elsewhere] = await Promise.all([startMockProvider(), startMockProvider()]);
});
afterAll(() => Promise.all([provider.close(), elsewhere.close()]));
beforeEach(() => {
  provider.reset();
  elsewhere.reset();
});

const KEY = 'sk-redirect-secret-0042';
const formats: Array<{ format: WireFormat; base: () => string; path: string }> = [
  { format: 'anthropic', base: () => provider.url, path: '/v1/messages' },
  { format: 'openai', base: () => `${provider.url}/v1`, path: '/v1/chat/completions' },
];

const config = (format: WireFormat, baseUrl: string): ProviderConfig => ({
  preset: format === 'anthropic' ? 'anthropic' : 'openai',
  format,
  baseUrl,
  apiKey: KEY,
  model: format === 'anthropic' ? 'claude-haiku-4-5' : 'gpt-4.1',
  retryBaseDelayMs: 1,
});

async function run(cfg: ProviderConfig): Promise<ProviderEvent[]> {
  const events: ProviderEvent[] = [];
  const request = {
    model: cfg.model,
    system: 'sys',
    messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }],
    tools: [],
  };
  for await (const event of createProvider(cfg).stream(request)) events.push(event);
  return events;
}

const keyArrived = (mock: MockProvider): boolean => mock.requests.some((r) => JSON.stringify(r.headers).includes(KEY));

describe.each(formats)('$format requests and redirects', ({ format, base, path }) => {
  it('refuses a redirect to another origin: the key never arrives there, and the error says why', async () => {
    provider.setScript([{ kind: 'http-error', status: 307, headers: { location: `${elsewhere.url}${path}` } }]);
    const events = await run(config(format, base()));
    expect(elsewhere.requests).toEqual([]);
    expect(keyArrived(elsewhere)).toBe(false);
    const last = events[events.length - 1];
    expect(last).toMatchObject({
      type: 'error',
      error: {
        kind: 'bad-request',
        retryable: false,
        message: `127.0.0.1:${provider.url.split(':')[2]} redirected to ${elsewhere.url}; Tidepool does not send your key there.`,
      },
    });
    if (last.type === 'error') expect(last.error.hint).toContain('set the base URL in Settings to its new address');
    expect(provider.requests).toHaveLength(1); // not retried
  });

  it('follows a redirect within the same origin, key and body intact', async () => {
    provider.setScript([
      { kind: 'http-error', status: 308, headers: { location: `${provider.url}${path}?moved=1` } },
      { kind: 'reply', text: 'hello after the move' },
    ]);
    const events = await run(config(format, base()));
    const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
    expect(text).toBe('hello after the move');
    expect(provider.requests).toHaveLength(2);
    expect(provider.requests[1].body).toEqual(provider.requests[0].body);
    expect(keyArrived(provider)).toBe(true);
  });
});
