// Anthropic Messages adapter: @anthropic-ai/sdk in browser mode, streamed, with our own retries.
import type Anthropic from '@anthropic-ai/sdk';
import type {
  RawMessageStreamEvent,
  StopReason as WireStopReason,
  WebSearchToolResultBlockContent,
} from '@anthropic-ai/sdk/resources/messages';
import { toAnthropicRequest } from './anthropic-request';
import { lookupModel } from './catalog';
import { StreamEndedEarly } from './errors';
import { keyBoundFetch } from './key-fetch';
import { clientHeaders, errorContextOf, retryPolicyOf, trimBaseUrl } from './provider-config';
import { streamWithRetry } from './retry';
import { pairToolResults, toolCallEnd } from './tool-calls';
import {
  emptyUsage,
  type Provider,
  type ProviderConfig,
  type ProviderEvent,
  type ProviderRequest,
  type StopReason,
  type Usage,
} from './types';

/** The SDK adds `/v1/messages` itself, so a base URL ending in /v1 would double it. */
export function anthropicBaseUrl(baseUrl: string): string {
  return trimBaseUrl(baseUrl).replace(/\/v1$/, '');
}

/** Loads the SDK on first use, so it stays out of the app's first chunk. */
export async function makeAnthropicClient(config: ProviderConfig): Promise<Anthropic> {
  const { default: AnthropicSDK } = await import('@anthropic-ai/sdk');
  return new AnthropicSDK({
    apiKey: config.apiKey,
    baseURL: anthropicBaseUrl(config.baseUrl),
    dangerouslyAllowBrowser: true,
    maxRetries: 0, // retries are ours, so they show up as events
    defaultHeaders: clientHeaders(config),
    // Redirects off the base URL's origin are refused, so the key never follows one.
    fetch: keyBoundFetch(config.baseUrl),
  });
}

export function defaultMaxTokens(model: string): number {
  const info = lookupModel(model);
  return info ? Math.min(info.maxOutput, 32_000) : 8_192;
}

const stopReasons: Record<WireStopReason, StopReason> = {
  end_turn: 'end_turn',
  tool_use: 'tool_use',
  max_tokens: 'max_tokens',
  stop_sequence: 'stop_sequence',
  refusal: 'refusal',
  pause_turn: 'other',
  model_context_window_exceeded: 'max_tokens',
};

type Block =
  | { kind: 'text' }
  | { kind: 'tool'; index: number; id: string; name: string; args: string }
  | { kind: 'server'; id: string; args: string }
  | { kind: 'other' };

/** The query of a server-side web search call, from its streamed input. */
function queryOf(args: string): string | undefined {
  try {
    const input = JSON.parse(args) as { query?: unknown };
    return typeof input.query === 'string' ? input.query : undefined;
  } catch {
    return undefined;
  }
}

function webSearchEvent(content: WebSearchToolResultBlockContent, query: string | undefined): ProviderEvent {
  if (!Array.isArray(content)) return { type: 'web-search', query, hits: [], error: content.error_code };
  return {
    type: 'web-search',
    query,
    hits: content.map((r) => ({ title: r.title, url: r.url, ...(r.page_age ? { pageAge: r.page_age } : {}) })),
  };
}

