import { checkHostTools, type HostToolSpec } from '../lib/embed-options';

// The host page's side of `registerTools`: a minimal MCP server (initialize, tools/list,
// tools/call, ping, cancellation) on a MessagePort of its own, in the envelope the frame's
// MessagePortTransport reads (src/mcp/transports/message-port.ts). Written out rather than
// importing the MCP SDK's server, which would make /embed.js a hundred times larger. The frame
// runs the real MCP client against it: the visitor is asked before every call, results are text.

/** A tool the host page offers the agent. */
export interface HostTool {
  /** Letters, digits, _ or -; the agent sees `mcp__host__<name>`. */
  name: string;
  /** What the tool does, for the model. */
  description: string;
  /** A JSON Schema (type "object") for the input; default: no input. */
  inputSchema?: Record<string, unknown>;
  /** A hint for the model; the visitor is asked before every call whatever it says. */
  readOnly?: boolean;
  /** Runs the tool. A string is the result; anything else is sent as JSON; a throw is an error result. */
  run(input: Record<string, unknown>, context: { signal: AbortSignal }): unknown;
}

type Json = Record<string, unknown>;
type Handlers = Map<string, HostTool['run']>;

/** The MCP protocol versions this server speaks; it answers with the client's when it is one. */
const VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];

export interface HostToolServer {
  /** Replaces the tools; the frame hears `tools/list_changed` and lists them again. */
  update(tools: readonly HostTool[]): void;
  close(): void;
}

/** Checks the tools (throwing a clear error for a mistake) and splits specs from functions. */
export function prepareTools(tools: readonly HostTool[]): { specs: HostToolSpec[]; handlers: Handlers } {
  const checked = checkHostTools(tools);
  if (!checked.ok) throw new TypeError(checked.error);
  const handlers: Handlers = new Map();
  for (const tool of tools) {
    if (typeof tool.run !== 'function')
      throw new TypeError(`registerTools: "${tool.name}" needs a run(input) function`);
    handlers.set(tool.name, tool.run);
  }
  return { specs: checked.value, handlers };
}

const text = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

/** Serves `tools` on `port` until closed. */
export function serveHostTools(port: MessagePort, tools: readonly HostTool[]): HostToolServer {
  let { specs, handlers } = prepareTools(tools);
  const running = new Map<string | number, AbortController>();
  const send = (message: Json): void => port.postMessage({ tidepoolMcp: 1, message: { jsonrpc: '2.0', ...message } });
  const reply = (id: unknown, result: Json): void => send({ id, result });
  const error = (id: unknown, code: number, message: string): void => send({ id, error: { code, message } });

  async function call(id: string | number, params: Json): Promise<void> {
    const name = String(params.name);
    const run = handlers.get(name);
    if (!run) return error(id, -32602, `Unknown tool: ${name}`);
    const abort = new AbortController();
    running.set(id, abort);
    const input = (typeof params.arguments === 'object' && params.arguments) || {};
    try {
      const value = await run(input as Json, { signal: abort.signal });
      reply(id, { content: [{ type: 'text', text: text(value) }] });
    } catch (thrown) {
      const message = thrown instanceof Error ? thrown.message : text(thrown);
      reply(id, { content: [{ type: 'text', text: message }], isError: true });
    } finally {
      running.delete(id);
    }
  }

  port.onmessage = (event: MessageEvent) => {
    const data = event.data as { tidepoolMcp?: unknown; message?: Json; close?: unknown } | null;
    if (!data || data.tidepoolMcp !== 1) return;
    if (data.close) return void port.close();
    const message = data.message;
    if (!message || typeof message.method !== 'string') return;
    const { id, method } = message;
    const params = (message.params ?? {}) as Json;
    if (method === 'notifications/cancelled') return void running.get(params.requestId as string)?.abort();
    if (typeof id !== 'string' && typeof id !== 'number') return; // another notification: nothing to do
    if (method === 'initialize') {
      const asked = String(params.protocolVersion);
      return reply(id, {
        protocolVersion: VERSIONS.includes(asked) ? asked : VERSIONS[0],
        capabilities: { tools: { listChanged: true } },
        serverInfo: { name: 'embedding-page', version: '1.0.0' },
      });
    }
    if (method === 'ping') return reply(id, {});
    if (method === 'tools/list')
      return reply(id, {
        tools: specs.map((s) => ({
          name: s.name,
          description: s.description,
          inputSchema: s.inputSchema,
          ...(s.readOnly ? { annotations: { readOnlyHint: true } } : {}),
        })),
      });
    if (method === 'tools/call') return void call(id, params);
    error(id, -32601, `Method not found: ${method}`);
  };

  return {
    update(next) {
      ({ specs, handlers } = prepareTools(next));
      send({ method: 'notifications/tools/list_changed' });
    },
    close() {
      for (const abort of running.values()) abort.abort();
      try {
        port.postMessage({ tidepoolMcp: 1, close: true });
      } catch {
        // already closed
      }
      port.close();
    },
  };
}
