// ToolSearch (Claude Code's name and input): hands the model the full schemas of MCP tools that
// were listed without them, by exact name (`select:a,b`) or by keywords (`+slack send`).
import { z } from 'zod';
import { defineTool } from '../tools/define-tool';
import type { Tool } from '../tools/types';
import type { McpTool } from './mcp-tool';

export const TOOL_SEARCH_NAME = 'ToolSearch';

function score(tool: McpTool, terms: string[]): number {
  const name = tool.name.toLowerCase();
  const text = `${tool.mcp.title ?? ''} ${tool.mcp.fullDescription}`.toLowerCase();
  let total = 0;
  for (const term of terms) {
    if (name.includes(term)) total += 3;
    if (text.includes(term)) total += 1;
  }
  return total;
}

/** The tools a query names: `select:` picks exact names; otherwise `+term` must match and other terms rank. */
export function searchTools(tools: readonly McpTool[], query: string, max: number): McpTool[] {
  const q = query.trim();
  if (/^select:/i.test(q)) {
    const wanted = q
      .slice(7)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return wanted
      .map((w) => tools.find((t) => t.name === w) ?? tools.find((t) => t.name.toLowerCase() === w.toLowerCase()))
      .filter((t): t is McpTool => !!t);
  }
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const required = words.filter((w) => w.startsWith('+') && w.length > 1).map((w) => w.slice(1));
  const terms = words.map((w) => w.replace(/^\+/, '')).filter(Boolean);
  return tools
    .filter((t) => required.every((r) => score(t, [r]) > 0))
    .map((t) => ({ t, s: score(t, terms) }))
    .filter(({ s }) => s > 0)
    .sort((a, b) => b.s - a.s)
    .slice(0, max)
    .map(({ t }) => t);
}

export function createToolSearchTool(
  tools: () => readonly McpTool[],
  onLoaded?: (names: string[]) => void,
  /** How many tools are not in the tool list at all. */
  more = 0,
): Tool {
  return defineTool({
    name: TOOL_SEARCH_NAME,
    kind: 'meta',
    description:
      'Fetches the full parameter schemas of MCP tools listed without them (their description is empty or ends in "[schema: ToolSearch]"). ' +
      'Call this before such a tool. Query "select:name1,name2" for exact tools, or keywords to search names and descriptions ("+word" must match).' +
      (more
        ? ` ${more} more MCP tools are not listed at all: search finds them, and they can be called once found.`
        : ''),
    input: z.object({
      query: z.string().describe('"select:<tool names, comma-separated>" or keywords'),
      max_results: z.number().int().min(1).max(50).optional().describe('Most tools to return (default 5)'),
    }),
    summary: (input) => `ToolSearch: ${input.query}`,
    async run(input) {
      const found = searchTools(tools(), input.query, input.max_results ?? 5);
      if (!found.length) {
        return {
          content: `No MCP tool matches "${input.query}". Tools listed without schemas: ${
            tools()
              .filter((t) => t.mcp.deferred)
              .map((t) => t.name)
              .join(', ') || 'none'
          }.`,
        };
      }
      onLoaded?.(found.map((t) => t.name));
      const lines = found.map(
        (t) =>
          `<function>${JSON.stringify({ name: t.name, description: t.mcp.fullDescription, parameters: t.mcp.fullSchema })}</function>`,
      );
      return { content: `<functions>\n${lines.join('\n')}\n</functions>` };
    },
  });
}
