import { describe, expect, it } from 'vitest';
import { builtinTools, findTool } from './index';

describe('built-in tools', () => {
  it('keep all specs (names, descriptions, JSON schemas) under 20 KB of JSON', () => {
    // With the system prompt (~6 KB) a request stays under 30 KB; bench/agent.ts measures the sum.
    const specs = JSON.stringify(
      builtinTools.map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema })),
    );
    expect(specs.length).toBeLessThan(20 * 1024);
  });

  it('declare the Claude Code input fields and required ones', () => {
    const schema = (name: string) =>
      findTool(name, builtinTools)!.inputSchema as { properties: Record<string, unknown>; required?: string[] };
    expect(Object.keys(schema('Read').properties)).toEqual(['file_path', 'offset', 'limit', 'pages', 'allow_large']);
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
    expect(Object.keys(schema('WebFetch').properties)).toEqual(['url', 'prompt', 'offset']);
    expect(schema('WebFetch').required).toEqual(['url', 'prompt']);
    expect(Object.keys(schema('WebSearch').properties)).toEqual(['query', 'allowed_domains', 'blocked_domains']);
    expect(Object.keys(schema('NotebookEdit').properties)).toEqual([
      'notebook_path',
      'cell_id',
      'new_source',
      'cell_type',
      'edit_mode',
    ]);
    expect(schema('NotebookEdit').required).toEqual(['notebook_path', 'new_source']);
    expect(schema('AskUserQuestion').required).toEqual(['questions']);
    expect(Object.keys(schema('TaskCreate').properties)).toEqual(['subject', 'description', 'activeForm', 'metadata']);
    expect(Object.keys(schema('TaskUpdate').properties)).toEqual([
      'taskId',
      'subject',
      'description',
      'activeForm',
      'status',
      'addBlocks',
      'addBlockedBy',
      'owner',
      'metadata',
    ]);
    expect(schema('TaskGet').required).toEqual(['taskId']);
    expect(Object.keys(schema('TaskStop').properties)).toEqual(['task_id', 'shell_id']);
    expect(Object.keys(schema('Bash').properties)).toContain('run_in_background');
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
    const any = {
      file_path: 'x',
      pattern: 'x',
      path: 'x',
      command: 'x',
      todos: [],
      edits: [],
      url: 'x',
      query: 'x',
      notebook_path: 'x',
      questions: [],
      taskId: '1',
      task_id: 'x',
      subject: 'x',
    };
    for (const tool of builtinTools) expect(tool.summary(any)).not.toContain('\n');
  });
});
