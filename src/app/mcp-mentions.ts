import type { TurnContext } from '../agent/extension-events';
import type { McpFailure, McpManager } from '../mcp/index';

// `@server:uri` in the message box: each mentioned resource is read when the message is sent and
// goes to the model after the user's text (folded in the chat as "MCP resource …"). A mention
// that cannot be read is reported and the message goes anyway, the mention left as typed (the
// model can still try ReadMcpResourceTool).

/** How long reading the mentioned resources may hold up a message. */
export const MENTION_READ_TIMEOUT_MS = 30_000;

export interface AttachedMentions {
  context: TurnContext[];
  failures: Array<{ mention: string; failure: McpFailure }>;
}

export async function attachMcpMentions(
  manager: McpManager | null,
  text: string,
  signal: AbortSignal = AbortSignal.timeout(MENTION_READ_TIMEOUT_MS),
): Promise<AttachedMentions> {
  const out: AttachedMentions = { context: [], failures: [] };
  if (!manager) return out;
  const seen = new Set<string>();
  const mentions = manager.findMentions(text).filter((m) => {
    const key = `${m.server}:${m.uri}`;
    if (seen.has(key)) return false; // the same resource twice is attached once
    seen.add(key);
    return true;
  });
  const read = await Promise.all(mentions.map((m) => manager.resolveMention(m, signal)));
  read.forEach((result, i) => {
    const mention = `@${mentions[i].server}:${mentions[i].uri}`;
    if (result.ok) out.context.push({ source: 'mcp-resource', label: mention, text: result.value.text });
    else out.failures.push({ mention, failure: result.error });
  });
  return out;
}
