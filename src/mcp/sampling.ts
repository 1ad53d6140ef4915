// A server asking the client's model for a completion (`sampling/createMessage`). The connection
// passes the request to a callback the UI supplies (the user sees it and approves); these helpers
// let that callback answer with the session's provider, and shape the answer MCP expects.
import { err, ok, type Result } from '../lib/result';
import type { Message, Provider, ProviderRequest, StopReason, TextBlock } from '../providers/types';

/** The parts of MCP's CreateMessageRequest params we read. */
export interface SamplingParams {
  messages: Array<{ role: 'user' | 'assistant'; content: SamplingContent | SamplingContent[] }>;
  systemPrompt?: string;
  maxTokens: number;
  temperature?: number;
  stopSequences?: string[];
  modelPreferences?: { hints?: Array<{ name?: string }> };
  includeContext?: string;
  [key: string]: unknown;
}

type SamplingContent = { type: string; text?: string; mimeType?: string; [key: string]: unknown };

export interface McpSamplingRequest {
  server: string;
  params: SamplingParams;
  /** The request in a few lines, for the approval prompt: what the server wants the model to answer. */
  preview: string;
}

/** MCP's CreateMessageResult (text only: this client does not offer tools to sampling). */
export interface SamplingResult {
  role: 'assistant';
  content: { type: 'text'; text: string };
  model: string;
  stopReason?: string;
  [key: string]: unknown;
}

/** What the UI's callback returns: the answer, or why there is none ("declined by the user"). */
export type SamplingAnswer = Result<SamplingResult, string>;

function contentText(content: SamplingContent | SamplingContent[]): string {
  const parts = Array.isArray(content) ? content : [content];
  return parts
    .map((part) => {
      if (part.type === 'text') return part.text ?? '';
      if (part.type === 'image' || part.type === 'audio')
        return `[${part.type} omitted: ${part.mimeType ?? 'unknown type'}]`;
      return `[${part.type} content omitted]`;
    })
    .join('\n');
}

/** A few lines for the approval prompt: the system prompt and the last message, cut to length. */
export function samplingPreview(params: SamplingParams, max = 600): string {
  const last = params.messages[params.messages.length - 1];
  const lines = [
    ...(params.systemPrompt ? [`System: ${params.systemPrompt}`] : []),
    ...(last ? [`${last.role === 'user' ? 'User' : 'Assistant'}: ${contentText(last.content)}`] : []),
    `(${params.messages.length} message${params.messages.length === 1 ? '' : 's'}, up to ${params.maxTokens} tokens)`,
  ];
  const text = lines.join('\n');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The provider request for a sampling request: its messages as text, no tools, its token limit. */
export function samplingToProviderRequest(params: SamplingParams, model: string): ProviderRequest {
  const messages: Message[] = [];
  for (const message of params.messages) {
    const block: TextBlock = { type: 'text', text: contentText(message.content) || '(empty)' };
    const previous = messages[messages.length - 1];
    // Both APIs want user and assistant turns to alternate; consecutive ones are merged.
    if (previous?.role === message.role) previous.content.push(block);
    else messages.push({ role: message.role, content: [block] });
  }
  if (messages[0]?.role === 'assistant')
    messages.unshift({ role: 'user', content: [{ type: 'text', text: '(continue)' }] });
  return {
    model,
    system: params.systemPrompt ?? '',
    messages,
    tools: [],
    maxTokens: params.maxTokens,
    ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
  };
}

const STOP_REASONS: Partial<Record<StopReason, string>> = {
  end_turn: 'endTurn',
  max_tokens: 'maxTokens',
  stop_sequence: 'stopSequence',
};

/** Runs a sampling request on `provider` and returns MCP's answer; a provider failure is a readable reason. */
export async function sampleWithProvider(
  provider: Provider,
  params: SamplingParams,
  signal?: AbortSignal,
): Promise<SamplingAnswer> {
  let text = '';
  let stopReason: string | undefined;
  try {
    for await (const event of provider.stream(samplingToProviderRequest(params, provider.model), signal)) {
      if (event.type === 'text-delta') text += event.text;
      else if (event.type === 'stop') stopReason = STOP_REASONS[event.reason] ?? event.reason;
      else if (event.type === 'error') return err(`${event.error.message} ${event.error.hint}`.trim());
    }
  } catch (error) {
    return err(error instanceof Error ? error.message : String(error));
  }
  if (signal?.aborted) return err('The sampling request was cancelled.');
  return ok({
    role: 'assistant',
    content: { type: 'text', text },
    model: provider.model,
    ...(stopReason ? { stopReason } : {}),
  });
}
