// Picks the adapter for a config's wire format. Neither SDK loads until the first request.
import { createAnthropicProvider } from './anthropic';
import { createOpenAIProvider } from './openai';
import type { Provider, ProviderConfig } from './types';

export function createProvider(config: ProviderConfig): Provider {
  return config.format === 'anthropic' ? createAnthropicProvider(config) : createOpenAIProvider(config);
}
