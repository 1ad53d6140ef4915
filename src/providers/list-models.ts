// The model ids a host offers, via GET {baseUrl}/models through the same SDK (same headers, same CORS) as chat.
import { classifyError } from './errors';
import { makeAnthropicClient } from './anthropic';
import { makeOpenAIClient } from './openai';
import { errorContextOf } from './provider-config';
import type { ProviderConfig, ProviderError } from './types';

export async function listModels(config: ProviderConfig, signal?: AbortSignal): Promise<string[] | ProviderError> {
  const ctx = errorContextOf(config);
  try {
    const ids: string[] = [];
    const options = signal ? { signal } : {};
    if (config.format === 'anthropic') {
      const client = await makeAnthropicClient(config);
      for await (const model of client.models.list({ limit: 1000 }, options)) ids.push(model.id);
    } else {
      const client = await makeOpenAIClient(config);
      for await (const model of client.models.list(options)) ids.push(model.id);
    }
    return ids;
  } catch (err) {
    const { error } = classifyError(err, ctx, signal);
    // A 404 here means the host has no /models route, not that the chosen model is missing.
    if (error.kind === 'model-not-found') {
      return {
        ...error,
        kind: 'bad-request',
        message: `${ctx.host} has no model list (404)`,
        hint: 'Type the model name by hand.',
      };
    }
    return error;
  }
}
