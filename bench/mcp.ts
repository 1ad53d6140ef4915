// MCP over Streamable HTTP against the real server-everything on loopback: what our client adds
// to one tool round trip beyond the server's own answer (the same tools/call POSTed raw on the
// same session), and connecting plus reading the lists (initialize, tools, resources, prompts).
import { startEverything } from '../test/fixtures/mcp-everything';
import { connectMcp } from '../src/mcp/connection';
import { createMcpManager } from '../src/mcp/manager';
import { memorySecretStore } from '../src/mcp/secret-store';
import { createLiteWorkspace } from '../src/workspace/lite-workspace';
import { loadavg } from 'node:os';
import { timeMedian, type BenchRow } from './types';

export async function run(): Promise<BenchRow[]> {
  const server = await startEverything('streamableHttp');
  const rows: BenchRow[] = [];
  try {
    // 1. Connect + list, fresh session each time; the best of a few rounds, as the machine is shared.
    const connect = async (): Promise<void> => {
      const made = await connectMcp({ name: 'everything', config: { type: 'http', url: server.url } });
      if (!made.ok) throw new Error(made.error.message);
      await made.value.close();
    };
    // What one bare HTTP request costs on this machine right now, to read the figures against.
    const plain = async (): Promise<void> => {
      await (await fetch(new URL('/health', server.url))).text();
    };
    // The same handshake and lists with bare fetch: what the server itself takes.
    const rawConnect = async (): Promise<void> => {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      };
      const post = async (body: unknown): Promise<Response> => {
        const response = await fetch(server.url, { method: 'POST', headers, body: JSON.stringify(body) });
        await response.text();
        return response;
      };
      const init = await post({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
      });
      headers['mcp-session-id'] = init.headers.get('mcp-session-id')!;
      headers['mcp-protocol-version'] = '2025-11-25';
      await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
      await Promise.all(
        ['tools/list', 'resources/list', 'resources/templates/list', 'prompts/list'].map((method, i) =>
          post({ jsonrpc: '2.0', id: 2 + i, method }),
        ),
      );
      await (await fetch(server.url, { method: 'DELETE', headers })).text();
    };
    const connectTimes: number[] = [];
    const rawConnectTimes: number[] = [];
    const plainTimes: number[] = [];
    for (let round = 0; round < 4; round++) {
      connectTimes.push(await timeMedian(connect, 7, 2));
      rawConnectTimes.push(await timeMedian(rawConnect, 7, 2));
      plainTimes.push(await timeMedian(plain, 15, 3));
    }
    rows.push({
      name: 'MCP connect + list tools/resources/prompts (Streamable HTTP)',
      value: Math.min(...connectTimes),
      unit: 'ms',
      target: 150,
      note: `the same requests sent raw ${Math.min(...rawConnectTimes).toFixed(1)} ms; one bare HTTP request ${Math.min(...plainTimes).toFixed(1)} ms; load average ${loadavg()[0].toFixed(1)}`,
    });

    // 2. One round trip through the Tool, against the same request sent raw on the same session.
    const manager = createMcpManager({ secrets: memorySecretStore() });
    manager.setServers([{ name: 'everything', source: 'user', config: { type: 'http', url: server.url } }]);
    await manager.settled();
    const echo = manager.tools().find((t) => t.name === 'mcp__everything__echo')!;
    const client = manager.connection('everything')!.client;
    const transport = client.transport as unknown as { sessionId?: string; _protocolVersion?: string };
    const ctx = { workspace: createLiteWorkspace(), signal: new AbortController().signal, readFiles: new Map() };
    let id = 1_000_000;
    const raw = async (): Promise<void> => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-session-id': transport.sessionId!,
          'mcp-protocol-version': transport._protocolVersion ?? '2025-11-25',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: id++,
          method: 'tools/call',
          params: { name: 'echo', arguments: { message: 'bench' } },
        }),
      });
      const text = await response.text();
      if (!text.includes('Echo: bench')) throw new Error(`raw call failed: ${text.slice(0, 200)}`);
    };
    const viaTool = async (): Promise<void> => {
      const result = await echo.run({ message: 'bench' }, ctx);
      if (result.content !== 'Echo: bench') throw new Error(`tool call failed: ${result.content}`);
    };
    // Interleaved rounds, so load on the machine hits both sides alike.
    const rawTimes: number[] = [];
    const toolTimes: number[] = [];
    for (let round = 0; round < 5; round++) {
      rawTimes.push(await timeMedian(raw, 20, 5));
      toolTimes.push(await timeMedian(viaTool, 20, 5));
    }
    const rawMs = Math.min(...rawTimes);
    const toolMs = Math.min(...toolTimes);
    rows.push({
      name: 'MCP tool round trip, client overhead beyond the server (Streamable HTTP)',
      value: Math.max(0, toolMs - rawMs),
      unit: 'ms',
      target: 10,
      note: `tool ${toolMs.toFixed(2)} ms, same request raw ${rawMs.toFixed(2)} ms`,
    });
    await manager.close();
  } finally {
    await server.close();
  }
  return rows;
}
