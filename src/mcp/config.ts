// MCP server configuration: Claude Code's `.mcp.json` (`{"mcpServers": {name: …}}`), checked
// entry by entry so one bad server is reported by name and field while the others still load.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

/** Where a server's definition came from. Project servers connect only once the project is trusted. */
export type McpServerSource = 'project' | 'user' | 'embed' | 'app';

export interface McpRemoteConfig {
  type: 'http' | 'sse' | 'ws';
  url: string;
  headers?: Record<string, string>;
  /** Header names whose values live in the secret store under the URL's origin (user-level servers). */
  secretHeaders?: string[];
  /** Set when `.mcp.json` gave a URL without a type: Streamable HTTP, falling back to SSE for older servers. */
  inferredType?: boolean;
  /** Per-call wall-clock limit in ms (Claude Code's `timeout`). */
  timeout?: number;
  /** Never defer this server's tool schemas (Claude Code's `alwaysLoad`). */
  alwaysLoad?: boolean;
}

export interface McpStdioConfig {
  type: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
  timeout?: number;
  alwaysLoad?: boolean;
}

/** Something that serves MCP over a transport it is handed: the SDK's `McpServer` or `Server`. */
export interface InPageServer {
  connect(transport: Transport): Promise<void>;
}

/** A server that ships as a browser module and runs in this page. Registered by code, never by a file. */
export interface McpInPageConfig {
  type: 'in-page';
  server: InPageServer | (() => InPageServer | Promise<InPageServer>);
  timeout?: number;
  alwaysLoad?: boolean;
}

/** The embedding page's tools, over a MessagePort the embed handshake handed us. Registered by code. */
export interface McpEmbedConfig {
  type: 'embed';
  port: MessagePort;
  timeout?: number;
  alwaysLoad?: boolean;
}

export type McpServerConfig = McpRemoteConfig | McpStdioConfig | McpInPageConfig | McpEmbedConfig;

export type McpTransportKind = McpServerConfig['type'];

export interface McpServerEntry {
  /** The name as configured: `mcp__<name>__tool`, `@name:uri`, `/mcp__name__prompt`. */
  name: string;
  source: McpServerSource;
  config: McpServerConfig;
  /** False when the user disabled it; a disabled server is kept but never connects. */
  enabled?: boolean;
}

/** One problem in a configuration, naming the server and field it is about. */
export interface McpConfigIssue {
  server?: string;
  field?: string;
  message: string;
}

export interface ParsedMcpJson {
  servers: McpServerEntry[];
  issues: McpConfigIssue[];
}

export interface ParseMcpJsonOptions {
  /** Values for `${VAR}` and `${VAR:-default}` in command, args, env, url and headers. */
  variables?: Record<string, string | undefined>;
  /** Shown in messages; default `.mcp.json`. */
  fileName?: string;
  source?: McpServerSource;
}

/** Claude Code's rule for server names, so `mcp__name__tool` rules and `@name:` mentions stay readable. */
export const SERVER_NAME = /^[A-Za-z0-9_-]{1,64}$/;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Headers a page can never set on fetch (the browser drops or refuses them). */
const FORBIDDEN_HEADERS = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]);

/** Parses `.mcp.json` text. Never throws: bad JSON or a bad entry becomes an issue naming where. */
export function parseMcpJson(text: string, options: ParseMcpJsonOptions = {}): ParsedMcpJson {
  const file = options.fileName ?? '.mcp.json';
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { servers: [], issues: [{ message: `${file} is not valid JSON: ${why}` }] };
  }
  if (!isObject(data) || !isObject(data.mcpServers)) {
    return {
      servers: [],
      issues: [{ field: 'mcpServers', message: `${file} needs an "mcpServers" object: {"mcpServers": {"name": {…}}}` }],
    };
  }
  const servers: McpServerEntry[] = [];
  const issues: McpConfigIssue[] = [];
  for (const [name, raw] of Object.entries(data.mcpServers)) {
    const result = parseServerEntry(name, raw, options.variables ?? {});
    if ('issue' in result) issues.push({ ...result.issue, message: `${file}: ${result.issue.message}` });
    else servers.push({ name, source: options.source ?? 'project', config: result.config });
  }
  return { servers, issues };
}

