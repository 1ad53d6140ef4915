import type { SlashCommand } from '../agent/commands';
import type { McpApp } from './mcp';

// MCP in the message box: `/mcp` (its answer loads on first use, from mcp-command-answer.ts) and
// each connected server's prompts as `/mcp__<server>__<prompt> args`.

export function mcpCommand(mcp: McpApp): SlashCommand {
  return {
    name: 'mcp',
    summary: 'MCP servers: status and tools; /mcp reconnect <name>',
    argHint: '[reconnect <name>]',
    run: async (ctx) => (await import('./mcp-command-answer')).runMcpCommand(mcp, ctx),
  };
}

/** `/mcp` and the connected servers' prompts, for the message box. */
export function mcpCommands(mcp: McpApp): readonly SlashCommand[] {
  return [mcpCommand(mcp), ...mcp.promptCommands()];
}
