// Provider-neutral messages and stream events. Adapters translate to and from each wire format.

export interface TextBlock {
  type: 'text';
  text: string;
}

export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
}

export interface ToolResultBlock {
  type: 'tool_result';
  toolUseId: string;
  content: string;
  isError?: boolean;
  /** Images and PDFs the tool returned (Read); `content` describes them for models that cannot take them. */
  media?: MediaBlock[];
}

/** An image or a PDF, base64 (no `data:` prefix). */
export interface MediaBlock {
  type: 'image' | 'document';
  mediaType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'application/pdf';
  data: string;
  /** The file it came from, for text fallbacks. */
  name?: string;
}

/** What a provider takes besides text, and whether it can search the web server-side. */
export interface ProviderCapabilities {
  images: boolean;
  /** PDFs as document blocks. */
  documents: boolean;
  /** A server-side web search tool (Anthropic's `web_search_20250305`). */
  webSearch: boolean;
}

export type MediaKinds = Pick<ProviderCapabilities, 'images' | 'documents'>;

export type ContentBlock = TextBlock | ToolUseBlock | ToolResultBlock;

export interface Message {
  role: 'user' | 'assistant';
  content: ContentBlock[];
}

/** A JSON Schema object describing a tool's input. */
export type JsonSchema = Record<string, unknown>;

export interface ToolSpec {
  name: string;
  description: string;
  inputSchema: JsonSchema;
}

export interface ProviderRequest {
  model: string;
  system: string;
  messages: Message[];
  tools: ToolSpec[];
  maxTokens?: number;
  temperature?: number;
  /** Let the model search the web server-side (only where capabilities.webSearch). */
  webSearch?: { allowedDomains?: string[]; blockedDomains?: string[]; maxUses?: number };
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'refusal' | 'other';

export type ProviderErrorKind =
  | 'auth' // 401: key missing or wrong
  | 'permission' // 403: key lacks access
  | 'model-not-found' // 404
  | 'rate-limit' // 429
  | 'overloaded' // 529 / overloaded_error
  | 'server' // 5xx
  | 'network' // unreachable host, CORS, DNS
  | 'context-too-long'
  | 'bad-request' // other 400s
  | 'stream-dropped' // the stream ended before the answer was complete
  | 'aborted';

export interface ProviderError {
  kind: ProviderErrorKind;
  /** One line a person can read: what happened. */
  message: string;
  /** What to check or do next. */
  hint: string;
  status?: number;
  retryable: boolean;
}

export type ProviderEvent =
  | { type: 'text-delta'; text: string }
  /** A tool call begins; `index` orders calls within the response. */
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; argsDelta: string }
  /** Arguments complete. `input` is the parsed JSON, or `parseError` when the model sent malformed JSON. */
  | {
      type: 'tool-call-end';
      index: number;
      id: string;
      name: string;
      input: unknown;
      rawArgs: string;
      parseError?: string;
    }
  | { type: 'usage'; usage: Usage }
  /** A server-side web search ran (request.webSearch): its query and hits, or the error it reported. */
  | { type: 'web-search'; query?: string; hits: { title: string; url: string; pageAge?: string }[]; error?: string }
  /** A retryable failure happened before anything was streamed; the adapter waits and tries again. */
  | { type: 'retry'; attempt: number; delayMs: number; error: ProviderError }
  | { type: 'stop'; reason: StopReason }
  /** Terminal: nothing follows. Anything streamed before it stays valid. */
  | { type: 'error'; error: ProviderError };

export interface Provider {
  /** Preset id or 'custom', for display and cost lookups. */
  readonly id: string;
  readonly model: string;
  /** Absent: text only. */
  readonly capabilities?: ProviderCapabilities;
  /** Never throws for expected failures: they arrive as a final `error` event. */
  stream(request: ProviderRequest, signal?: AbortSignal): AsyncIterable<ProviderEvent>;
}

export type WireFormat = 'anthropic' | 'openai';

export interface ProviderConfig {
  /** Preset id (anthropic, openai, openrouter, groq, deepseek, gemini, ollama, lmstudio, vllm, custom). */
  preset: string;
  format: WireFormat;
  baseUrl: string;
  apiKey: string;
  model: string;
  /** Extra headers some hosts want (e.g. OpenRouter's HTTP-Referer). Never carries the key. */
  headers?: Record<string, string>;
  maxRetries?: number;
  /** Injected for tests: the base delay of exponential backoff. */
  retryBaseDelayMs?: number;
}

export const emptyUsage = (): Usage => ({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });
