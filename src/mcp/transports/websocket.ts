// MCP over WebSocket (subprotocol `mcp`, one JSON-RPC message per text frame). The SDK has a
// transport for this, but it is bound to the global WebSocket and reports a failed handshake as
// `{"isTrusted":true}`; this one takes the constructor it is given and says what went wrong.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { isJsonRpcMessage } from './json-rpc';

/** The part of the WebSocket API this transport uses (the browser's, or `ws` in Node). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string; wasClean?: boolean }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

const OPEN = 1;

export class WebSocketClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private socket?: WebSocketLike;

  constructor(
    private readonly url: URL,
    private readonly WebSocketImpl: WebSocketConstructor | undefined = globalThis.WebSocket as unknown as
      WebSocketConstructor | undefined,
  ) {}

  start(): Promise<void> {
    if (this.socket) throw new Error('WebSocketClientTransport already started');
    if (!this.WebSocketImpl) return Promise.reject(new Error('This environment has no WebSocket.'));
    return new Promise((resolve, reject) => {
      let opened = false;
      const socket = new this.WebSocketImpl!(this.url.href, 'mcp');
      this.socket = socket;
      socket.onopen = () => {
        opened = true;
        resolve();
      };
      socket.onerror = () => {
        // The event carries nothing useful; the close event that follows has the code.
        if (opened) this.onerror?.(new Error(`WebSocket error on ${this.url.host}`));
      };
      socket.onclose = (event) => {
        if (!opened) {
          // A refused handshake and an unreachable host look the same from a page: name both.
          const error = new Error(
            `The WebSocket to ${this.url.href} closed before opening (code ${event.code}${event.reason ? `, ${event.reason}` : ''}).`,
          );
          error.name = 'McpWebSocketError';
          reject(error);
        }
        this.socket = undefined;
        this.onclose?.();
      };
      socket.onmessage = (event) => {
        if (typeof event.data !== 'string') {
          this.onerror?.(new Error('WebSocket sent a binary frame; MCP uses text frames.'));
          return;
        }
        let message: unknown;
        try {
          message = JSON.parse(event.data);
        } catch (error) {
          this.onerror?.(new Error(`WebSocket sent invalid JSON: ${(error as Error).message}`));
          return;
        }
        if (isJsonRpcMessage(message)) this.onmessage?.(message);
        else this.onerror?.(new Error('WebSocket sent something that is not a JSON-RPC 2.0 message.'));
      };
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (!this.socket || this.socket.readyState !== OPEN) throw new Error('WebSocket is not open');
    this.socket.send(JSON.stringify(message));
  }

  async close(): Promise<void> {
    this.socket?.close(1000, 'client closed');
  }
}
