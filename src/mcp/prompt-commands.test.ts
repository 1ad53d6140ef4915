import { describe, expect, it } from 'vitest';
import type { SlashCommand } from '../agent/commands/types';
import { parsePromptArgs, splitArgs, type McpPromptCommand } from './prompt-commands';

const params = [
  { name: 'city', required: true },
  { name: 'state', required: false },
];

describe('MCP prompts as slash commands', () => {
  it('split arguments like a shell: quotes group, backslash escapes', () => {
    expect(splitArgs(`Paris "New York" 'a b' key="c d" e\\ f`)).toEqual(['Paris', 'New York', 'a b', 'key=c d', 'e f']);
  });

  it('take key=value or positional arguments in the prompt’s order', () => {
    expect(parsePromptArgs('Paris', params)).toEqual({ ok: true, value: { city: 'Paris' } });
    expect(parsePromptArgs('state=TX city="El Paso"', params)).toEqual({
      ok: true,
      value: { city: 'El Paso', state: 'TX' },
    });
    expect(parsePromptArgs('Austin TX', params)).toEqual({ ok: true, value: { city: 'Austin', state: 'TX' } });
    expect(parsePromptArgs('', params)).toEqual({ ok: false, error: 'Missing city.' });
    expect(parsePromptArgs('x', [])).toEqual({ ok: false, error: 'Too many arguments: "x" has no argument to go to.' });
  });

  it('have the shape the agent’s command registry takes', () => {
    // Compile-time: a prompt command is a SlashCommand (src/mcp may not import the agent; this test may).
    const asSlash = (command: McpPromptCommand): SlashCommand => command;
    expect(typeof asSlash).toBe('function');
  });
});
