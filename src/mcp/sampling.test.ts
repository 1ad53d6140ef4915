import { SERVER_HOOK_TIMEOUT } from '../../test/fixtures/mcp-everything';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '../../test/fixtures/mock-provider';
import { createProvider } from '../providers/create-provider';
import { sampleWithProvider, samplingPreview, samplingToProviderRequest, type SamplingParams } from './sampling';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
}, SERVER_HOOK_TIMEOUT);
afterAll(() => mock.close());

const params: SamplingParams = {
  messages: [
    { role: 'user', content: { type: 'text', text: 'Describe this.' } },
    { role: 'user', content: { type: 'image', data: 'AAAA', mimeType: 'image/png' } },
    { role: 'assistant', content: { type: 'text', text: 'It is a logo.' } },
    { role: 'user', content: [{ type: 'text', text: 'In one word?' }] },
  ],
  systemPrompt: 'Be brief.',
  maxTokens: 20,
  temperature: 0.2,
};

describe('sampling with the session provider', () => {
  it('turns an MCP request into a provider request: text messages alternating, no tools, its limits', () => {
    const request = samplingToProviderRequest(params, 'm');
    expect(request).toEqual({
      model: 'm',
      system: 'Be brief.',
      maxTokens: 20,
      temperature: 0.2,
      tools: [],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe this.' },
            { type: 'text', text: '[image omitted: image/png]' },
          ],
        },
        { role: 'assistant', content: [{ type: 'text', text: 'It is a logo.' }] },
        { role: 'user', content: [{ type: 'text', text: 'In one word?' }] },
      ],
    });
    expect(samplingPreview(params)).toBe('System: Be brief.\nUser: In one word?\n(4 messages, up to 20 tokens)');
  });

  it.each(['anthropic', 'openai'] as const)(
    'answers over the %s wire format, and reports a provider failure as a reason',
    async (format) => {
      const provider = createProvider({
        preset: format,
        format,
        baseUrl: format === 'anthropic' ? mock.url : `${mock.url}/v1`,
        apiKey: 'k',
        model: format === 'anthropic' ? 'claude-haiku-4-5' : 'gpt-4.1',
        retryBaseDelayMs: 1,
        maxRetries: 0,
      });
      mock.setScript([{ kind: 'reply', text: 'Logo.' }]);
      expect(await sampleWithProvider(provider, params)).toEqual({
        ok: true,
        value: {
          role: 'assistant',
          content: { type: 'text', text: 'Logo.' },
          model: provider.model,
          stopReason: 'endTurn',
        },
      });
      mock.setScript([{ kind: 'http-error', status: 401 }]);
      const failed = await sampleWithProvider(provider, params);
      expect(failed.ok).toBe(false);
      expect(failed.ok || failed.error).toMatch(/key|auth|401/i);
    },
  );
});
