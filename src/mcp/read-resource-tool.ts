// ReadMcpResourceTool (Claude Code's name and input): one resource from one server.
import { z } from 'zod';
import { defineTool } from '../tools/define-tool';
import type { Tool } from '../tools/types';
import { formatFailure } from './errors';
import type { McpServerView } from './list-resources-tool';
import { readMcpResource } from './read-resource';

export function createReadResourceTool(servers: () => readonly McpServerView[]): Tool {
  return defineTool({
    name: 'ReadMcpResourceTool',
    kind: 'read',
    description:
      'Reads a resource from an MCP server by its URI (find URIs with ListMcpResourcesTool, or in resource links a tool returned).',
    input: z.object({
      server: z.string().describe('The MCP server name'),
      uri: z.string().describe('The resource URI to read'),
    }),
    permission: (input) => ({ ruleName: 'ReadMcpResourceTool', value: `${input.server}:${input.uri}` }),
    summary: (input) => `Read ${input.server}:${input.uri}`,
    async run(input, ctx) {
      const read = await readMcpResource(servers(), input.server, input.uri, ctx.signal);
      if (!read.ok) return { content: formatFailure(read.error), isError: true };
      return { content: read.value.forModel };
    },
  });
}
