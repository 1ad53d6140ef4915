import { describe, expect, test } from 'vitest';
import type { Tool } from '../../../tools/types';
import { BUILTIN_AGENTS, type AgentDefinition } from './agent-definition';
import { childTools } from './run-subagent';

// Which of the parent's tools a subagent gets: MCP tools like any other, named in a definition
// the way permission rules name them.

const tool = (name: string, kind: Tool['kind'] = 'network'): Tool => ({ name, kind }) as unknown as Tool;
const PARENT = [
  tool('Read', 'read'),
  tool('Bash', 'exec'),
  tool('Agent', 'agent'),
  tool('Skill', 'meta'),
  tool('mcp__github__create_issue'),
  tool('mcp__github__list_issues'),
  tool('mcp__slack__post'),
  tool('ToolSearch', 'meta'),
  tool('ListMcpResourcesTool', 'read'),
];
const definition = (tools: string[] | undefined, disallowedTools: string[] = []): AgentDefinition => ({
  ...BUILTIN_AGENTS[0],
  tools,
  disallowedTools,
});
const names = (def: AgentDefinition) => childTools(PARENT, def).map((t) => t.name);

describe('a subagent’s tools', () => {
  test('without a tools list it gets every MCP tool of the parent, ToolSearch included, but not Agent', () => {
    expect(names(definition(undefined))).toEqual([
      'Read',
      'Bash',
      'mcp__github__create_issue',
      'mcp__github__list_issues',
      'mcp__slack__post',
      'ListMcpResourcesTool',
      'ToolSearch',
    ]);
  });

  test('a tools list names one MCP tool, or a whole server as mcp__server or mcp__server__*', () => {
    expect(names(definition(['Read', 'mcp__github__list_issues']))).toEqual([
      'Read',
      'mcp__github__list_issues',
      'ToolSearch',
    ]);
    expect(names(definition(['mcp__github']))).toEqual([
      'mcp__github__create_issue',
      'mcp__github__list_issues',
      'ToolSearch',
    ]);
    expect(names(definition(['mcp__slack__*', 'ListMcpResourcesTool']))).toEqual([
      'mcp__slack__post',
      'ListMcpResourcesTool',
      'ToolSearch',
    ]);
    // No MCP tool kept: no ToolSearch either.
    expect(names(definition(['Read', 'Bash']))).toEqual(['Read', 'Bash']);
  });

  test('disallowedTools takes MCP tools away by tool or by server', () => {
    expect(names(definition(undefined, ['mcp__github', 'mcp__slack__post', 'Bash']))).toEqual([
      'Read',
      'ListMcpResourcesTool',
    ]);
    expect(names(definition(undefined, ['mcp__github__create_issue']))).toContain('mcp__github__list_issues');
  });
});
