// OpenAI Chat Completions adapter, for OpenAI and every compatible host (OpenRouter, Groq, DeepSeek, Gemini, Ollama, LM Studio, vLLM).
import type OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { StreamEndedEarly } from './errors';
import { toOpenAIRequest } from './openai-request';
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

/** Loads the SDK on first use, so it stays out of the app's first chunk. */
export async function makeOpenAIClient(config: ProviderConfig): Promise<OpenAI> {
  const { default: OpenAISDK } = await import('openai');
  return new OpenAISDK({
    // The SDK refuses to start without a key; local servers need none, and clientHeaders then drops the header.
    apiKey: config.apiKey || 'no-key',
    baseURL: trimBaseUrl(config.baseUrl),
    dangerouslyAllowBrowser: true,
    maxRetries: 0, // retries are ours, so they show up as events
    organization: null,
    project: null,
    defaultHeaders: clientHeaders(config),
    // Redirects off the base URL's origin are refused, so the key never follows one.
    fetch: keyBoundFetch(config.baseUrl),
  });
}

const finishReasons: Record<string, StopReason> = {
  stop: 'end_turn',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  length: 'max_tokens',
  content_filter: 'refusal',
};

/** Chat Completions counts cached tokens inside prompt_tokens; the neutral Usage keeps them apart, as Anthropic does. */
export function usageFromOpenAI(u: ChatCompletionChunk['usage'] & Record<string, any>): Usage {
  const details = (u?.prompt_tokens_details ?? {}) as { cached_tokens?: number; cache_write_tokens?: number };
  const cacheRead = details.cached_tokens ?? u?.prompt_cache_hit_tokens ?? 0; // DeepSeek reports prompt_cache_hit_tokens
  const cacheWrite = details.cache_write_tokens ?? 0; // OpenRouter, for hosts that bill writes
  return {
    inputTokens: Math.max(0, (u?.prompt_tokens ?? 0) - cacheRead - cacheWrite),
    outputTokens: u?.completion_tokens ?? 0,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
  };
}

interface Call {
  index: number;
  id: string;
  name: string;
  args: string;
  started: boolean;
}

async function* attempt(
  getClient: () => Promise<OpenAI>,
  request: ProviderRequest,
  maxTokensField: 'max_tokens' | 'max_completion_tokens',
  signal: AbortSignal | undefined,
): AsyncGenerator<ProviderEvent, void, undefined> {
  const client = await getClient();
  const body = toOpenAIRequest({ ...request, messages: pairToolResults(request.messages) }, { maxTokensField });
  const stream = await client.chat.completions.create(body, signal ? { signal } : {});
  let usage: Usage | undefined;
  let finish: string | undefined;
  const calls: Call[] = []; // in order of appearance: their position is the neutral index
  const byWireIndex = new Map<number, Call>();
  let last: Call | undefined;

  const slotFor = (tc: NonNullable<ChatCompletionChunk.Choice.Delta['tool_calls']>[number]): Call => {
    // Some hosts omit `index` (Gemini) or reuse index 0 for every call: a new id means a new call.
    let call =
      typeof tc.index === 'number' ? byWireIndex.get(tc.index) : tc.id ? calls.find((c) => c.id === tc.id) : last;
    if (call && tc.id && call.id && call.id !== tc.id) call = undefined;
    if (!call) {
      call = { index: calls.length, id: tc.id ?? '', name: '', args: '', started: false };
      calls.push(call);
      if (typeof tc.index === 'number') byWireIndex.set(tc.index, call);
    }
    last = call;
    return call;
  };

  try {
    for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
      if (chunk.usage) usage = usageFromOpenAI(chunk.usage);
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const delta = choice.delta ?? {};
      if (delta.content) yield { type: 'text-delta', text: delta.content };
      for (const tc of delta.tool_calls ?? []) {
        const call = slotFor(tc);
        if (tc.id && !call.id) call.id = tc.id;
        if (tc.function?.name && !call.name) call.name = tc.function.name;
        const argsDelta = tc.function?.arguments ?? '';
        call.args += argsDelta;
        if (!call.started && call.name) {
          call.started = true;
          call.id ||= `call_${call.index}_${Math.random().toString(36).slice(2, 10)}`;
          yield { type: 'tool-call-start', index: call.index, id: call.id, name: call.name };
          if (call.args) yield { type: 'tool-call-delta', index: call.index, argsDelta: call.args };
        } else if (call.started && argsDelta) {
          yield { type: 'tool-call-delta', index: call.index, argsDelta };
        }
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
  } catch (err) {
    // The answer is complete once finish_reason arrived; only the usage chunk or [DONE] went missing.
    if (finish === undefined || signal?.aborted) throw err;
  }
  if (finish === undefined) {
    if (signal?.aborted) return; // streamWithRetry reports the abort
    throw new StreamEndedEarly('no finish_reason');
  }
  for (const call of calls) {
    if (!call.started) {
      call.id ||= `call_${call.index}`;
      yield { type: 'tool-call-start', index: call.index, id: call.id, name: call.name };
    }
    yield toolCallEnd(call.index, call.id, call.name, call.args);
  }
  if (usage) yield { type: 'usage', usage };
  // Some local servers say `stop` even when they called tools.
  const reason = finishReasons[finish] ?? 'other';
  yield { type: 'stop', reason: calls.length && reason === 'end_turn' ? 'tool_use' : reason };
}

/** Hosts whose usual models take images in Chat Completions. Local and other hosts vary by model: text only. */
const VISION_PRESETS = new Set(['openai', 'openrouter', 'gemini']);

export function createOpenAIProvider(config: ProviderConfig): Provider {
  const ctx = errorContextOf(config);
  const policy = retryPolicyOf(config);
  const maxTokensField = config.preset === 'openai' ? 'max_completion_tokens' : 'max_tokens';
  let client: Promise<OpenAI> | undefined;
  const getClient = (): Promise<OpenAI> => {
    client ??= makeOpenAIClient(config).catch((err) => {
      client = undefined;
      throw err;
    });
    return client;
  };
  return {
    id: config.preset,
    model: config.model,
    // Images only where the host's models see them (an image sent to a text-only model fails the request
    // and every one after it); PDFs and server-side search this API does not take.
    capabilities: { images: VISION_PRESETS.has(config.preset), documents: false, webSearch: false },
    stream(request: ProviderRequest, signal?: AbortSignal): AsyncIterable<ProviderEvent> {
      const req = { ...request, model: request.model || config.model };
      return streamWithRetry(
        (s) => attempt(getClient, req, maxTokensField, s),
        { ...ctx, model: req.model },
        policy,
        signal,
      );
    },
  };
}
