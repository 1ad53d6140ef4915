import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  freePort,
  startEverything,
  type EverythingServer,
  SERVER_HOOK_TIMEOUT,
} from '../../test/fixtures/mcp-everything';
import { startMockProvider, type MockProvider } from '../../test/fixtures/mock-provider';
import { memoryTrustStore, type TrustStore } from '../agent/extensions/index';
import { memorySecretStore, type McpSecretStore } from '../mcp/index';
import { createProvider } from '../providers/create-provider';
import { McpPrefsStore } from '../store/mcp-prefs';
import { call, makeContext } from '../tools/test-context';
import type { Tool } from '../tools/types';
import { createLiteWorkspace } from '../workspace/lite-workspace';
import type { Workspace } from '../workspace/types';
import { createMcp, type McpApp, type McpState } from './mcp';
import { when } from './store';

// The MCP store against the real server-everything over Streamable HTTP on loopback: adding a
// server connects it and offers its tools, the list survives a reload, a failure shows its
// message, reconnect works, a project's .mcp.json waits for trust, and a server's form reaches
// the store and its answer goes back.

let server: EverythingServer;
let mock: MockProvider;
beforeAll(async () => {
  [server, mock] = await Promise.all([startEverything('streamableHttp'), startMockProvider()]);
}, SERVER_HOOK_TIMEOUT);
afterAll(async () => {
  await Promise.all([server?.close(), mock?.close()]);
}, SERVER_HOOK_TIMEOUT);

let n = 0;
const open: McpApp[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((app) => app.close()));
});

interface Browser {
  prefs: McpPrefsStore;
  secrets: McpSecretStore;
  trust: TrustStore;
  workspace: Workspace;
}

function browser(files: Record<string, string> = {}): Browser {
  return {
    prefs: new McpPrefsStore(`mcp-app-${++n}-settings`),
    secrets: memorySecretStore(),
    trust: memoryTrustStore(),
    workspace: createLiteWorkspace({ files }),
  };
}

function make(b: Browser): McpApp {
  const notices: string[] = [];
  const app = createMcp({
    ...b,
    notify: (_level, message) => void notices.push(message),
    workspace: () => b.workspace,
    projectId: () => 'project-1',
    provider: async () =>
      createProvider({
        preset: 'anthropic',
        format: 'anthropic',
        baseUrl: mock.url,
        apiKey: 'sk-ant-test',
        model: 'claude-haiku-4-5',
        retryBaseDelayMs: 1,
      }),
  });
  open.push(app);
  return app;
}

const server_ = (state: McpState, name: string) => state.servers.find((s) => s.name === name);
const settledAs = (app: McpApp, name: string, status: string) =>
  when(app.store, (s) => server_(s, name)?.status === status);
const toolNamed = (app: McpApp, name: string): Tool => {
  const found = app.tools().find((t) => t.name === name);
  if (!found) throw new Error(`no ${name} in ${app.tools().map((t) => t.name)}`);
  return found;
};

