// Tool and command names for MCP: `mcp__<server>__<tool>`, within what Anthropic and OpenAI both
// accept (`^[a-zA-Z0-9_-]{1,64}$`), unique across every connected server.

export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
export const MAX_TOOL_NAME = 64;

/** A server's part of a name: no `__` inside, so `mcp__<server>` rules find where the server ends. */
export function normalizeServerName(name: string): string {
  const out = name
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^_+|_+$/g, '');
  return out || 'server';
}

/** A tool's or prompt's part of a name: every character the providers refuse becomes `_`. */
export function normalizeToolPart(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_') || 'tool';
}

/** A short, stable tag for a long name, so two names cut to the same prefix still differ. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36).padStart(7, '0').slice(-6);
}

/** Longest server part kept whole; longer ones are cut and tagged so a tool name keeps room. */
const MAX_SERVER_PART = 32;

/**
 * Unique server parts for the given server names, in order: the normalised name, cut and tagged
 * when long, `_2`, `_3` … when two normalise alike (`my.server` and `my_server`).
 */
export function assignServerParts(names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of names) {
    let part = normalizeServerName(name);
    if (part.length > MAX_SERVER_PART) part = `${part.slice(0, MAX_SERVER_PART - 7)}_${shortHash(name)}`;
    out.set(name, unique(part, taken, MAX_SERVER_PART + 4));
  }
  return out;
}

/**
 * `mcp__<serverPart>__<tool>` for each of a server's tools, none in `taken` (which it extends).
 * Names that need no change are assigned first (so `read_file` keeps its name when `read.file`
 * also exists), then the rest, each group sorted, so the same list always yields the same names.
 */
export function assignToolNames(
  serverPart: string,
  tools: readonly string[],
  taken: Set<string>,
  prefix = 'mcp',
): Map<string, string> {
  const out = new Map<string, string>();
  const head = `${prefix}__${serverPart}__`;
  const room = MAX_TOOL_NAME - head.length;
  const clean = (tool: string): boolean => normalizeToolPart(tool) === tool;
  const ordered = [...tools].sort((a, b) => Number(clean(b)) - Number(clean(a)) || (a < b ? -1 : a > b ? 1 : 0));
  for (const tool of ordered) {
    let part = normalizeToolPart(tool);
    if (part.length > room) part = `${part.slice(0, Math.max(1, room - 7))}_${shortHash(tool)}`;
    out.set(tool, unique(head + part, taken, MAX_TOOL_NAME));
  }
  return out;
}

/** `name`, or `name_2`, `name_3` … (cut to `max`) — the first one not yet taken, which it then takes. */
function unique(name: string, taken: Set<string>, max: number): string {
  let candidate = name.slice(0, max);
  for (let n = 2; taken.has(candidate); n++) {
    const suffix = `_${n}`;
    candidate = name.slice(0, max - suffix.length) + suffix;
  }
  taken.add(candidate);
  return candidate;
}
