import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MOCK_MODELS, startMockProvider, type MockProvider } from '../../test/fixtures/mock-provider';
import { listModels } from './list-models';
import { configFromPreset } from './presets';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

describe('listModels', () => {
  it('lists model ids from an Anthropic host', async () => {
    const ids = await listModels(configFromPreset('anthropic', { baseUrl: mock.url, apiKey: 'k' }));
    expect(ids).toEqual(MOCK_MODELS);
    expect(mock.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(mock.requests[0].headers.authorization).toBe('Bearer k');
  });

  it('lists model ids from an OpenAI-compatible host under any base path, without a key', async () => {
    const ids = await listModels(configFromPreset('ollama', { baseUrl: `${mock.url}/api/v1` }));
    expect(ids).toEqual(MOCK_MODELS);
    expect(mock.requests[0].path).toBe('/api/v1/models');
    expect(mock.requests[0].headers.authorization).toBeUndefined();
  });

  it('returns a network error for an unreachable host', async () => {
    const result = await listModels(configFromPreset('lmstudio', { baseUrl: 'http://127.0.0.1:9/v1' }));
    expect(result).toMatchObject({ kind: 'network' });
  });
});
