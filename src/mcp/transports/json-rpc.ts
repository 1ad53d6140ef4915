import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * A cheap shape check for what arrives over a transport we wrote (WebSocket, MessagePort, stdio):
 * JSON-RPC 2.0 with a method or a result/error. The Client validates each message's content.
 */
export function isJsonRpcMessage(value: unknown): value is JSONRPCMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const m = value as Record<string, unknown>;
  if (m.jsonrpc !== '2.0') return false;
  if (typeof m.method === 'string') return true;
  return ('result' in m || 'error' in m) && (typeof m.id === 'string' || typeof m.id === 'number');
}
