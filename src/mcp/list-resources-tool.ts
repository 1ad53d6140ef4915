// ListMcpResourcesTool (Claude Code's name and input): the resources connected servers offer.
import { z } from 'zod';
import { defineTool } from '../tools/define-tool';
import type { Tool } from '../tools/types';
import type { McpConnection } from './connection';

/** A configured server as the resource tools see it: connected, or why not. */
export interface McpServerView {
  name: string;
  connection?: McpConnection;
  /** Status text when not connected ("needs sign-in", "failed: …"). */
  status: string;
}

export interface ListedResource {
  uri: string;
  name: string;
  mimeType?: string;
  description?: string;
  server: string;
}

export function createListResourcesTool(servers: () => readonly McpServerView[]): Tool {
  return defineTool({
    name: 'ListMcpResourcesTool',
    kind: 'read',
    description:
      'Lists the resources (files, records, documents) that connected MCP servers offer, with their URIs. ' +
      'Read one with ReadMcpResourceTool. Give "server" to list only that server\'s resources.',
    input: z.object({ server: z.string().optional().describe('Optional server name to filter resources by') }),
    permission: (input) => ({ ruleName: 'ListMcpResourcesTool', value: input.server }),
    summary: (input) => `List MCP resources${input.server ? ` of ${input.server}` : ''}`,
    async run(input) {
      const all = servers();
      const picked = input.server ? all.filter((s) => s.name === input.server) : all;
      if (input.server && !picked.length) {
        return {
          content: `No MCP server named "${input.server}". Servers: ${all.map((s) => s.name).join(', ') || 'none'}.`,
          isError: true,
        };
      }
      const resources: ListedResource[] = [];
      const templates: string[] = [];
      const notes: string[] = [];
      for (const server of picked) {
        if (!server.connection) {
          notes.push(`${server.name}: ${server.status}`);
          continue;
        }
        for (const r of server.connection.resources) {
          resources.push({
            uri: r.uri,
            name: r.name,
            ...(r.mimeType ? { mimeType: r.mimeType } : {}),
            ...(r.description ? { description: r.description } : {}),
            server: server.name,
          });
        }
        for (const t of server.connection.resourceTemplates)
          templates.push(`${server.name}: ${t.uriTemplate} — ${t.description ?? t.name}`);
      }
      const parts = [JSON.stringify(resources, null, 2)];
      if (templates.length)
        parts.push(`Resource templates (fill in the {placeholders}, then read the URI):\n${templates.join('\n')}`);
      if (notes.length) parts.push(`Not connected:\n${notes.join('\n')}`);
      if (!resources.length && !templates.length) parts.unshift('No resources found.');
      return { content: parts.join('\n\n') };
    },
  });
}
