// Neutral request → OpenAI Chat Completions body. Tool results become role 'tool' messages after the assistant's calls.
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionContentPart,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { Message, ProviderRequest } from './types';

export function toOpenAIMessages(system: string, messages: Message[]): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = system ? [{ role: 'system', content: system }] : [];
  for (const message of messages) {
    const text = message.content
      .filter((b) => b.type === 'text')
      .map((b) => (b as { text: string }).text)
      .filter(Boolean)
      .join('\n\n');
    if (message.role === 'assistant') {
      const calls = message.content.flatMap((b) =>
        b.type === 'tool_use'
          ? [
              {
                id: b.id,
                type: 'function' as const,
                function: {
                  name: b.name,
                  arguments: typeof b.input === 'string' ? b.input : JSON.stringify(b.input ?? {}),
                },
              },
            ]
          : [],
      );
      if (!text && !calls.length) continue;
      const assistant: ChatCompletionAssistantMessageParam = { role: 'assistant', content: text || null };
      if (calls.length) assistant.tool_calls = calls;
      out.push(assistant);
      continue;
    }
    // Tool messages must directly follow the assistant message that made the calls, so they go first.
    const images: ChatCompletionContentPart[] = [];
    for (const block of message.content) {
      if (block.type !== 'tool_result') continue;
      let content = block.content || '(no output)';
      for (const media of block.media ?? []) {
        // Tool messages carry text only: images follow in a user message; PDFs this API does not take.
        if (media.type === 'image') {
          images.push({ type: 'image_url', image_url: { url: `data:${media.mediaType};base64,${media.data}` } });
          content += `\n[image ${images.length} follows in the next message]`;
        } else
          content += `\n[The PDF${media.name ? ` ${media.name}` : ''} cannot be shown to this model; Read it with pages to get its text.]`;
      }
      out.push({ role: 'tool', tool_call_id: block.toolUseId, content: block.isError ? `Error: ${content}` : content });
    }
    if (images.length) {
      const intro: ChatCompletionContentPart = { type: 'text', text: 'Images returned by the tool calls above:' };
      out.push({ role: 'user', content: [intro, ...images, ...(text ? [{ type: 'text' as const, text }] : [])] });
    } else if (text) out.push({ role: 'user', content: text });
  }
  return out;
}

export interface OpenAIRequestOptions {
  /** api.openai.com wants max_completion_tokens (o-series reject max_tokens); most compatible servers want max_tokens. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
}

export function toOpenAIRequest(
  request: ProviderRequest,
  options: OpenAIRequestOptions,
): ChatCompletionCreateParamsStreaming {
  const tools: ChatCompletionFunctionTool[] = request.tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: { type: 'object', ...tool.inputSchema } },
  }));
  return {
    model: request.model,
    messages: toOpenAIMessages(request.system, request.messages),
    ...(tools.length ? { tools } : {}), // some servers reject an empty tools array
    ...(request.maxTokens !== undefined ? { [options.maxTokensField]: request.maxTokens } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    stream: true,
    stream_options: { include_usage: true },
  };
}
