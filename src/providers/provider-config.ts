// What both adapters derive from a ProviderConfig: error context, retry policy, and the headers the SDK client gets.
import { hostOf } from '../lib/paths-and-urls';
import type { ErrorContext } from './errors';
import { defaultRetryPolicy, type RetryPolicy } from './retry';
import type { ProviderConfig } from './types';

const keyHeaders = new Set(['authorization', 'x-api-key', 'api-key', 'x-goog-api-key']);

export function errorContextOf(config: ProviderConfig): ErrorContext {
  return {
    host: hostOf(config.baseUrl) ?? config.baseUrl,
    model: config.model,
    format: config.format,
    preset: config.preset,
    apiKey: config.apiKey,
  };
}

export function retryPolicyOf(config: ProviderConfig): RetryPolicy {
  return {
    ...defaultRetryPolicy,
    ...(config.maxRetries !== undefined ? { maxRetries: config.maxRetries } : {}),
    ...(config.retryBaseDelayMs !== undefined ? { baseDelayMs: config.retryBaseDelayMs } : {}),
  };
}

/**
 * config.headers minus anything that could carry a key (the SDK sets auth itself). With no key, Authorization is
 * nulled so the SDK sends none rather than `Bearer ` (local servers need no key).
 */
export function clientHeaders(config: ProviderConfig): Record<string, string | null> {
  const headers: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(config.headers ?? {})) {
    if (!keyHeaders.has(name.toLowerCase())) headers[name] = value;
  }
  if (!config.apiKey) headers.Authorization = null;
  return headers;
}

/** The SDKs want a base URL without a trailing slash. */
export function trimBaseUrl(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '');
}
