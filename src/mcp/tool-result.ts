// An MCP tool result, twice: as text for the model (the provider messages carry text only, so an
// image is described and kept for the card), and as plain data for the tool's card.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { McpFailure } from './errors';
import { formatFailure } from './errors';
import type { McpCardBlock, McpProgress, McpToolDetails } from '../tools/mcp-details';

export type { McpCardBlock, McpProgress, McpToolDetails } from '../tools/mcp-details';

const base64Bytes = (data: string): number =>
  Math.floor((data.length * 3) / 4) - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);

function size(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Converts a result's content blocks for the card; unknown block types are kept as their JSON. */
export function cardBlocks(content: CallToolResult['content']): McpCardBlock[] {
  const out: McpCardBlock[] = [];
  for (const block of content ?? []) {
    switch (block.type) {
      case 'text':
        out.push({ type: 'text', text: block.text });
        break;
      case 'image':
      case 'audio':
        out.push({ type: block.type, mimeType: block.mimeType, data: block.data });
        break;
      case 'resource_link':
        out.push({
          type: 'resource-link',
          uri: block.uri,
          name: block.name,
          ...(block.mimeType ? { mimeType: block.mimeType } : {}),
          ...(block.description ? { description: block.description } : {}),
        });
        break;
      case 'resource': {
        const r = block.resource;
        out.push({
          type: 'resource',
          uri: r.uri,
          ...(r.mimeType ? { mimeType: r.mimeType } : {}),
          ...('text' in r && typeof r.text === 'string' ? { text: r.text } : {}),
          ...('blob' in r && typeof r.blob === 'string' ? { blob: r.blob } : {}),
        });
        break;
      }
      default:
        out.push({ type: 'text', text: JSON.stringify(block) });
    }
  }
  return out;
}

/** The model's reading of the blocks: text as is, everything else described in a line it can act on. */
export function modelText(
  server: string,
  blocks: readonly McpCardBlock[],
  structured?: Record<string, unknown>,
): string {
  const parts = blocks.map((block) => {
    switch (block.type) {
      case 'text':
        return block.text;
      case 'image':
      case 'audio':
        return `[${block.type}: ${block.mimeType}, ${size(base64Bytes(block.data))} — shown to the user in the tool's card]`;
      case 'resource-link':
        return `[resource link: ${block.name} <${block.uri}>${block.mimeType ? ` (${block.mimeType})` : ''}${block.description ? ` — ${block.description}` : ''}; read it with ReadMcpResourceTool {"server": "${server}", "uri": "${block.uri}"}]`;
      case 'resource':
        return block.text !== undefined
          ? `<resource uri="${block.uri}"${block.mimeType ? ` mimeType="${block.mimeType}"` : ''}>\n${block.text}\n</resource>`
          : `[resource ${block.uri}: ${block.mimeType ?? 'binary'}, ${size(base64Bytes(block.blob ?? ''))} — not shown]`;
    }
  });
  // The spec asks servers to repeat structured content as text; say it only when they did not.
  if (structured && !blocks.some((b) => b.type === 'text')) parts.push(JSON.stringify(structured, null, 2));
  return parts.join('\n').trim() || '(the tool returned no content)';
}

export interface ConvertedResult {
  content: string;
  isError: boolean;
  details: McpToolDetails;
}

/** A successful call's result for the model and the card. */
export function convertCallResult(
  server: string,
  tool: string,
  result: CallToolResult,
  progress?: McpProgress,
): ConvertedResult {
  const blocks = cardBlocks(result.content);
  const structured = result.structuredContent as Record<string, unknown> | undefined;
  const isError = result.isError === true;
  return {
    content: modelText(server, blocks, structured),
    isError,
    details: {
      kind: 'mcp-tool',
      server,
      tool,
      blocks,
      ...(structured ? { structuredContent: structured } : {}),
      isError,
      ...(progress ? { progress } : {}),
    },
  };
}

/** A failed call (cancelled, server gone, timed out) for the model and the card. */
export function convertFailure(
  server: string,
  tool: string,
  failure: McpFailure,
  progress?: McpProgress,
): ConvertedResult {
  return {
    content: formatFailure(failure),
    isError: true,
    details: { kind: 'mcp-tool', server, tool, blocks: [], isError: true, failure, ...(progress ? { progress } : {}) },
  };
}

/** A progress notification as one line of streamed tool output. */
export function progressLine(p: McpProgress): string {
  const amount = p.total
    ? `${p.progress}/${p.total} (${Math.round((p.progress / p.total) * 100)}%)`
    : String(p.progress);
  return `Progress: ${amount}${p.message ? ` — ${p.message}` : ''}\n`;
}
