import AnthropicSDK from '@anthropic-ai/sdk';
import OpenAISDK from 'openai';
import { describe, expect, it } from 'vitest';
import { classifyError, parseRetryAfter, type ErrorContext } from './errors';
import { backoffDelay, defaultRetryPolicy } from './retry';

const ctx: ErrorContext = {
  host: 'localhost:11434',
  model: 'qwen2.5-coder:7b',
  format: 'openai',
  preset: 'ollama',
  apiKey: 'sk-secret-value',
};
const headers = (h: Record<string, string>) => new Headers(h);

describe('classifyError', () => {
  it('reads a browser "Failed to fetch" from either SDK as unreachable-or-CORS', () => {
    for (const SDK of [AnthropicSDK, OpenAISDK] as const) {
      const err = new SDK.APIConnectionError({ message: undefined, cause: new TypeError('Failed to fetch') });
      const { error } = classifyError(err, ctx);
      expect(error).toMatchObject({ kind: 'network', retryable: true });
      expect(error.message).toContain('Failed to fetch');
      expect(error.hint).toMatch(/OLLAMA_ORIGINS/);
      expect(error.hint).toMatch(/LM Studio/);
    }
  });

  it('tells 403 from 401, and quota exhaustion from a passing rate limit', () => {
    const e403 = AnthropicSDK.APIError.generate(
      403,
      { type: 'error', error: { type: 'permission_error', message: 'no' } },
      undefined,
      headers({}),
    );
    expect(classifyError(e403, ctx).error.kind).toBe('permission');
    const quota = OpenAISDK.APIError.generate(
      429,
      { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } },
      undefined,
      headers({}),
    );
    expect(classifyError(quota, ctx).error).toMatchObject({ kind: 'rate-limit', retryable: false });
    expect(classifyError(quota, ctx).error.hint).toMatch(/billing/);
  });

  it('reads overloaded_error sent inside a 200 stream', () => {
    const err = new AnthropicSDK.APIError(
      undefined,
      { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      undefined,
      headers({}),
    );
    expect(classifyError(err, ctx).error).toMatchObject({ kind: 'overloaded', retryable: true });
  });

  it('maps Ollama\'s "model not found, try pulling it first" and suggests ollama pull', () => {
    const err = OpenAISDK.APIError.generate(
      404,
      { error: { message: 'model "qwen2.5-coder:7b" not found, try pulling it first', type: 'api_error' } },
      undefined,
      headers({}),
    );
    const { error } = classifyError(err, ctx);
    expect(error.kind).toBe('model-not-found');
    expect(error.message).toContain('try pulling it first');
    expect(error.hint).toContain('ollama pull qwen2.5-coder:7b');
  });

  it('never repeats the key, even when the server echoes it', () => {
    const err = OpenAISDK.APIError.generate(
      401,
      { error: { message: 'Incorrect API key provided: sk-secret-value', code: 'invalid_api_key' } },
      undefined,
      headers({}),
    );
    expect(err.message).toContain('sk-secret-value'); // the SDK's own message does carry it
    expect(JSON.stringify(classifyError(err, ctx))).not.toContain('sk-secret-value');
  });

  it('reports an abort as aborted, not as a failure', () => {
    const err = new AnthropicSDK.APIUserAbortError();
    expect(classifyError(err, ctx).error).toMatchObject({ kind: 'aborted', retryable: false });
  });
});

describe('retry timing', () => {
  it('parses retry-after-ms, retry-after seconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(parseRetryAfter(headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now)).toBe(3000);
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(headers({}), now)).toBeUndefined();
  });

  it('backs off exponentially with jitter inside [half, full] of each step, capped', () => {
    const policy = { baseDelayMs: 500, maxDelayMs: 30_000 };
    expect(backoffDelay(1, policy, () => 0)).toBe(250);
    expect(backoffDelay(1, policy, () => 1)).toBe(500);
    expect(backoffDelay(3, policy, () => 1)).toBe(2000);
    expect(backoffDelay(20, policy, () => 1)).toBe(30_000);
    expect(defaultRetryPolicy).toMatchObject({ maxRetries: 4, baseDelayMs: 500 });
  });
});
