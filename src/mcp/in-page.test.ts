// In-page servers (browser modules on the SDK's in-memory transport) let these tests shape a
// server exactly: one that watches for cancellation, one whose tool list changes, one that speaks
// an MCP version we do not, and one with hundreds of tools.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toolSpecs } from '../agent/request-context';
import { call, makeContext } from '../tools/test-context';
import { createMcpManager } from './manager';
import { isMcpTool, type McpToolResult } from './mcp-tool';
import { memorySecretStore } from './secret-store';
import { TOOL_BUDGET_BYTES } from './toolset';

const manager = () => createMcpManager({ secrets: memorySecretStore(), reservedToolNames: ['Read'] });

describe('in-page MCP servers', () => {
  it('Stop cancels the call on the server: the server sees notifications/cancelled', async () => {
    let serverSawAbort!: () => void;
    const aborted = new Promise<void>((resolve) => (serverSawAbort = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const server = new McpServer({ name: 'slow', version: '1' });
    server.registerTool('wait', { description: 'Waits until cancelled.' }, async (extra) => {
      started();
      await new Promise<void>((resolve) => extra.signal.addEventListener('abort', () => resolve()));
      serverSawAbort();
      return { content: [{ type: 'text', text: 'stopped' }] };
    });
    const m = manager();
    m.setServers([{ name: 'slow', source: 'app', config: { type: 'in-page', server } }]);
    await m.settled();
    const controller = new AbortController();
    const pending = call(
      m.tools().find((t) => t.name === 'mcp__slow__wait')!,
      {},
      { ...makeContext(), signal: controller.signal },
    );
    await running;
    controller.abort();
    const result = (await pending) as McpToolResult;
    await aborted;
    expect(result.details.failure).toMatchObject({ kind: 'cancelled', message: 'The call to "slow" was stopped.' });
    await m.close();
  });

  it('refreshes the tool list on list_changed and tells subscribers', async () => {
    const server = new McpServer({ name: 'growing', version: '1' });
    server.registerTool('first', { description: 'One.' }, async () => ({ content: [{ type: 'text', text: '1' }] }));
    const m = manager();
    m.setServers([{ name: 'growing', source: 'app', config: { type: 'in-page', server } }]);
    await m.settled();
    expect(m.tools().map((t) => t.name)).toEqual(['mcp__growing__first']);
    const before = m.tools();
    const grew = new Promise<void>((resolve) => m.subscribe(() => m.tools().length === 2 && resolve()));
    server.registerTool('second', { description: 'Two.' }, async () => ({ content: [{ type: 'text', text: '2' }] }));
    await grew;
    expect(m.tools().map((t) => t.name)).toEqual(['mcp__growing__first', 'mcp__growing__second']);
    expect(m.tools()).not.toBe(before); // a new array, so the agent's spec cache sees the change
    expect(m.states()[0].toolCount).toBe(2);
    await m.close();
  });

  it('names a protocol version mismatch', async () => {
    // A server from the future: answers initialize with a version this client does not know.
    const future = {
      async connect(transport: Transport) {
        transport.onmessage = (message: JSONRPCMessage) => {
          if ('method' in message && message.method === 'initialize' && 'id' in message) {
            void transport.send({
              jsonrpc: '2.0',
              id: message.id,
              result: { protocolVersion: '2099-01-01', capabilities: {}, serverInfo: { name: 'future', version: '9' } },
            });
          }
        };
        await transport.start();
      },
    };
    const m = manager();
    m.setServers([{ name: 'future', source: 'app', config: { type: 'in-page', server: future } }]);
    await m.settled();
    expect(m.states()[0]).toMatchObject({
      status: 'failed',
      failure: { kind: 'protocol-version', message: '"future" speaks MCP 2099-01-01 this client does not support.' },
    });
    await m.close();
  });

  it('keeps a server with 150 tools within 30 KB per request, schemas fetched on demand', async () => {
    const server = new McpServer({ name: 'big', version: '1' });
    for (let i = 0; i < 150; i++) {
      server.registerTool(
        `operation_${i}`,
        {
          description: `Performs operation number ${i} on the selected records. ${'It has a long explanation of every option. '.repeat(4)}`,
          inputSchema: {
            record_id: z.string().describe('The record to work on, as shown in the list view'),
            mode: z.enum(['fast', 'careful', 'dry-run']).describe('How to run it'),
            limit: z.number().int().min(1).max(1000).optional().describe('At most this many items'),
          },
        },
        async ({ record_id, mode }) => ({ content: [{ type: 'text', text: `op ${i} on ${record_id} (${mode})` }] }),
      );
    }
    const m = manager();
    m.setServers([{ name: 'big', source: 'app', config: { type: 'in-page', server } }]);
    await m.settled();
    const tools = m.tools();
    const bytes = JSON.stringify(toolSpecs(tools)).length;
    expect(bytes).toBeLessThanOrEqual(TOOL_BUDGET_BYTES);
    const search = tools.find((t) => t.name === 'ToolSearch')!;
    expect(search.kind).toBe('meta');
    const deferred = tools.filter((t) => isMcpTool(t) && t.mcp.deferred);
    expect(deferred.length).toBeGreaterThan(50);
    const target = deferred[deferred.length - 1];
    expect(target.inputSchema).toEqual({ type: 'object' });
    expect(target.description).toMatch(/^Performs operation number \d+ on the [\w\s.…]+ \[schema: ToolSearch\]$/);

    // The model fetches the schema, then calls the tool with it.
    const found = await call(search, { query: `select:${target.name}` }, makeContext());
    const spec = JSON.parse(/<function>(.*)<\/function>/.exec(found.content)![1]);
    expect(spec).toMatchObject({
      name: target.name,
      parameters: { properties: { mode: { enum: ['fast', 'careful', 'dry-run'] } }, required: ['record_id', 'mode'] },
    });
    const n = Number(/operation_(\d+)/.exec(target.name)![1]);
    expect((await call(target, { record_id: 'r-7', mode: 'dry-run' }, makeContext())).content).toBe(
      `op ${n} on r-7 (dry-run)`,
    );
    // From now on that tool is sent whole, and the request still fits.
    const after = m.tools().find((t) => t.name === target.name)!;
    expect(after.inputSchema).toMatchObject({ properties: { record_id: { type: 'string' } } });
    expect(JSON.stringify(toolSpecs(m.tools())).length).toBeLessThanOrEqual(TOOL_BUDGET_BYTES);
    expect(m.states()[0].toolCount).toBe(150);
    // Keyword search ranks by name and description.
    const keyword = await call(search, { query: 'operation_42', max_results: 1 }, makeContext());
    expect(keyword.content).toContain('"name":"mcp__big__operation_42"');
    await m.close();
  });

  it('with more tools than even a bare listing fits, lists what fits and ToolSearch finds (and lists) the rest', async () => {
    const server = new McpServer({ name: 'huge', version: '1' });
    for (let i = 0; i < 600; i++) {
      server.registerTool(
        `tool_${i}`,
        { description: `Tool ${i}.`, inputSchema: { q: z.string() } },
        async ({ q }) => ({
          content: [{ type: 'text', text: `tool ${i}: ${q}` }],
        }),
      );
    }
    const m = manager();
    m.setServers([{ name: 'huge', source: 'app', config: { type: 'in-page', server } }]);
    await m.settled();
    expect(JSON.stringify(toolSpecs(m.tools())).length).toBeLessThanOrEqual(TOOL_BUDGET_BYTES);
    const search = m.tools().find((t) => t.name === 'ToolSearch')!;
    const more = /(\d+) more MCP tools are not listed/.exec(search.description);
    expect(Number(more?.[1])).toBeGreaterThan(0);
    expect(m.tools().some((t) => t.name === 'mcp__huge__tool_599')).toBe(false);
    const found = await call(search, { query: 'select:mcp__huge__tool_599' }, makeContext());
    expect(found.content).toContain('"name":"mcp__huge__tool_599"');
    const listed = m.tools().find((t) => t.name === 'mcp__huge__tool_599')!;
    expect(listed.inputSchema).toMatchObject({ properties: { q: { type: 'string' } } });
    expect((await call(listed, { q: 'hi' }, makeContext())).content).toBe('tool 599: hi');
    expect(JSON.stringify(toolSpecs(m.tools())).length).toBeLessThanOrEqual(TOOL_BUDGET_BYTES);
    await m.close();
  });

  it('sends every schema when they fit', async () => {
    const server = new McpServer({ name: 'small', version: '1' });
    server.registerTool('one', { description: 'One.', inputSchema: { x: z.string() } }, async () => ({ content: [] }));
    const m = manager();
    m.setServers([{ name: 'small', source: 'app', config: { type: 'in-page', server } }]);
    await m.settled();
    expect(m.tools().map((t) => t.name)).toEqual(['mcp__small__one']);
    expect(m.tools()[0].inputSchema).toMatchObject({ properties: { x: { type: 'string' } } });
    expect((await call(m.tools()[0], { x: 'a' }, makeContext())).content).toBe('(the tool returned no content)');
    await m.close();
  });

  it('gives tools names the providers accept, unique across servers', async () => {
    const make = (names: string[]) => {
      const s = new McpServer({ name: 'n', version: '1' });
      for (const name of names)
        s.registerTool(name, { description: name }, async () => ({ content: [{ type: 'text', text: name }] }));
      return s;
    };
    const m = manager();
    m.setServers([
      {
        name: 'my-server',
        source: 'app',
        config: { type: 'in-page', server: make(['read.file', 'read_file', 'x'.repeat(80), 'Read']) },
      },
      { name: 'my_server', source: 'app', config: { type: 'in-page', server: make(['read_file']) } },
    ]);
    await m.settled();
    const names = m.tools().map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    const long = names.find((n) => n.includes('xxxx'))!;
    expect(long).toHaveLength(64);
    // Each name calls its own tool: a name that needed no change keeps it.
    const results = Object.fromEntries(
      await Promise.all(m.tools().map(async (t) => [t.name, (await call(t, {}, makeContext())).content])),
    );
    expect(results).toEqual({
      'mcp__my-server__Read': 'Read',
      'mcp__my-server__read_file': 'read_file',
      'mcp__my-server__read_file_2': 'read.file',
      [long]: 'x'.repeat(80),
      mcp__my_server__read_file: 'read_file',
    });
    await m.close();
  });
});
