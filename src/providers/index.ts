export * from './types';
export { createProvider } from './create-provider';
export { createAnthropicProvider } from './anthropic';
export { createOpenAIProvider } from './openai';
export { listModels } from './list-models';
export { catalog, lookupModel, costOf, normalizeModelId, type ModelInfo } from './catalog';
export { presets, getPreset, configFromPreset, type ProviderPreset } from './presets';
export { classifyError, parseRetryAfter, hostOf, type ErrorContext, type ClassifiedError } from './errors';
export { streamWithRetry, backoffDelay, defaultRetryPolicy, type RetryPolicy } from './retry';
