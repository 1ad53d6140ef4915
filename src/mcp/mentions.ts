// `@server:uri` in the message box attaches that resource (Claude Code's syntax, e.g.
// `@github:repo://owner/name/issues/1`). Parsing is pure; resolving reads the resource.
import { err, ok, type Result } from '../lib/result';
import type { McpFailure } from './errors';
import type { McpServerView } from './list-resources-tool';
import { readMcpResource, type ResourceContent } from './read-resource';

export interface McpMention {
  server: string;
  uri: string;
  /** Where the mention sits in the text (start inclusive, end exclusive). */
  start: number;
  end: number;
}

/** A resource attached to a message: its text goes to the model inside an `<mcp-resource>` element. */
export interface McpAttachment {
  server: string;
  uri: string;
  name?: string;
  contents: ResourceContent[];
  /** What the model reads. */
  text: string;
}

/** The mentions in `text` of servers in `servers` (an `@` at a word start, `name:`, then the URI up to whitespace). */
export function findMcpMentions(text: string, servers: readonly string[]): McpMention[] {
  const out: McpMention[] = [];
  const known = new Set(servers);
  const pattern = /(^|[\s(])@([A-Za-z0-9_-]+):(\S+)/g;
  for (const m of text.matchAll(pattern)) {
    const [, lead, server, rawUri] = m;
    if (!known.has(server)) continue;
    const uri = rawUri.replace(/[),.;!?]+$/, ''); // sentence punctuation after a mention is not part of it
    const start = m.index! + lead.length;
    out.push({ server, uri, start, end: start + 1 + server.length + 1 + uri.length });
  }
  return out;
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Reads a mentioned resource and wraps it for the model. */
export async function resolveMcpMention(
  servers: readonly McpServerView[],
  mention: Pick<McpMention, 'server' | 'uri'>,
  signal?: AbortSignal,
): Promise<Result<McpAttachment, McpFailure>> {
  const read = await readMcpResource(servers, mention.server, mention.uri, signal);
  if (!read.ok) return err(read.error);
  const name = servers
    .find((s) => s.name === mention.server)
    ?.connection?.resources.find((r) => r.uri === mention.uri)?.name;
  const body = read.value.contents
    .map(
      (c) =>
        c.text ??
        `[binary ${c.mimeType ?? 'content'}, ${Math.floor(((c.blob ?? '').length * 3) / 4)} bytes, not shown]`,
    )
    .join('\n');
  const text = `<mcp-resource server="${escapeAttr(mention.server)}" uri="${escapeAttr(mention.uri)}">\n${body}\n</mcp-resource>`;
  return ok({
    server: mention.server,
    uri: mention.uri,
    ...(name ? { name } : {}),
    contents: read.value.contents,
    text,
  });
}

/** Completions for `@` in the message box: every resource of the connected servers whose `server:uri` starts with `prefix`. */
export function mentionCompletions(
  servers: readonly McpServerView[],
  prefix: string,
  max = 50,
): Array<{ label: string; name: string; server: string; uri: string }> {
  const p = prefix.replace(/^@/, '').toLowerCase();
  const out: Array<{ label: string; name: string; server: string; uri: string }> = [];
  for (const s of servers) {
    for (const r of s.connection?.resources ?? []) {
      const label = `@${s.name}:${r.uri}`;
      if (label.slice(1).toLowerCase().startsWith(p) || r.name.toLowerCase().includes(p))
        out.push({ label, name: r.name, server: s.name, uri: r.uri });
      if (out.length >= max) return out;
    }
  }
  return out;
}
