// Tool-call helpers both wire formats share: parsing streamed arguments and keeping call/result pairs whole.
import type { ContentBlock, Message, ProviderEvent, ToolResultBlock } from './types';

/** Parses streamed tool arguments; empty means `{}`. Malformed JSON keeps the raw text and says why. */
export function toolCallEnd(
  index: number,
  id: string,
  name: string,
  rawArgs: string,
): Extract<ProviderEvent, { type: 'tool-call-end' }> {
  if (rawArgs.trim() === '') return { type: 'tool-call-end', index, id, name, input: {}, rawArgs };
  try {
    return { type: 'tool-call-end', index, id, name, input: JSON.parse(rawArgs), rawArgs };
  } catch (err) {
    return { type: 'tool-call-end', index, id, name, input: {}, rawArgs, parseError: (err as Error).message };
  }
}

export const INTERRUPTED_RESULT = 'No result: the call was interrupted before it ran.';

/**
 * Both APIs reject a transcript where a tool call has no result in the next user turn, or a result has no call.
 * Adds an error result for each unanswered call and turns orphan results into text, so a stopped turn cannot
 * wedge the session.
 */
export function pairToolResults(messages: Message[]): Message[] {
  const out: Message[] = [];
  let pending: string[] = []; // call ids of the previous assistant message
  for (const message of messages) {
    if (message.role === 'assistant') {
      if (pending.length) out.push({ role: 'user', content: pending.map(interrupted) });
      out.push(message);
      pending = message.content.filter((b) => b.type === 'tool_use').map((b) => (b as { id: string }).id);
      continue;
    }
    const answered = new Set<string>();
    const content: ContentBlock[] = [];
    for (const block of message.content) {
      if (block.type !== 'tool_result') content.push(block);
      else if (pending.includes(block.toolUseId) && !answered.has(block.toolUseId)) {
        answered.add(block.toolUseId);
        content.push(block);
      } else content.push({ type: 'text', text: `[result of tool call ${block.toolUseId}]\n${block.content}` });
    }
    const missing = pending.filter((id) => !answered.has(id)).map(interrupted);
    // Results lead the turn (Anthropic requires it), in call order, then any text.
    const results = content.filter((b) => b.type === 'tool_result');
    out.push({ role: 'user', content: [...results, ...missing, ...content.filter((b) => b.type !== 'tool_result')] });
    pending = [];
  }
  if (pending.length) out.push({ role: 'user', content: pending.map(interrupted) });
  return out;
}

const interrupted = (id: string): ToolResultBlock => ({
  type: 'tool_result',
  toolUseId: id,
  content: INTERRUPTED_RESULT,
  isError: true,
});