/** One request, translated event by event. Throws on failure; streamWithRetry decides what happens next. */
async function* attempt(
  getClient: () => Promise<Anthropic>,
  request: ProviderRequest,
  signal: AbortSignal | undefined,
): AsyncGenerator<ProviderEvent, void, undefined> {
  const client = await getClient();
  const body = toAnthropicRequest(
    { ...request, messages: pairToolResults(request.messages) },
    defaultMaxTokens(request.model),
  );
  const stream = await client.messages.create(body, signal ? { signal } : {});
  const usage: Usage = emptyUsage();
  const blocks = new Map<number, Block>();
  const searchQueries = new Map<string, string | undefined>();
  let tools = 0;
  let stop: StopReason | undefined;
  let finished = false;
  const setUsage = (u: {
    input_tokens?: number | null;
    output_tokens?: number | null;
    cache_read_input_tokens?: number | null;
    cache_creation_input_tokens?: number | null;
  }) => {
    if (u.input_tokens != null) usage.inputTokens = u.input_tokens;
    if (u.output_tokens != null) usage.outputTokens = u.output_tokens;
    if (u.cache_read_input_tokens != null) usage.cacheReadTokens = u.cache_read_input_tokens;
    if (u.cache_creation_input_tokens != null) usage.cacheWriteTokens = u.cache_creation_input_tokens;
  };
  try {
    for await (const event of stream as AsyncIterable<RawMessageStreamEvent>) {
      switch (event.type) {
        case 'message_start':
          setUsage(event.message.usage);
          break;
        case 'content_block_start': {
          const cb = event.content_block;
          if (cb.type === 'text') {
            blocks.set(event.index, { kind: 'text' });
            if (cb.text) yield { type: 'text-delta', text: cb.text };
          } else if (cb.type === 'tool_use') {
            const block = { kind: 'tool' as const, index: tools++, id: cb.id, name: cb.name, args: '' };
            blocks.set(event.index, block);
            yield { type: 'tool-call-start', index: block.index, id: block.id, name: block.name };
          } else if (cb.type === 'web_search_tool_result') {
            blocks.set(event.index, { kind: 'other' });
            yield webSearchEvent(cb.content, searchQueries.get(cb.tool_use_id));
          } else if (cb.type === 'server_tool_use') {
            blocks.set(event.index, { kind: 'server', id: cb.id, args: '' });
          } else blocks.set(event.index, { kind: 'other' }); // thinking: not part of the neutral stream
          break;
        }
        case 'content_block_delta': {
          const block = blocks.get(event.index);
          if (event.delta.type === 'text_delta' && block?.kind === 'text' && event.delta.text) {
            yield { type: 'text-delta', text: event.delta.text };
          } else if (event.delta.type === 'input_json_delta' && block?.kind === 'tool' && event.delta.partial_json) {
            block.args += event.delta.partial_json;
            yield { type: 'tool-call-delta', index: block.index, argsDelta: event.delta.partial_json };
          } else if (event.delta.type === 'input_json_delta' && block?.kind === 'server') {
            block.args += event.delta.partial_json;
          }
          break;
        }
        case 'content_block_stop': {
          const block = blocks.get(event.index);
          if (block?.kind === 'tool') yield toolCallEnd(block.index, block.id, block.name, block.args);
          if (block?.kind === 'server') searchQueries.set(block.id, queryOf(block.args));
          blocks.delete(event.index);
          break;
        }
        case 'message_delta':
          setUsage(event.usage);
          if (event.delta.stop_reason) stop = stopReasons[event.delta.stop_reason] ?? 'other';
          break;
        case 'message_stop':
          finished = true;
          break;
      }
    }
  } catch (err) {
    // A drop after the stop reason arrived loses nothing but the closing event.
    if (stop === undefined || signal?.aborted) throw err;
    finished = true;
  }
  if (!finished && stop === undefined) {
    if (signal?.aborted) return; // streamWithRetry reports the abort
    throw new StreamEndedEarly('no message_stop');
  }
  yield { type: 'usage', usage };
  yield { type: 'stop', reason: stop ?? 'end_turn' };
}

export function createAnthropicProvider(config: ProviderConfig): Provider {
  const ctx = errorContextOf(config);
  const policy = retryPolicyOf(config);
  let client: Promise<Anthropic> | undefined;
  const getClient = (): Promise<Anthropic> => {
    client ??= makeAnthropicClient(config).catch((err) => {
      client = undefined; // a failed chunk load may succeed next time
      throw err;
    });
    return client;
  };
  return {
    id: config.preset,
    model: config.model,
    capabilities: { images: true, documents: true, webSearch: true },
    stream(request: ProviderRequest, signal?: AbortSignal): AsyncIterable<ProviderEvent> {
      const req = { ...request, model: request.model || config.model };
      return streamWithRetry((s) => attempt(getClient, req, s), { ...ctx, model: req.model }, policy, signal);
    },
  };
}
