// An MCP server's tool as an ordinary Tidepool Tool: `mcp__<server>__<tool>`, asking permission
// like any network tool, its schema the server's own, its result text for the model plus card
// data, progress streamed, and the tool's abort signal cancelling the call on the server.
import { z } from 'zod';
import type { JsonSchema } from '../providers/types';
import type { Tool, ToolContext, ToolResult } from '../tools/types';
import type { McpConnection, McpListedTool } from './connection';
import { mcpFailure, type McpFailure } from './errors';
import { convertCallResult, convertFailure, progressLine, type McpProgress, type McpToolDetails } from './tool-result';

/** What the permission gate, the cards and `/mcp` may want to know about an MCP tool. */
export interface McpToolMeta {
  /** The server's configured name. */
  server: string;
  /** The tool's name on the server. */
  tool: string;
  title?: string;
  /** The server's hints (untrusted: a hint never grants anything by itself). */
  readOnly: boolean;
  destructive: boolean;
  idempotent: boolean;
  openWorld: boolean;
  /** True when only a compact listing was sent; ToolSearch returns `fullSchema`. */
  deferred: boolean;
  fullDescription: string;
  fullSchema: JsonSchema;
}

export interface McpTool extends Tool<Record<string, unknown>> {
  readonly mcp: McpToolMeta;
}

export type McpToolResult = ToolResult & { details: McpToolDetails };

export function isMcpTool(tool: Tool): tool is McpTool {
  return typeof (tool as Partial<McpTool>).mcp === 'object' && (tool as Partial<McpTool>).mcp !== null;
}

/** Claude Code caps MCP tool descriptions at this length: some servers send whole manuals. */
export const MAX_DESCRIPTION = 2048;

const mcpInput = z.preprocess((value) => value ?? {}, z.record(z.string(), z.unknown())) as unknown as z.ZodType<
  Record<string, unknown>
>;

/** The server's input schema as providers want it: an object schema, without `$schema`. */
export function cleanSchema(schema: unknown): JsonSchema {
  const out: JsonSchema = typeof schema === 'object' && schema !== null ? { ...(schema as JsonSchema) } : {};
  delete out.$schema;
  out.type = 'object';
  return out;
}

export interface McpToolArgs {
  /** The assigned `mcp__…` name. */
  name: string;
  server: string;
  listed: McpListedTool;
  /** The live connection, looked up at call time so a reconnect is picked up. */
  connection: () => McpConnection | undefined;
  /** Why the server cannot take calls right now (status text), when it is not connected. */
  unavailable?: () => McpFailure | undefined;
  deferred?: { description: string };
}

export function createMcpTool(args: McpToolArgs): McpTool {
  const { name, server, listed } = args;
  const hints = listed.annotations ?? {};
  const fullDescription = (listed.description ?? listed.title ?? listed.name).slice(0, MAX_DESCRIPTION);
  const fullSchema = cleanSchema(listed.inputSchema);
  const deferred = !!args.deferred;
  const meta: McpToolMeta = {
    server,
    tool: listed.name,
    ...(listed.title ? { title: listed.title } : {}),
    readOnly: hints.readOnlyHint === true,
    destructive: hints.destructiveHint !== false && hints.readOnlyHint !== true,
    idempotent: hints.idempotentHint === true,
    openWorld: hints.openWorldHint !== false,
    deferred,
    fullDescription,
    fullSchema,
  };
  return {
    name,
    // Every MCP tool asks first (the server's hints are its own claims); `mcp` carries the hints.
    kind: 'network',
    description: deferred ? args.deferred!.description : fullDescription,
    input: mcpInput,
    inputSchema: deferred ? { type: 'object' } : fullSchema,
    mcp: meta,
    permission: () => ({ ruleName: name }),
    summary: (input) => summarize(server, listed.title ?? listed.name, input),
    run: (input, ctx) => runMcpTool(args, input, ctx),
  };
}

function summarize(server: string, tool: string, input: Record<string, unknown>): string {
  const args = input && Object.keys(input).length ? ` ${JSON.stringify(input)}` : '';
  const line = `${server} › ${tool}${args}`;
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

async function runMcpTool(args: McpToolArgs, input: Record<string, unknown>, ctx: ToolContext): Promise<McpToolResult> {
  const { server, listed } = args;
  const connection = args.connection();
  if (!connection) {
    const failure =
      args.unavailable?.() ??
      mcpFailure(
        'not-connected',
        server,
        `"${server}" is not connected.`,
        'Reconnect it from /mcp or Settings › MCP servers, then try again.',
      );
    return toToolResult(convertFailure(server, listed.name, failure));
  }
  let last: McpProgress | undefined;
  const result = await connection.callTool(listed.name, input ?? {}, {
    signal: ctx.signal,
    onProgress: (progress) => {
      last = progress;
      ctx.onProgress?.(progressLine(progress));
    },
  });
  return toToolResult(
    result.ok
      ? convertCallResult(server, listed.name, result.value, last)
      : convertFailure(server, listed.name, result.error, last),
  );
}

function toToolResult(converted: { content: string; isError: boolean; details: McpToolDetails }): McpToolResult {
  return { content: converted.content, ...(converted.isError ? { isError: true } : {}), details: converted.details };
}
