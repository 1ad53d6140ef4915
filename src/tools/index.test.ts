import { describe, expect, it } from 'vitest';
import { builtinTools, findTool } from './index';

describe('built-in tools', () => {
  it('keep all specs (names, descriptions, JSON schemas) under 20 KB of JSON', () => {
    const specs = JSON.stringify(
      builtinTools.map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema })),
    );
    expect(specs.length).toBeLessThan(20 * 1024);
  });

  it('declare the Claude Code input fields and required ones', () => {
    const schema = (name: string) =>
      findTool(name, builtinTools)!.inputSchema as { properties: Record<string, unknown>; required?: string[] };
    expect(Object.keys(schema('Read').properties)).toEqual(['file_path', 'offset', 'limit']);
    expect(schema('Read').required).toEqual(['file_path']);
    expect(schema('Edit').required).toEqual(['file_path', 'old_string', 'new_string']);
    expect(Object.keys(schema('Grep').properties)).toEqual([
      'pattern',
      'path',
      'glob',
      'type',
      'output_mode',
      '-A',
      '-B',
      '-C',
      'context',
      '-n',
      '-i',
      '-o',
      'head_limit',
      'offset',
      'multiline',
    ]);
    expect(schema('Grep').required).toEqual(['pattern']);
    expect(schema('Bash').required).toEqual(['command']);
    expect(schema('LS').required).toEqual(['path']);
    expect(schema('MultiEdit').required).toEqual(['file_path', 'edits']);
    expect(schema('TodoWrite').required).toEqual(['todos']);
  });

  it('finds a tool by exact name and ignoring case', () => {
    expect(findTool('Grep', builtinTools)?.name).toBe('Grep');
    expect(findTool('bash', builtinTools)?.name).toBe('Bash');
    expect(findTool('NoSuchTool', builtinTools)).toBeUndefined();
  });

  it('map file tools to Read and Edit permission rules, with a one-line summary', () => {
    const read = { file_path: 'src/a.ts' };
    expect(findTool('Read', builtinTools)!.permission(read)).toEqual({ ruleName: 'Read', value: 'src/a.ts' });
    expect(findTool('Glob', builtinTools)!.permission({ pattern: '*', path: 'src' })).toEqual({
      ruleName: 'Read',
      value: 'src',
    });
    expect(findTool('Grep', builtinTools)!.permission({ pattern: 'x' })).toEqual({ ruleName: 'Read', value: '.' });
    expect(findTool('LS', builtinTools)!.permission({ path: 'src' })).toEqual({ ruleName: 'Read', value: 'src' });
    expect(findTool('Write', builtinTools)!.permission({ file_path: 'a', content: '' })).toEqual({
      ruleName: 'Edit',
      value: 'a',
    });
    expect(findTool('Edit', builtinTools)!.permission({ file_path: 'a', old_string: '', new_string: '' })).toEqual({
      ruleName: 'Edit',
      value: 'a',
    });
    expect(findTool('MultiEdit', builtinTools)!.permission({ file_path: 'a', edits: [] })).toEqual({
      ruleName: 'Edit',
      value: 'a',
    });
    expect(findTool('Edit', builtinTools)!.summary({ file_path: 'src/app.ts', old_string: 'a', new_string: 'b' })).toBe(
      'Edit src/app.ts',
    );
    for (const tool of builtinTools)
      expect(
        tool.summary({ file_path: 'x', pattern: 'x', path: 'x', command: 'x', todos: [], edits: [] }),
      ).not.toContain('\n');
  });
});
