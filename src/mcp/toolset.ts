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
  /** The MCP tools sent to the model, then ToolSearch when some schemas were left out. */
  tools: Tool[];
  /** Every MCP tool, listed or not (ToolSearch searches these). */
  mcpTools: McpTool[];
  /** Bytes of the specs these tools add to each request. */
  specBytes: number;
  /** How many tools are listed without their schema. */
  deferred: number;
  /** How many tools are not listed at all (too many even for the compact listing); ToolSearch finds them. */
  unlisted: number;
}

export interface ToolsetOptions {
  budgetBytes?: number;
  /** Bytes other MCP additions take from the budget (the resource tools). */
  extraBytes?: number;
  /** Tools whose schema the model already fetched: sent in full from now on. */
  loaded?: ReadonlySet<string>;
  /** Called when ToolSearch hands the model some schemas. */
  onLoaded?: (names: string[]) => void;
  /** Names already in use (built-in tools), so no MCP tool takes one. */
  reserved?: Iterable<string>;
}

/** What a tool adds to a request: its spec in the tools array, and the comma before it. */
export function specBytes(tool: Tool): number {
  const spec: ToolSpec = { name: tool.name, description: tool.description, inputSchema: tool.inputSchema };
  return JSON.stringify(spec).length + 1;
}

const DEFERRED_MARK = ' [schema: ToolSearch]';

/** The first sentence of a description, cut to `max` characters (0: nothing but the mark). */
export function compactDescription(description: string, max: number): string {
  if (max <= 0) return '';
  const sentence = /^[\s\S]*?[.!?](\s|$)/.exec(description)?.[0]?.trim() ?? description;
  const flat = sentence.replace(/\s+/g, ' ').trim();
  return (flat.length > max ? `${flat.slice(0, max - 1)}…` : flat) + DEFERRED_MARK;
}

interface Draft {
  name: string;
  source: ServerToolSource;
  listed: McpListedTool;
  /** `alwaysLoad`: sent in full whatever the budget (the user asked for it). */
  pinned: boolean;
  /** Fetched through ToolSearch before: first in line for a full spec. */
  preferred: boolean;
}

export function buildToolset(sources: readonly ServerToolSource[], options: ToolsetOptions = {}): McpToolset {
  const budget = (options.budgetBytes ?? TOOL_BUDGET_BYTES) - (options.extraBytes ?? 0);
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
      drafts.push({ name, source, listed, pinned: !!source.alwaysLoad, preferred: loaded.has(name) });
    }
  }
  const make = (d: Draft, max?: number): McpTool =>
    createMcpTool({
      name: d.name,
      server: d.source.server,
      listed: d.listed,
      connection: d.source.connection,
      unavailable: d.source.unavailable,
      ...(max === undefined
        ? {}
        : {
            deferred: { description: compactDescription(d.listed.description ?? d.listed.title ?? d.listed.name, max) },
          }),
    });

  const fullTools = drafts.map((d) => make(d));
  const fullBytes = fullTools.reduce((sum, t) => sum + specBytes(t), 0);
  if (fullBytes <= budget)
    return { tools: fullTools, mcpTools: fullTools, specBytes: fullBytes, deferred: 0, unlisted: 0 };

  // Over budget: every tool compact (shorter descriptions while even that is too much), then full
  // specs given back — pinned tools first, then in listing order — while they fit. If even the
  // barest listing is too long, the tools that do not fit are left out; ToolSearch finds them.
  let all: McpTool[] = [];
  const searchTool = (unlisted: number): Tool => createToolSearchTool(() => all, options.onLoaded, unlisted);
  const searchBytes = specBytes(searchTool(drafts.length)); // the longest its description gets
  let listed: boolean[] = drafts.map(() => true);
  let bytes = 0;
  for (const max of [100, 48, 0]) {
    all = drafts.map((d) => make(d, max));
    bytes = searchBytes + all.reduce((sum, t) => sum + specBytes(t), 0);
    if (bytes <= budget) break;
  }
  const rank = (d: Draft): number => (d.pinned ? 2 : d.preferred ? 1 : 0);
  const order = drafts.map((_d, i) => i).sort((a, b) => rank(drafts[b]) - rank(drafts[a]) || a - b);
  if (bytes > budget) {
    listed = drafts.map(() => false);
    bytes = searchBytes;
    for (const i of order) {
      const size = specBytes(all[i]);
      if (bytes + size > budget && !drafts[i].pinned) continue;
      listed[i] = true;
      bytes += size;
    }
  }
  for (const i of order) {
    if (!listed[i]) continue;
    const delta = specBytes(fullTools[i]) - specBytes(all[i]);
    if (bytes + delta > budget && !drafts[i].pinned) continue;
    all[i] = fullTools[i];
    bytes += delta;
  }
  const sent = all.filter((_t, i) => listed[i]);
  const deferred = sent.filter((t) => t.mcp.deferred).length;
  const unlisted = all.length - sent.length;
  if (deferred === 0 && unlisted === 0)
    return { tools: sent, mcpTools: all, specBytes: bytes - searchBytes, deferred: 0, unlisted: 0 };
  return { tools: [...sent, searchTool(unlisted)], mcpTools: all, specBytes: bytes, deferred, unlisted };
}

export { MAX_DESCRIPTION };
