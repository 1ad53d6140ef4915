import { describe, expect, it, vi } from 'vitest';
import { createMcpManager } from '../mcp/manager';
import type { McpToolResult } from '../mcp/mcp-tool';
import { memorySecretStore } from '../mcp/secret-store';
import { call, makeContext } from '../tools/test-context';
import { prepareTools, serveHostTools, type HostTool } from './host-tools';

// The host page's tool server (what /embed.js runs for registerTools) against the frame's real MCP
// client and manager, over a real MessageChannel.

const highlight: HostTool = {
  name: 'highlight',
  description: 'Highlights a line of the lesson text.',
  inputSchema: { type: 'object', properties: { line: { type: 'number' } }, required: ['line'] },
  readOnly: true,
  run: ({ line }) => `highlighted line ${String(line)}`,
};

async function connect(tools: HostTool[]) {
  const channel = new MessageChannel();
  const server = serveHostTools(channel.port1, tools);
  const manager = createMcpManager({ secrets: memorySecretStore() });
  manager.setServers([{ name: 'host', source: 'embed', config: { type: 'embed', port: channel.port2 } }]);
  await manager.settled();
  return { server, manager };
}

describe('registerTools: the host page’s MCP server', () => {
  it('is listed and called by the frame’s MCP client; results and failures come back as text', async () => {
    const failing: HostTool = {
      name: 'score',
      description: 'Scores the answer.',
      run: () => {
        throw new Error('no answer yet');
      },
    };
    const json: HostTool = { name: 'state', description: 'The page state.', run: async () => ({ step: 3 }) };
    const { server, manager } = await connect([highlight, failing, json]);
    expect(manager.states()[0]).toMatchObject({
      status: 'connected',
      toolCount: 3,
      serverInfo: { name: 'embedding-page' },
    });
    const tool = (name: string) => manager.tools().find((t) => t.name === `mcp__host__${name}`)!;
    const ok = (await call(tool('highlight'), { line: 4 }, makeContext())) as McpToolResult;
    expect(ok).toMatchObject({ content: 'highlighted line 4' });
    expect(ok.isError).toBeUndefined();
    expect(await call(tool('score'), {}, makeContext())).toMatchObject({
      isError: true,
      content: expect.stringContaining('no answer yet'),
    });
    expect(await call(tool('state'), {}, makeContext())).toMatchObject({ content: '{"step":3}' });
    await manager.close();
    server.close();
  });

  it('replacing the tools tells the frame, which lists them again', async () => {
    const { server, manager } = await connect([highlight]);
    const changed = new Promise<void>((resolve) =>
      manager.subscribe(() => manager.tools().some((t) => t.name === 'mcp__host__reset') && resolve()),
    );
    server.update([{ name: 'reset', description: 'Resets the exercise.', run: () => 'reset' }]);
    await changed;
    expect(manager.tools().map((t) => t.name)).toContain('mcp__host__reset');
    expect(manager.tools().map((t) => t.name)).not.toContain('mcp__host__highlight');
    await manager.close();
    server.close();
  });

  it('a call the frame cancels aborts the host’s run', async () => {
    let seen: AbortSignal | undefined;
    const slow: HostTool = {
      name: 'wait',
      description: 'Waits for the visitor.',
      run: (_input, { signal }) =>
        new Promise((resolve) => {
          seen = signal;
          signal.addEventListener('abort', () => resolve('stopped'));
        }),
    };
    const { server, manager } = await connect([slow]);
    const abort = new AbortController();
    const running = call(
      manager.tools().find((t) => t.name === 'mcp__host__wait')!,
      {},
      {
        ...makeContext(),
        signal: abort.signal,
      },
    );
    await vi.waitFor(() => expect(seen).toBeDefined());
    abort.abort();
    await running;
    await vi.waitFor(() => expect(seen!.aborted).toBe(true));
    await manager.close();
    server.close();
  });

  it('refuses a bad tool list at the call, saying what is wrong', () => {
    const bad: Array<[unknown, RegExp]> = [
      ['highlight', /takes a list of tools/],
      [[{ ...highlight, name: 'has space' }], /name must be letters, digits/],
      [[{ ...highlight, name: 'x'.repeat(65) }], /name must be/],
      [[highlight, highlight], /two tools are named "highlight"/],
      [[{ ...highlight, description: '' }], /needs a description/],
      [[{ ...highlight, inputSchema: { type: 'string' } }], /type "object"/],
      [[{ ...highlight, inputSchema: { type: 'object', big: 'x'.repeat(20_000) } }], /over 16 KB/],
      [[{ ...highlight, readOnly: 'yes' }], /readOnly must be true or false/],
      [[{ name: 'go', description: 'Goes.' }], /needs a run\(input\) function/],
      [Array.from({ length: 65 }, (_, i) => ({ ...highlight, name: `t${i}` })), /at most 64 tools/],
    ];
    for (const [tools, error] of bad) expect(() => prepareTools(tools as HostTool[]), String(error)).toThrow(error);
  });
});
