import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { call, makeContext } from '../../tools/test-context';
import { createMcpManager } from '../manager';
import { isMcpTool, type McpToolResult } from '../mcp-tool';
import { memorySecretStore } from '../secret-store';
import { MessagePortTransport } from './message-port';

// The embedding page offers tools over a MessagePort (the embed handshake hands the port over).
// Here the host end is an SDK McpServer on the other side of a real MessageChannel.
function hostPage(port: MessagePort): McpServer {
  const host = new McpServer({ name: 'embedding-page', version: '1.0.0' });
  host.registerTool(
    'highlight',
    {
      description: 'Highlights a line in the host page.',
      inputSchema: { line: z.number() },
      annotations: { readOnlyHint: true },
    },
    async ({ line }, extra) => {
      const token = extra._meta?.progressToken;
      if (token !== undefined)
        await extra.sendNotification({
          method: 'notifications/progress',
          params: { progressToken: token, progress: 1, total: 1, message: 'scrolling' },
        });
      return { content: [{ type: 'text', text: `highlighted line ${line}` }] };
    },
  );
  void host.connect(new MessagePortTransport(port));
  return host;
}

describe('MCP over a MessagePort (the embedding page)', () => {
  it('lists and calls the host page’s tools, with progress, ignoring unrelated messages on the port', async () => {
    const channel = new MessageChannel();
    const host = hostPage(channel.port2);
    channel.port2.postMessage({ type: 'some-other-protocol' }); // not ours: ignored
    const manager = createMcpManager({ secrets: memorySecretStore() });
    manager.setServers([{ name: 'host', source: 'embed', config: { type: 'embed', port: channel.port1 } }]);
    await manager.settled();
    expect(manager.states()[0]).toMatchObject({
      status: 'connected',
      transport: 'embed',
      toolCount: 1,
      serverInfo: { name: 'embedding-page' },
    });
    const highlight = manager.tools().find((t) => t.name === 'mcp__host__highlight')!;
    expect(isMcpTool(highlight) && highlight.mcp.readOnly).toBe(true);
    const progress: string[] = [];
    const result = (await call(
      highlight,
      { line: 12 },
      { ...makeContext(), onProgress: (c) => progress.push(c) },
    )) as McpToolResult;
    expect(result.content).toBe('highlighted line 12');
    expect(progress).toEqual(['Progress: 1/1 (100%) — scrolling\n']);
    await manager.close();
    await host.close();
  });

  it('shows the server failed when the host page closes its end', async () => {
    const channel = new MessageChannel();
    const host = hostPage(channel.port2);
    const manager = createMcpManager({ secrets: memorySecretStore() });
    manager.setServers([{ name: 'host', source: 'embed', config: { type: 'embed', port: channel.port1 } }]);
    await manager.settled();
    const changed = new Promise<void>((resolve) =>
      manager.subscribe(() => manager.states()[0]?.status === 'failed' && resolve()),
    );
    await host.close();
    await changed;
    expect(manager.states()[0].failure).toMatchObject({ kind: 'server-died' });
    await manager.close();
  });
});
