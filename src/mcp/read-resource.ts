// Reading one resource from a named server, for ReadMcpResourceTool and for `@server:uri`
// mentions: text comes back whole, binary content is described (size and type) for the model.
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { err, ok, type Result } from '../lib/result';
import { mcpFailure, type McpFailure } from './errors';
import type { McpServerView } from './list-resources-tool';

export interface ResourceContent {
  uri: string;
  mimeType?: string;
  text?: string;
  /** Base64, for binary content. */
  blob?: string;
}

export interface ReadResource {
  server: string;
  uri: string;
  contents: ResourceContent[];
  /** The contents as the model reads them (ReadMcpResourceOutput's shape, binary described). */
  forModel: string;
}

export async function readMcpResource(
  servers: readonly McpServerView[],
  server: string,
  uri: string,
  signal?: AbortSignal,
): Promise<Result<ReadResource, McpFailure>> {
  const view = servers.find((s) => s.name === server);
  if (!view) {
    return err(
      mcpFailure(
        'not-connected',
        server,
        `No MCP server named "${server}".`,
        `Configured servers: ${servers.map((s) => s.name).join(', ') || 'none'}.`,
      ),
    );
  }
  if (!view.connection) {
    return err(
      mcpFailure(
        'not-connected',
        server,
        `"${server}" is not connected (${view.status}).`,
        'Reconnect it from /mcp or Settings › MCP servers.',
      ),
    );
  }
  const result = await view.connection.readResource(uri, signal);
  if (!result.ok) return result;
  const contents = toContents(result.value);
  return ok({ server, uri, contents, forModel: JSON.stringify({ contents: contents.map(forModel) }, null, 2) });
}

function toContents(result: ReadResourceResult): ResourceContent[] {
  return result.contents.map((c) => ({
    uri: c.uri,
    ...(c.mimeType ? { mimeType: c.mimeType } : {}),
    ...('text' in c && typeof c.text === 'string' ? { text: c.text } : {}),
    ...('blob' in c && typeof c.blob === 'string' ? { blob: c.blob } : {}),
  }));
}

function forModel(c: ResourceContent): Record<string, unknown> {
  if (c.text !== undefined) return { uri: c.uri, ...(c.mimeType ? { mimeType: c.mimeType } : {}), text: c.text };
  const bytes = Math.floor(((c.blob ?? '').length * 3) / 4);
  return { uri: c.uri, ...(c.mimeType ? { mimeType: c.mimeType } : {}), binary: `${bytes} bytes, not shown` };
}
