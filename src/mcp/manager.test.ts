// The connection manager's life cycle: project servers wait for trust, disable/enable/remove,
// secret headers read from the store for the right origin only, statuses a settings list shows.
import { SERVER_HOOK_TIMEOUT } from '../../test/fixtures/mcp-everything';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeContext } from '../tools/test-context';
import type { McpServerEntry } from './config';
import { createMcpManager } from './manager';
import { memorySecretStore } from './secret-store';
import { checkUserServer, saveUserServerSecrets, userServerEntry } from './user-servers';

function inPage(name: string, tools: string[]): McpServerEntry['config'] {
  return {
    type: 'in-page',
    server: () => {
      const server = new McpServer({ name, version: '1' });
      for (const tool of tools)
        server.registerTool(tool, { description: tool }, async () => ({
          content: [{ type: 'text', text: `${name}/${tool}` }],
        }));
      return server;
    },
  };
}

/** A Streamable HTTP server (stateless) that wants `Authorization: Bearer <token>`. */
let guarded: Server;
let guardedUrl: string;
beforeAll(async () => {
  guarded = createServer(async (req, res) => {
    if (req.headers.authorization !== 'Bearer sk-guarded') {
      res.writeHead(401).end();
      return;
    }
    const server = new McpServer({ name: 'guarded', version: '1' });
    server.registerTool('whoami', { description: 'Who am I' }, async () => ({
      content: [{ type: 'text', text: 'the key holder' }],
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => void transport.close());
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => guarded.listen(0, '127.0.0.1', resolve));
  guardedUrl = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}/mcp`;
}, SERVER_HOOK_TIMEOUT);
afterAll(() => new Promise((resolve) => guarded.close(resolve)));

describe('MCP connection manager', () => {
  it('connects a project’s servers only once the project is trusted', async () => {
    const m = createMcpManager({ secrets: memorySecretStore() });
    m.setServers([
      { name: 'repo', source: 'project', config: inPage('repo', ['lint']) },
      { name: 'mine', source: 'user', config: inPage('mine', ['note']) },
    ]);
    await m.settled();
    expect(m.states().map((s) => [s.name, s.status])).toEqual([
      ['repo', 'waiting-for-trust'],
      ['mine', 'connected'],
    ]);
    expect(m.states()[0].failure?.message).toBe(
      '"repo" comes with this project and connects once you trust the project.',
    );
    expect(m.tools().map((t) => t.name)).toEqual(['mcp__mine__note']);
    m.setSourceAllowed('project', true);
    await m.settled();
    expect(m.states()[0]).toMatchObject({ status: 'connected', toolCount: 1 });
    expect(m.tools().map((t) => t.name)).toEqual(['mcp__repo__lint', 'mcp__mine__note']);
    m.setSourceAllowed('project', false);
    await m.settled();
    expect(m.states()[0].status).toBe('waiting-for-trust');
    expect(m.tools().map((t) => t.name)).toEqual(['mcp__mine__note']);
    await m.close();
  });

  it('disables, enables and removes a server; a tool of a disabled server says so', async () => {
    const m = createMcpManager({ secrets: memorySecretStore() });
    const seen: string[] = [];
    m.subscribe(() =>
      seen.push(
        m
          .states()
          .map((s) => `${s.name}:${s.status}`)
          .join(','),
      ),
    );
    m.setServers([{ name: 'notes', source: 'user', config: inPage('notes', ['add']) }]);
    await m.settled();
    const add = m.tools()[0];
    await m.setEnabled('notes', false);
    expect(m.states()[0]).toMatchObject({ status: 'disabled', tools: [] });
    expect(m.tools()).toEqual([]);
    expect(await call(add, {}, makeContext())).toMatchObject({
      isError: true,
      content: expect.stringContaining('"notes" is disabled.'),
    });
    await m.setEnabled('notes', true);
    expect(m.states()[0].status).toBe('connected');
    expect((await call(m.tools()[0], {}, makeContext())).content).toBe('notes/add');
    await m.remove('notes');
    expect(m.states()).toEqual([]);
    expect(seen).toContain('notes:connecting');
    expect(seen).toContain('notes:connected');
    expect(seen).toContain('notes:disabled');
    await m.close();
  });

  it('reconnects a changed configuration, and leaves an unchanged one alone', async () => {
    const m = createMcpManager({ secrets: memorySecretStore() });
    const config = inPage('a', ['one']);
    m.setServers([{ name: 'a', source: 'user', config }]);
    await m.settled();
    const before = m.connection('a');
    m.setServers([{ name: 'a', source: 'user', config }]);
    await m.settled();
    expect(m.connection('a')).toBe(before);
    m.setServers([{ name: 'a', source: 'user', config: inPage('a', ['one', 'two']) }]);
    await m.settled();
    expect(m.connection('a')).not.toBe(before);
    expect(m.states()[0].toolCount).toBe(2);
    await m.close();
  });

  it('sends a user server’s secret header from the store, bound to its origin', async () => {
    const secrets = memorySecretStore();
    const checked = checkUserServer({
      name: 'guarded',
      url: guardedUrl,
      headers: { Authorization: 'Bearer sk-guarded' },
    });
    if (!checked.ok) throw new Error('invalid');
    await saveUserServerSecrets(checked.value.record, checked.value.secrets, secrets);
    const m = createMcpManager({ secrets });
    m.setServers([userServerEntry(checked.value.record)]);
    await m.settled();
    expect(m.states()[0]).toMatchObject({ status: 'connected', toolCount: 1 });
    expect((await call(m.tools()[0], {}, makeContext())).content).toBe('the key holder');

    // The same record pointed at another origin gets no key.
    const elsewhere = { ...checked.value.record, url: guardedUrl.replace('127.0.0.1', 'localhost') };
    m.setServers([userServerEntry(elsewhere)]);
    await m.settled();
    expect(m.states()[0]).toMatchObject({ status: 'needs-sign-in', failure: { kind: 'auth-required' } });
    await m.close();
  });
});