/** Checks one server entry (a `.mcp.json` value or a stored user record's config). */
export function parseServerEntry(
  name: string,
  raw: unknown,
  variables: Record<string, string | undefined> = {},
): { config: McpRemoteConfig | McpStdioConfig } | { issue: McpConfigIssue } {
  const fail = (field: string | undefined, message: string): { issue: McpConfigIssue } => ({
    issue: { server: name, field, message: `server "${name}"${field ? `: ${field}` : ''} ${message}` },
  });
  if (!SERVER_NAME.test(name)) {
    return {
      issue: {
        server: name,
        message: `server "${name}": a server name may only contain letters, digits, "-" and "_" (at most 64).`,
      },
    };
  }
  if (!isObject(raw)) return fail(undefined, 'must be an object with a "url" or a "command".');
  const expand = (field: string, value: string): string | { issue: McpConfigIssue } => {
    const out = expandVariables(value, variables);
    return typeof out === 'string' ? out : fail(field, `uses \${${out.missing}}, which is not set.`);
  };

  const type = raw.type;
  if (type !== undefined && type !== 'stdio' && type !== 'http' && type !== 'sse' && type !== 'ws') {
    const known = type === 'sse-ide' || type === 'ws-ide' || type === 'sdk' || type === 'claudeai-proxy';
    return fail(
      'type',
      known
        ? `"${String(type)}" is for IDE or SDK servers, which do not exist in the browser.`
        : `must be "http", "sse", "ws" or "stdio", got ${JSON.stringify(type)}.`,
    );
  }
  const timeout = raw.timeout;
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0)) {
    return fail('timeout', 'must be a positive number of milliseconds.');
  }
  const alwaysLoad = raw.alwaysLoad === true ? true : undefined;
  const extras = {
    ...(typeof timeout === 'number' && timeout >= 1000 ? { timeout } : {}),
    ...(alwaysLoad ? { alwaysLoad } : {}),
  };

  if (type === 'stdio' || (type === undefined && raw.command !== undefined)) {
    if (typeof raw.command !== 'string' || !raw.command.trim()) return fail('command', 'must be a non-empty string.');
    const command = expand('command', raw.command.trim());
    if (typeof command !== 'string') return command;
    if (raw.args !== undefined && (!Array.isArray(raw.args) || raw.args.some((a) => typeof a !== 'string'))) {
      return fail('args', 'must be an array of strings.');
    }
    const args: string[] = [];
    for (const [i, arg] of ((raw.args as string[] | undefined) ?? []).entries()) {
      const value = expand(`args[${i}]`, arg);
      if (typeof value !== 'string') return value;
      args.push(value);
    }
    const env = stringMap(raw.env, 'env', expand, fail);
    if ('issue' in env) return env;
    return { config: { type: 'stdio', command, args, env: env.map, ...extras } };
  }

  if (typeof raw.url !== 'string' || !raw.url.trim()) {
    return fail(
      'url',
      type ? "must be the server's URL." : 'or "command" is required: a server is remote (url) or a process (command).',
    );
  }
  const url = expand('url', raw.url.trim());
  if (typeof url !== 'string') return url;
  const remoteType = (type ?? 'http') as McpRemoteConfig['type'];
  const urlProblem = checkUrl(url, remoteType);
  if (urlProblem) return fail('url', urlProblem);
  const headers = stringMap(raw.headers, 'headers', expand, fail);
  if ('issue' in headers) return headers;
  for (const header of Object.keys(headers.map)) {
    if (!HEADER_NAME.test(header)) return fail(`headers.${header}`, 'is not a valid HTTP header name.');
    const lower = header.toLowerCase();
    if (FORBIDDEN_HEADERS.has(lower) || lower.startsWith('sec-') || lower.startsWith('proxy-')) {
      return fail(`headers.${header}`, 'cannot be set by a web page; the browser controls it.');
    }
  }
  if (remoteType === 'ws' && Object.keys(headers.map).length) {
    return fail(
      'headers',
      'cannot be sent over WebSocket from a browser; put the credential in the URL or use "http".',
    );
  }
  return {
    config: {
      type: remoteType,
      url,
      ...(Object.keys(headers.map).length ? { headers: headers.map } : {}),
      ...(type === undefined ? { inferredType: true } : {}),
      ...extras,
    },
  };
}

/** Why a URL cannot serve this transport, or null when it can. */
export function checkUrl(url: string, type: McpRemoteConfig['type']): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `is not a URL: ${JSON.stringify(url)}.`;
  }
  const wanted = type === 'ws' ? ['ws:', 'wss:'] : ['http:', 'https:'];
  if (!wanted.includes(parsed.protocol)) {
    return type === 'ws'
      ? `must start with ws:// or wss:// for a WebSocket server, got ${parsed.protocol}//.`
      : `must start with http:// or https://, got ${parsed.protocol}//.`;
  }
  if (parsed.username || parsed.password) return 'must not carry a user name or password; use headers or sign-in.';
  return null;
}

/** `${VAR}` and `${VAR:-default}` as Claude Code expands them; the first unset name when one is missing. */
export function expandVariables(
  value: string,
  variables: Record<string, string | undefined>,
): string | { missing: string } {
  let missing: string | undefined;
  const out = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, fallback?: string) => {
    const found = variables[name];
    if (found !== undefined) return found;
    if (fallback !== undefined) return fallback;
    missing ??= name;
    return '';
  });
  return missing ? { missing } : out;
}

function stringMap(
  raw: unknown,
  field: string,
  expand: (field: string, value: string) => string | { issue: McpConfigIssue },
  fail: (field: string, message: string) => { issue: McpConfigIssue },
): { map: Record<string, string> } | { issue: McpConfigIssue } {
  if (raw === undefined) return { map: {} };
  if (!isObject(raw)) return fail(field, 'must be an object of names to string values.');
  const map: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') return fail(`${field}.${key}`, 'must be a string.');
    const expanded = expand(`${field}.${key}`, value);
    if (typeof expanded !== 'string') return expanded;
    map[key] = expanded;
  }
  return { map };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
