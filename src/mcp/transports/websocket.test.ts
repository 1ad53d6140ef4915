import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { freePort, SERVER_HOOK_TIMEOUT } from '../../../test/fixtures/mcp-everything';
import { startEverythingWebSocket, type EverythingWebSocket } from '../../../test/fixtures/mcp-websocket';
import { call, makeContext } from '../../tools/test-context';
import type { Tool } from '../../tools/types';
import { createMcpManager, type McpManager } from '../manager';
import type { McpToolResult } from '../mcp-tool';
import { memorySecretStore } from '../secret-store';
import type { WebSocketConstructor } from './websocket';

// Node 20 has no global WebSocket; the browser's is the default. `ws` plays its part here.
const WebSocketImpl = NodeWebSocket as unknown as WebSocketConstructor;

let server: EverythingWebSocket;
let manager: McpManager;
const tool = (name: string): Tool => manager.tools().find((t) => t.name === name)!;

beforeAll(async () => {
  server = await startEverythingWebSocket();
  manager = createMcpManager({ secrets: memorySecretStore(), WebSocket: WebSocketImpl });
  manager.setServers([{ name: 'everything', source: 'user', config: { type: 'ws', url: server.url } }]);
  await manager.settled();
}, SERVER_HOOK_TIMEOUT);
afterAll(async () => {
  await manager.close();
  await server.close();
}, SERVER_HOOK_TIMEOUT);

describe('MCP over WebSocket', () => {
  it('connects to server-everything and calls its tools', async () => {
    expect(manager.states()[0]).toMatchObject({ status: 'connected', transport: 'ws' });
    expect(manager.states()[0].toolCount).toBeGreaterThanOrEqual(10);
    expect((await call(tool('mcp__everything__echo'), { message: 'over a socket' }, makeContext())).content).toBe(
      'Echo: over a socket',
    );
    expect((await call(tool('mcp__everything__get-sum'), { a: 1.5, b: 2 }, makeContext())).content).toBe(
      'The sum of 1.5 and 2 is 3.5.',
    );
  });

  it('reports progress and cancels on abort', async () => {
    const controller = new AbortController();
    const progress: string[] = [];
    const result = (await call(
      tool('mcp__everything__trigger-long-running-operation'),
      { duration: 30, steps: 60 },
      { ...makeContext(), signal: controller.signal, onProgress: (c) => (progress.push(c), controller.abort()) },
    )) as McpToolResult;
    expect(progress).toEqual(['Progress: 1/60 (2%)\n']);
    expect(result.details.failure?.kind).toBe('cancelled');
  });

  it('names a server that drops the socket mid-call, and the manager shows it failed', async () => {
    const pending = call(
      tool('mcp__everything__trigger-long-running-operation'),
      { duration: 30, steps: 60 },
      {
        ...makeContext(),
        onProgress: () => server.dropAll(),
      },
    ) as Promise<McpToolResult>;
    const result = await pending;
    expect(result.details.failure).toMatchObject({
      kind: 'server-died',
      message: expect.stringContaining('closed the connection before answering'),
    });
    expect(manager.states()[0]).toMatchObject({ status: 'failed', failure: { kind: 'server-died' } });
    // Reconnect brings it back.
    await manager.reconnect('everything');
    expect(manager.states()[0].status).toBe('connected');
  });

  it('says when nothing listens at the address', async () => {
    const other = createMcpManager({ secrets: memorySecretStore(), WebSocket: WebSocketImpl });
    other.setServers([
      { name: 'nowhere', source: 'user', config: { type: 'ws', url: `ws://127.0.0.1:${await freePort()}/` } },
    ]);
    await other.settled();
    expect(other.states()[0]).toMatchObject({
      status: 'failed',
      failure: { kind: 'unreachable', message: expect.stringContaining('Could not open a WebSocket to "nowhere"') },
    });
    await other.close();
  });
});
