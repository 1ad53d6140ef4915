// MCP over a MessagePort: the embedding page (or any other context) on the far end of a
// MessageChannel. The same class serves both ends, so the embed host can run an McpServer on its
// port with it. Messages travel in an envelope, so anything else sent on the port is ignored.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { isJsonRpcMessage } from './json-rpc';

/** What crosses the port: one JSON-RPC message, or the other end saying it closed. */
export type PortEnvelope = { tidepoolMcp: 1; message: JSONRPCMessage } | { tidepoolMcp: 1; close: true };

/** The part of MessagePort this uses, so a worker's or a window's port both fit. */
export interface PortLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start?(): void;
  close?(): void;
}

export class MessagePortTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private closed = false;
  private started = false;

  constructor(private readonly port: PortLike) {}

  private readonly listener = (event: { data: unknown }): void => {
    const data = event.data as Partial<PortEnvelope> | null;
    if (typeof data !== 'object' || data === null || data.tidepoolMcp !== 1) return;
    if ('close' in data && data.close) {
      this.finish(false);
      return;
    }
    if ('message' in data && isJsonRpcMessage(data.message)) this.onmessage?.(data.message);
    else this.onerror?.(new Error('The port sent an MCP envelope without a JSON-RPC message.'));
  };

  async start(): Promise<void> {
    if (this.started) throw new Error('MessagePortTransport already started');
    this.started = true;
    this.port.addEventListener('message', this.listener);
    this.port.start?.();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error('The MessagePort transport is closed.');
    const envelope: PortEnvelope = { tidepoolMcp: 1, message };
    this.port.postMessage(envelope);
  }

  async close(): Promise<void> {
    this.finish(true);
  }

  private finish(tellOtherEnd: boolean): void {
    if (this.closed) return;
    this.closed = true;
    if (tellOtherEnd) {
      try {
        this.port.postMessage({ tidepoolMcp: 1, close: true } satisfies PortEnvelope);
      } catch {
        // the port is already gone
      }
    }
    this.port.removeEventListener('message', this.listener);
    this.port.close?.();
    this.onclose?.();
  }
}
