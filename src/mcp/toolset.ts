// Every connected server's tools as one list, named without collisions, and kept within a byte
// budget per request. Full specs are sent while they fit; past the budget, tools are listed
// compactly (name, a short description, `{"type":"object"}`) and the model fetches a tool's
// schema with ToolSearch before calling it (see docs/mcp.md, "Many tools").
import type { ToolSpec } from '../providers/types';
import type { Tool } from '../tools/types';
import type { McpConnection, McpListedTool } from './connection';
import type { McpFailure } from './errors';
import { createMcpTool, MAX_DESCRIPTION, type McpTool } from './mcp-tool';
import { assignToolNames } from './names';
import { createToolSearchTool } from './tool-search';

/** The request overhead MCP tools may add, in bytes of tool specs (the 30 KB). */
export const TOOL_BUDGET_BYTES = 30 * 1024;

export interface ServerToolSource {
  server: string;
  /** The server's part of tool names (unique across servers, see assignServerParts). */
  serverPart: string;
  listed: readonly McpListedTool[];
  alwaysLoad?: boolean;
  connection: () => McpConnection | undefined;
  unavailable?: () => McpFailure | undefined;
}

export interface McpToolset {
  /** The MCP tools, then ToolSearch when some schemas were left out. */
  tools: Tool[];
  mcpTools: McpTool[];
  /** Bytes of the specs these tools add to each request. */
  specBytes: number;
  /** How many tools are listed without their schema. */
  deferred: number;
}

export interface ToolsetOptions {
  budgetBytes?: number;
  /** Tools whose schema the model already fetched: sent in full from now on. */
  loaded?: ReadonlySet<string>;
  /** Called when ToolSearch hands the model some schemas. */
  onLoaded?: (names: string[]) => void;
  /** Names already in use (built-in tools), so no MCP tool takes one. */
  reserved?: Iterable<string>;
}

export function specBytes(spec: ToolSpec): number {
  return JSON.stringify(spec).length;
}

function toolSpec(tool: Tool): ToolSpec {
  return { name: tool.name, description: tool.description, inputSchema: tool.inputSchema };
}

const DEFERRED_MARK = ' [schema: ToolSearch]';

/** The first sentence of a description, cut to `max` characters (0: none at all). */
export function compactDescription(description: string, max: number): string {
  if (max <= 0) return DEFERRED_MARK.trim();
  const sentence = /^[\s\S]*?[.!?](\s|$)/.exec(description)?.[0]?.trim() ?? description;
  const flat = sentence.replace(/\s+/g, ' ').trim();
  return (flat.length > max ? `${flat.slice(0, max - 1)}…` : flat) + DEFERRED_MARK;
}

interface Draft {
  name: string;
  source: ServerToolSource;
  listed: McpListedTool;
  pinned: boolean;
}

export function buildToolset(sources: readonly ServerToolSource[], options: ToolsetOptions = {}): McpToolset {
  const budget = options.budgetBytes ?? TOOL_BUDGET_BYTES;
  const loaded = options.loaded ?? new Set<string>();
  const taken = new Set<string>(options.reserved ?? []);
  const drafts: Draft[] = [];
  for (const source of sources) {
    const names = assignToolNames(
      source.serverPart,
      source.listed.map((t) => t.name),
      taken,
    );
    for (const listed of source.listed) {
      const name = names.get(listed.name)!;
      drafts.push({ name, source, listed, pinned: !!source.alwaysLoad || loaded.has(name) });
    }
  }
  const full = (d: Draft): McpTool =>
    createMcpTool({
      name: d.name,
      server: d.source.server,
      listed: d.listed,
      connection: d.source.connection,
      unavailable: d.source.unavailable,
    });
  const compact = (d: Draft, max: number): McpTool =>
    createMcpTool({
      name: d.name,
      server: d.source.server,
      listed: d.listed,
      connection: d.source.connection,
      unavailable: d.source.unavailable,
      deferred: { description: compactDescription(d.listed.description ?? d.listed.title ?? d.listed.name, max) },
    });

  const fullTools = drafts.map(full);
  const fullBytes = fullTools.reduce((sum, t) => sum + specBytes(toolSpec(t)), 0);
  if (fullBytes <= budget) return { tools: fullTools, mcpTools: fullTools, specBytes: fullBytes, deferred: 0 };

  // Over budget: everything compact (shorter descriptions while even that is too much), then give
  // full specs back — pinned tools first, then in listing order — while they fit.
  let chosen: McpTool[] = [];
  let bytes = 0;
  const searchTool = createToolSearchTool(() => chosen, options.onLoaded);
  const searchBytes = specBytes(toolSpec(searchTool));
  for (const max of [100, 48, 0]) {
    chosen = drafts.map((d) => compact(d, max));
    bytes = searchBytes + chosen.reduce((sum, t) => sum + specBytes(toolSpec(t)), 0);
    if (bytes <= budget) break;
  }
  const order = drafts.map((d, i) => i).sort((a, b) => Number(drafts[b].pinned) - Number(drafts[a].pinned) || a - b);
  for (const i of order) {
    const upgrade = fullTools[i];
    const delta = specBytes(toolSpec(upgrade)) - specBytes(toolSpec(chosen[i]));
    if (bytes + delta > budget && !drafts[i].pinned) continue;
    chosen[i] = upgrade;
    bytes += delta;
  }
  const deferred = chosen.filter((t) => t.mcp.deferred).length;
  if (deferred === 0) return { tools: chosen, mcpTools: chosen, specBytes: bytes - searchBytes, deferred: 0 };
  return { tools: [...chosen, searchTool], mcpTools: chosen, specBytes: bytes, deferred };
}

export { MAX_DESCRIPTION };
