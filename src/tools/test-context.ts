import { createLiteWorkspace } from '../workspace/lite-workspace';
import type { Tool, ToolContext, ToolResult } from './types';

// Shared by the tool tests: a real lite workspace and a fresh session context.

export function makeContext(files: Record<string, string | Uint8Array> = {}): ToolContext {
  return { workspace: createLiteWorkspace({ files }), signal: new AbortController().signal, readFiles: new Map() };
}

/** Validates raw input as the agent loop does, then runs the tool. */
export async function call(tool: Tool, input: unknown, ctx: ToolContext): Promise<ToolResult> {
  const parsed = tool.input.safeParse(input);
  if (!parsed.success) return { content: `Invalid input: ${parsed.error.message}`, isError: true };
  return tool.run(parsed.data, ctx);
}
