// Neutral request → Anthropic Messages body, with prompt-cache breakpoints on tools, system and the last user turn.
import type {
  ContentBlockParam,
  DocumentBlockParam,
  ImageBlockParam,
  MessageCreateParamsStreaming,
  MessageParam,
  TextBlockParam,
  Tool,
  ToolUnion,
} from '@anthropic-ai/sdk/resources/messages';
import type { ContentBlock, MediaBlock, Message, ProviderRequest } from './types';

const ephemeral = { type: 'ephemeral' } as const;

function toBlock(block: ContentBlock): ContentBlockParam | undefined {
  switch (block.type) {
    case 'text':
      return block.text ? { type: 'text', text: block.text } : undefined; // the API rejects empty text blocks
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: isObject(block.input) ? block.input : {} };
    case 'tool_result':
      return {
        type: 'tool_result',
        tool_use_id: block.toolUseId,
        // Images and PDFs ride inside the result, after the text that names them.
        content: block.media?.length
          ? [{ type: 'text', text: block.content || '(no output)' }, ...block.media.map(toMediaParam)]
          : block.content || '(no output)',
        ...(block.isError ? { is_error: true } : {}),
      };
  }
}

function toMediaParam(media: MediaBlock): ImageBlockParam | DocumentBlockParam {
  if (media.mediaType === 'application/pdf')
    return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: media.data } };
  return { type: 'image', source: { type: 'base64', media_type: media.mediaType, data: media.data } };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Drops empty messages and merges neighbours of the same role, so roles alternate as the API expects. */
export function toAnthropicMessages(messages: Message[]): MessageParam[] {
  const out: { role: 'user' | 'assistant'; content: ContentBlockParam[] }[] = [];
  for (const message of messages) {
    const content = message.content.map(toBlock).filter((b): b is ContentBlockParam => b !== undefined);
    if (content.length === 0) continue;
    const last = out[out.length - 1];
    if (last && last.role === message.role) {
      // Tool results must lead a user turn; keep them ahead of any text.
      const merged = [...last.content, ...content];
      last.content = [
        ...merged.filter((b) => b.type === 'tool_result'),
        ...merged.filter((b) => b.type !== 'tool_result'),
      ];
    } else out.push({ role: message.role, content });
  }
  return out;
}

/** `temperature` is not sent: SDK 1.x's Messages params no longer have it. */
export function toAnthropicRequest(request: ProviderRequest, maxTokens: number): MessageCreateParamsStreaming {
  const messages = toAnthropicMessages(request.messages);
  // Breakpoint on the last block of the last user turn: the next request reads the whole prefix from cache.
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message.role !== 'user' || !Array.isArray(message.content)) continue;
    const blocks = message.content as ContentBlockParam[];
    const lastBlock = blocks[blocks.length - 1];
    if (lastBlock.type === 'text' || lastBlock.type === 'tool_result') {
      blocks[blocks.length - 1] = { ...lastBlock, cache_control: ephemeral };
    }
    break;
  }
  const tools: ToolUnion[] = request.tools.map((tool, i): Tool => ({
    name: tool.name,
    description: tool.description,
    input_schema: { type: 'object', ...tool.inputSchema } as Tool['input_schema'],
    ...(i === request.tools.length - 1 ? { cache_control: ephemeral } : {}),
  }));
  const search = request.webSearch;
  if (search) {
    // The API takes one domain list or the other; blocked domains are then filtered by the caller.
    tools.push({
      type: 'web_search_20250305',
      name: 'web_search',
      ...(search.maxUses ? { max_uses: search.maxUses } : {}),
      ...(search.allowedDomains?.length
        ? { allowed_domains: search.allowedDomains }
        : search.blockedDomains?.length
          ? { blocked_domains: search.blockedDomains }
          : {}),
    });
  }
  const system: TextBlockParam[] | undefined = request.system
    ? [{ type: 'text', text: request.system, cache_control: ephemeral }]
    : undefined;
  return {
    model: request.model,
    max_tokens: request.maxTokens ?? maxTokens,
    messages,
    ...(system ? { system } : {}),
    ...(tools.length ? { tools } : {}),
    stream: true,
  };
}
