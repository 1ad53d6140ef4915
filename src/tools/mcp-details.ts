// What an MCP tool's card shows. The types live here, beside the other tools' details, because
// the one ToolDetails union (details.ts) is below src/mcp; src/mcp fills them in (tool-result.ts).

/** One piece of a result, as the card shows it. */
export type McpCardBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; mimeType: string; data: string }
  | { type: 'audio'; mimeType: string; data: string }
  | { type: 'resource-link'; uri: string; name: string; mimeType?: string; description?: string }
  | { type: 'resource'; uri: string; mimeType?: string; text?: string; blob?: string };

export interface McpProgress {
  progress: number;
  total?: number;
  message?: string;
}

/** Why a call failed, as the card names it (src/mcp/errors.ts's McpFailure has this shape). */
export interface McpFailureView {
  kind: string;
  server: string;
  message: string;
  hint: string;
  detail?: string;
}

/** What an MCP tool's card needs, attached to the tool result as `details`. */
export interface McpToolDetails {
  kind: 'mcp-tool';
  server: string;
  /** The tool's own name on the server. */
  tool: string;
  blocks: McpCardBlock[];
  structuredContent?: Record<string, unknown>;
  isError: boolean;
  /** The last progress notification, when there were any. */
  progress?: McpProgress;
  failure?: McpFailureView;
}
