import type { CommandContext, CommandOutcome } from '../agent/commands/types';
import type { McpServerState } from '../mcp/index';
import type { McpApp } from './mcp';

// What `/mcp` answers: the servers with their status and tools; `/mcp reconnect <name>` reconnects
// one (sign-in needs a click, so it points to Settings).

function line(server: McpServerState): string {
  const where = server.source === 'project' ? ' (from .mcp.json)' : '';
  const head = `- **${server.name}**${where}: ${server.status === 'connected' ? `connected, ${server.toolCount ?? 0} tools` : server.status.replace(/-/g, ' ')}`;
  const failure = server.failure ? `\n  ${server.failure.message} ${server.failure.hint}` : '';
  const tools = server.tools.length ? `\n  ${server.tools.map((t) => `\`${t}\``).join(', ')}` : '';
  return `${head}${failure}${tools}`;
}

/** `/mcp`'s answer, loaded on first use (mcp-commands.ts keeps the name for the menu). */
export async function runMcpCommand(mcp: McpApp, ctx: CommandContext): Promise<CommandOutcome[]> {
  const [verb, name] = ctx.args.split(/\s+/);
  const servers = mcp.store.get().servers;
  if (verb === 'reconnect') {
    if (!servers.some((s) => s.name === name))
      return [
        {
          type: 'notice',
          tone: 'error',
          markdown: `No MCP server named \`${name ?? ''}\`. Type \`/mcp\` for the list.`,
        },
      ];
    await mcp.reconnect(name);
    const after = mcp.store.get().servers.find((s) => s.name === name);
    return [{ type: 'notice', markdown: after ? line(after) : `\`${name}\` was removed.` }];
  }
  if (verb)
    return [
      {
        type: 'notice',
        tone: 'error',
        markdown: `\`/mcp ${ctx.args}\`: try \`/mcp\` or \`/mcp reconnect <name>\`.`,
      },
    ];
  const waiting = mcp.store.get().project.status;
  const trust =
    waiting === 'unknown' || waiting === 'changed'
      ? "\n\nThis project's .mcp.json servers connect once you trust the project (Settings › MCP servers)."
      : '';
  if (!servers.length)
    return [{ type: 'notice', markdown: `No MCP servers yet. Add one in Settings › MCP servers.${trust}` }];
  const signIn = servers.some((s) => s.status === 'needs-sign-in')
    ? '\n\nSign in from Settings › MCP servers (it opens the server’s sign-in window).'
    : '';
  return [{ type: 'notice', markdown: `MCP servers:\n\n${servers.map(line).join('\n')}${trust}${signIn}` }];
}
