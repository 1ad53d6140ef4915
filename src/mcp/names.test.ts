import { describe, expect, it } from 'vitest';
import { assignServerParts, assignToolNames, normalizeServerName, TOOL_NAME_PATTERN } from './names';

describe('MCP tool names', () => {
  it('keep within ^[a-zA-Z0-9_-]{1,64}$ whatever the server calls things', () => {
    const taken = new Set<string>();
    const names = assignToolNames(
      'files',
      ['read file', 'dir/list', 'ünïcode', 'a'.repeat(100), 'b'.repeat(100)],
      taken,
    );
    for (const name of names.values()) expect(name).toMatch(TOOL_NAME_PATTERN);
    expect(names.get('read file')).toBe('mcp__files__read_file');
    expect(names.get('dir/list')).toBe('mcp__files__dir_list');
    // Two long names cut to the same prefix still differ (a tag of the full name).
    expect(names.get('a'.repeat(100))).not.toBe(names.get('b'.repeat(100)));
    expect(names.get('a'.repeat(100))).toHaveLength(64);
  });

  it('server parts have no double underscore, so mcp__<server> rules know where the server ends', () => {
    expect(normalizeServerName('my__server')).toBe('my_server');
    expect(normalizeServerName('__x__')).toBe('x');
    expect(normalizeServerName('***')).toBe('server');
    const parts = assignServerParts(['a.b', 'a_b', 'c'.repeat(60)]);
    expect(parts.get('a.b')).toBe('a_b');
    expect(parts.get('a_b')).toBe('a_b_2');
    expect(parts.get('c'.repeat(60))!.length).toBeLessThanOrEqual(36);
  });

  it('give the same names for the same list, whatever order the server lists it in', () => {
    const one = assignToolNames('s', ['x.y', 'x_y', 'z'], new Set());
    const two = assignToolNames('s', ['z', 'x_y', 'x.y'], new Set());
    expect([...one].sort()).toEqual([...two].sort());
    expect(one.get('x_y')).toBe('mcp__s__x_y');
    expect(one.get('x.y')).toBe('mcp__s__x_y_2');
  });
});
