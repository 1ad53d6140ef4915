import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everythingBin, SERVER_HOOK_TIMEOUT } from '../../../test/fixtures/mcp-everything';
import { standInContainer, type SpawnRecord } from '../../../test/fixtures/stand-in-container';
import { call, makeContext } from '../../tools/test-context';
import type { Tool } from '../../tools/types';
import { createLiteWorkspace } from '../../workspace/lite-workspace';
import type { Workspace } from '../../workspace/types';
import { createWebContainerWorkspace } from '../../workspace/webcontainer-workspace';
import { parseMcpJson } from '../config';
import { createMcpManager, type McpManager } from '../manager';
import type { McpToolResult } from '../mcp-tool';
import { memorySecretStore } from '../secret-store';

// A `.mcp.json` stdio entry runs as a workspace process. The WebContainer cannot boot here, so the
// stand-in container runs the real server-everything (stdio mode) behind a pty-like layer: CRLF
// line ends, stderr merged into the output, and every line we write echoed back.
const mcpJson = JSON.stringify({
  mcpServers: {
    everything: {
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-everything'],
      env: { GREETING: 'hello from .mcp.json' },
    },
    broken: { command: 'no-such-server' },
  },
});

let workspace: Workspace;
let spawned: SpawnRecord[];
let manager: McpManager;
const tool = (name: string): Tool => manager.tools().find((t) => t.name === name)!;

beforeAll(async () => {
  const stand = standInContainer((command, args) =>
    command === 'npx' && args.includes('@modelcontextprotocol/server-everything')
      ? { file: everythingBin(), args: ['stdio'] }
      : null,
  );
  spawned = stand.spawned;
  workspace = await createWebContainerWorkspace({ tree: createLiteWorkspace(), container: stand.container });
  manager = createMcpManager({
    secrets: memorySecretStore(),
    workspace: () => workspace,
    allowedSources: { project: true },
  });
  const parsed = parseMcpJson(mcpJson);
  expect(parsed.issues).toEqual([]);
  manager.setServers(parsed.servers);
  await manager.settled();
}, SERVER_HOOK_TIMEOUT);
afterAll(async () => {
  await manager.close();
  await workspace.dispose();
}, SERVER_HOOK_TIMEOUT);

describe('stdio inside the WebContainer', () => {
  it('runs the command as a workspace process with its env, and speaks JSON-RPC over its stdio', async () => {
    const state = manager.states().find((s) => s.name === 'everything')!;
    expect(state).toMatchObject({ status: 'connected', transport: 'stdio', source: 'project' });
    expect(spawned[0]).toMatchObject({
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-everything'],
      cwd: '/home/workspace',
    });
    expect(spawned[0].env).toMatchObject({ GREETING: 'hello from .mcp.json' });
    expect((await call(tool('mcp__everything__echo'), { message: 'through a pty' }, makeContext())).content).toBe(
      'Echo: through a pty',
    );
    const env = await call(tool('mcp__everything__get-env'), {}, makeContext());
    expect(env.content).toContain('hello from .mcp.json');
  });

  it('passes a large argument whole (one line of JSON, echoed back by the pty and ignored)', async () => {
    const message = 'x'.repeat(20_000);
    expect((await call(tool('mcp__everything__echo'), { message }, makeContext())).content).toBe(`Echo: ${message}`);
  });

  it('says why a command that does not exist failed, with what it printed', () => {
    const broken = manager.states().find((s) => s.name === 'broken')!;
    expect(broken.status).toBe('failed');
    expect(broken.failure?.message).toContain('`no-such-server`) exited with code 127');
    expect(broken.failure?.hint).toContain('jsh: command not found: no-such-server');
  });

  it('reports a process that dies mid-call as such, and reconnects on request', async () => {
    const child = spawned[0].child;
    const result = (await call(
      tool('mcp__everything__trigger-long-running-operation'),
      { duration: 30, steps: 60 },
      {
        ...makeContext(),
        onProgress: () => child.kill('SIGKILL'),
      },
    )) as McpToolResult;
    expect(result.details.failure?.kind).toBe('server-died');
    expect(manager.states().find((s) => s.name === 'everything')).toMatchObject({
      status: 'failed',
      failure: { kind: 'server-died' },
    });
    await manager.reconnect('everything');
    expect(manager.states().find((s) => s.name === 'everything')?.status).toBe('connected');
    expect(spawned.filter((s) => s.command === 'npx')).toHaveLength(2);
  });
});

describe('stdio in the lite workspace', () => {
  it('cannot run, and says why and what to do', async () => {
    const lite = createMcpManager({
      secrets: memorySecretStore(),
      workspace: () => createLiteWorkspace(),
      allowedSources: { project: true },
    });
    lite.setServers(parseMcpJson(mcpJson).servers);
    await lite.settled();
    const state = lite.states().find((s) => s.name === 'everything')!;
    expect(state).toMatchObject({ status: 'failed', failure: { kind: 'cannot-run-here' } });
    expect(state.failure!.message).toContain('the lite workspace cannot run processes');
    expect(state.failure!.hint).toContain('Switch the workspace to WebContainer');
    await lite.close();
  });
});
