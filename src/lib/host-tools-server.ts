// The server name a host page's tools appear under: `mcp__host__<tool>`. Apart from the rest of
// embed-options so the app's MCP store can name it without loading the embed parsers.
export const HOST_TOOLS_SERVER = 'host';