describe('MCP store', { timeout: 60_000 }, () => {
  test('Add server connects it, offers its tools, and the list survives a reload', async () => {
    const b = browser();
    const app = make(b);
    const added = await app.addServer({ name: 'everything', url: server.url, type: 'http' });
    expect(added).toEqual({ ok: true, value: undefined });
    const state = await settledAs(app, 'everything', 'connected');
    expect(server_(state, 'everything')).toMatchObject({ source: 'user', transport: 'http', url: server.url });
    expect(server_(state, 'everything')!.toolCount).toBeGreaterThan(5);
    const result = await call(toolNamed(app, 'mcp__everything__echo'), { message: 'hi there' }, makeContext());
    expect(result.content).toContain('hi there');

    // A reload: a new store on the same database connects the saved server by itself.
    await app.close();
    const reloaded = make(b);
    await reloaded.ready;
    expect(reloaded.store.get().records.map((r) => r.name)).toEqual(['everything']);
    await settledAs(reloaded, 'everything', 'connected');
    expect(reloaded.tools().map((t) => t.name)).toContain('mcp__everything__echo');
  });

  test('bad input names the field and saves nothing', async () => {
    const b = browser();
    const app = make(b);
    const empty = await app.addServer({ name: ' ', url: server.url });
    expect(!empty.ok && empty.error[0]).toMatchObject({ field: 'name', message: 'Server name is required.' });
    const badUrl = await app.addServer({ name: 'x', url: 'ftp://example.com' });
    expect(!badUrl.ok && badUrl.error[0].field).toBe('url');
    await app.addServer({ name: 'dup', url: server.url });
    const dup = await app.addServer({ name: 'dup', url: server.url });
    expect(!dup.ok && dup.error[0].message).toMatch(/already exists/);
    expect((await b.prefs.load()).map((r) => r.name)).toEqual(['dup']);
  });

  test('an unreachable server shows failed with its message; Remove forgets it', async () => {
    const b = browser();
    const app = make(b);
    const url = `http://127.0.0.1:${await freePort()}/mcp`;
    await app.addServer({ name: 'gone', url });
    const state = await settledAs(app, 'gone', 'failed');
    expect(server_(state, 'gone')!.failure).toMatchObject({
      kind: 'unreachable',
      message: `Could not reach "gone" at ${url}.`,
      hint: expect.stringContaining('Check that the server is running'),
    });
    expect(app.tools()).toEqual([]);
    expect(await app.removeServer('gone')).toEqual({ ok: true, value: undefined });
    expect(app.store.get().servers).toEqual([]);
    expect(await b.prefs.load()).toEqual([]);
  });

  test('Reconnect opens a new connection; Disable keeps the server but takes its tools away', async () => {
    const app = make(browser());
    await app.addServer({ name: 'everything', url: server.url });
    await settledAs(app, 'everything', 'connected');
    const first = app.manager()!.connection('everything');
    const seen: string[] = [];
    const stop = app.store.subscribe(() => seen.push(server_(app.store.get(), 'everything')!.status));
    await app.reconnect('everything');
    await settledAs(app, 'everything', 'connected');
    stop();
    expect(seen).toContain('connecting');
    expect(app.manager()!.connection('everything')).not.toBe(first);

    await app.setEnabled('everything', false);
    await settledAs(app, 'everything', 'disabled');
    expect(app.tools()).toEqual([]);
    expect(app.store.get().records[0].enabled).toBe(false);
  });

  test('.mcp.json servers wait for trust; trusting connects them, and the answer is remembered', async () => {
    const mcpJson = JSON.stringify({
      mcpServers: { proj: { type: 'http', url: server.url }, bad: { url: 'ftp://x' } },
    });
    const b = browser({ '.mcp.json': mcpJson });
    const app = make(b);
    await app.loadProject();
    let state = app.store.get();
    expect(state.project.status).toBe('unknown');
    expect(state.project.servers).toContain(`proj: ${server.url}`);
    expect(state.project.issues.join('\n')).toMatch(/server "bad"/);
    expect(server_(state, 'proj')).toMatchObject({ source: 'project', status: 'waiting-for-trust' });
    expect(app.tools()).toEqual([]);

    await app.trustProject(true);
    state = await settledAs(app, 'proj', 'connected');
    expect(state.project.status).toBe('trusted');
    expect(app.tools().map((t) => t.name)).toContain('mcp__proj__echo');

    // Same project, same files, after a reload: trusted already, it connects without asking.
    await app.close();
    const reloaded = make(b);
    await reloaded.loadProject();
    expect(reloaded.store.get().project.status).toBe('trusted');
    await settledAs(reloaded, 'proj', 'connected');

    // A changed .mcp.json is a new fingerprint: asked again, nothing connects meanwhile.
    await b.workspace.writeFile(`${b.workspace.root}/.mcp.json`, mcpJson.replace('proj', 'proj2'));
    await reloaded.loadProject();
    expect(reloaded.store.get().project.status).toBe('changed');
    expect(server_(reloaded.store.get(), 'proj2')?.status).toBe('waiting-for-trust');
  });

  test("a server's form waits in the store; the answer goes back to the server", async () => {
    const app = make(browser());
    await app.addServer({ name: 'everything', url: server.url });
    await settledAs(app, 'everything', 'connected');
    const running = call(toolNamed(app, 'mcp__everything__trigger-elicitation-request'), {}, makeContext());
    const state = await when(app.store, (s) => s.elicitations.length > 0);
    const pending = state.elicitations[0];
    expect(pending.request.server).toBe('everything');
    app.answerElicitation(pending.id, {
      action: 'accept',
      content: { name: 'Ada Lovelace', check: true, integer: 7 },
    });
    const result = await running;
    expect(result.content).toContain('- Name: Ada Lovelace');
    expect(app.store.get().elicitations).toEqual([]);
  });

  test('a sampling request is answered by the session provider only when approved', async () => {
    const app = make(browser());
    await app.addServer({ name: 'everything', url: server.url });
    await settledAs(app, 'everything', 'connected');
    const sampling = toolNamed(app, 'mcp__everything__trigger-sampling-request');

    const declined = call(sampling, { prompt: 'Capital of France?' }, makeContext());
    let state = await when(app.store, (s) => s.samplings.length > 0);
    expect(state.samplings[0].request.preview).toContain('Capital of France?');
    await app.answerSampling(state.samplings[0].id, false);
    expect((await declined).content).toMatch(/declined/i);

    mock.setScript([{ kind: 'reply', text: 'The capital of France is Paris.' }]);
    const approved = call(sampling, { prompt: 'Capital of France?' }, makeContext());
    state = await when(app.store, (s) => s.samplings.length > 0);
    await app.answerSampling(state.samplings[0].id, true);
    expect((await approved).content).toContain('The capital of France is Paris.');
  });
});
