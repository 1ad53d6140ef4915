// How the permission gate sees MCP tools (src/agent/permissions.ts, unchanged): they ask by
// default, and `mcp__server` / `mcp__server__tool` rules allow or deny them.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decidePermission } from '../agent/permissions';
import type { Tool } from '../tools/types';
import { createMcpManager, type McpManager } from './manager';
import { memorySecretStore } from './secret-store';

let manager: McpManager;
const tool = (name: string): Tool => manager.tools().find((t) => t.name === name)!;
const decide = (
  name: string,
  rules: { allow?: string[]; deny?: string[]; ask?: string[] },
  mode: 'default' | 'plan' | 'acceptEdits' | 'bypassPermissions' = 'default',
) =>
  decidePermission({
    tool: tool(name),
    input: {},
    mode,
    rules: { allow: [], deny: [], ask: [], ...rules },
    root: '/workspace',
  }).behavior;

beforeAll(async () => {
  const server = new McpServer({ name: 'gh', version: '1' });
  server.registerTool(
    'list_issues',
    { description: 'Lists issues', annotations: { readOnlyHint: true } },
    async () => ({ content: [] }),
  );
  server.registerTool(
    'close_issue',
    { description: 'Closes an issue', annotations: { destructiveHint: true } },
    async () => ({ content: [] }),
  );
  manager = createMcpManager({ secrets: memorySecretStore() });
  manager.setServers([{ name: 'github', source: 'user', config: { type: 'in-page', server } }]);
  await manager.settled();
});
afterAll(() => manager.close());

describe('MCP tools and permission rules', () => {
  it('ask by default, read-only hint or not (a hint is the server’s claim)', () => {
    expect(decide('mcp__github__list_issues', {})).toBe('ask');
    expect(decide('mcp__github__close_issue', {})).toBe('ask');
    expect(decide('mcp__github__close_issue', {}, 'acceptEdits')).toBe('ask');
    expect(decide('mcp__github__close_issue', {}, 'bypassPermissions')).toBe('allow');
  });

  it('mcp__server allows or denies every tool of that server; mcp__server__tool one tool', () => {
    expect(decide('mcp__github__close_issue', { allow: ['mcp__github'] })).toBe('allow');
    expect(decide('mcp__github__close_issue', { allow: ['mcp__github__*'] })).toBe('allow');
    expect(decide('mcp__github__list_issues', { allow: ['mcp__github__list_issues'] })).toBe('allow');
    expect(decide('mcp__github__close_issue', { allow: ['mcp__github__list_issues'] })).toBe('ask');
    expect(decide('mcp__github__close_issue', { allow: ['mcp__github'], deny: ['mcp__github__close_issue'] })).toBe(
      'deny',
    );
    expect(decide('mcp__github__list_issues', { allow: ['mcp__git'] })).toBe('ask');
  });
});
