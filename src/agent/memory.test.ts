import { describe, expect, it } from 'vitest';
import { createLiteWorkspace } from '../workspace/lite-workspace';
import { findImports, loadMemory, MAX_FILE_CHARS } from './memory';
import { buildRequestContext } from './request-context';

describe('loadMemory', () => {
  it('reads CLAUDE.md, AGENTS.md, .claude/CLAUDE.md and CLAUDE.local.md in that order', async () => {
    const ws = createLiteWorkspace({
      files: {
        'CLAUDE.local.md': 'local notes',
        '.claude/CLAUDE.md': 'dot-claude rules',
        'AGENTS.md': 'agents rules',
        'CLAUDE.md': 'claude rules',
      },
    });
    const memory = await loadMemory(ws);
    expect(memory.files).toEqual([
      '/workspace/CLAUDE.md',
      '/workspace/AGENTS.md',
      '/workspace/.claude/CLAUDE.md',
      '/workspace/CLAUDE.local.md',
    ]);
    expect(memory.errors).toEqual([]);
    const order = ['claude rules', 'agents rules', 'dot-claude rules', 'local notes'].map((t) =>
      memory.text.indexOf(t),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(memory.text).toContain('Contents of CLAUDE.md:');
  });

  it('a Read deny rule keeps a denied @import (and a denied memory file) out of the prompt', async () => {
    const ws = createLiteWorkspace({
      files: {
        'CLAUDE.md': 'Project rules. See @.env and @docs/style.md',
        '.env': 'API_KEY=sk-secret-value',
        'docs/style.md': 'two-space indents',
        'CLAUDE.local.md': 'local secret notes',
      },
    });
    const rules = { allow: [], ask: [], deny: ['Read(.env)', 'Read(CLAUDE.local.md)'] };
    const { system } = await buildRequestContext(ws, [], 'default', { rules });
    expect(system).toContain('two-space indents');
    expect(system).not.toContain('sk-secret-value');
    expect(system).not.toContain('local secret notes');
    // Without the rule the import is followed: the test would catch a loader that never reads .env.
    expect((await buildRequestContext(ws, [], 'default')).system).toContain('sk-secret-value');
  });

  it('returns nothing when there are no memory files', async () => {
    expect(await loadMemory(createLiteWorkspace({ files: { 'README.md': '# hi' } }))).toEqual({
      text: '',
      files: [],
      errors: [],
    });
  });

  it('follows nested @imports relative to the importing file', async () => {
    const ws = createLiteWorkspace({
      files: {
        'CLAUDE.md': 'See @docs/style.md for style.',
        'docs/style.md': 'Style: tabs. Also @../notes/testing.md',
        'notes/testing.md': 'Run vitest.',
      },
    });
    const memory = await loadMemory(ws);
    expect(memory.files).toEqual(['/workspace/CLAUDE.md', '/workspace/docs/style.md', '/workspace/notes/testing.md']);
    expect(memory.text).toContain('Run vitest.');
    expect(memory.text).toContain('Contents of notes/testing.md:');
    expect(memory.errors).toEqual([]);
  });

  it('includes a file once even when it is imported and also a root file', async () => {
    const ws = createLiteWorkspace({ files: { 'CLAUDE.md': '@AGENTS.md', 'AGENTS.md': 'shared rules' } });
    const memory = await loadMemory(ws);
    expect(memory.files).toEqual(['/workspace/CLAUDE.md', '/workspace/AGENTS.md']);
    expect(memory.text.split('shared rules').length - 1).toBe(1);
  });

  it('survives an import cycle and reports it', async () => {
    const ws = createLiteWorkspace({ files: { 'CLAUDE.md': '@a.md', 'a.md': 'A @b.md', 'b.md': 'B @a.md' } });
    const memory = await loadMemory(ws);
    expect(memory.files).toEqual(['/workspace/CLAUDE.md', '/workspace/a.md', '/workspace/b.md']);
    expect(memory.errors.join('\n')).toMatch(/cycle/);
  });

  it('reports a missing import instead of throwing', async () => {
    const ws = createLiteWorkspace({
      files: { 'CLAUDE.md': 'Read @docs/missing.md first. Uses @tanstack/react-query.' },
    });
    const memory = await loadMemory(ws);
    expect(memory.files).toEqual(['/workspace/CLAUDE.md']);
    expect(memory.errors).toHaveLength(1);
    expect(memory.errors[0]).toMatch(/docs\/missing\.md.*no such file/);
  });

  it('refuses imports outside the workspace and from the home directory', async () => {
    const ws = createLiteWorkspace({ files: { 'CLAUDE.md': 'a @../outside.md b @/etc/passwd.md c @~/.claude/my.md' } });
    const memory = await loadMemory(ws);
    expect(memory.files).toEqual(['/workspace/CLAUDE.md']);
    expect(memory.errors.filter((e) => /outside the workspace/.test(e))).toHaveLength(2);
    expect(memory.errors.filter((e) => /home directory/.test(e))).toHaveLength(1);
  });

  it('ignores @paths inside code spans and fenced code blocks', async () => {
    const ws = createLiteWorkspace({
      files: {
        'CLAUDE.md': 'Real: @real.md\nInline `@span.md` here.\n```\n@fenced.md\n```\n~~~md\n@tilde.md\n~~~\n',
        'real.md': 'real',
        'span.md': 'span',
        'fenced.md': 'fenced',
        'tilde.md': 'tilde',
      },
    });
    const memory = await loadMemory(ws);
    expect(memory.files).toEqual(['/workspace/CLAUDE.md', '/workspace/real.md']);
  });

  it('stops importing deeper than five levels', async () => {
    const files: Record<string, string> = { 'CLAUDE.md': '@l1.md' };
    for (let i = 1; i <= 7; i++) files[`l${i}.md`] = `level ${i} @l${i + 1}.md`;
    const memory = await loadMemory(createLiteWorkspace({ files }));
    expect(memory.files.map((f) => f.slice('/workspace/'.length))).toEqual([
      'CLAUDE.md',
      'l1.md',
      'l2.md',
      'l3.md',
      'l4.md',
      'l5.md',
    ]);
    expect(memory.errors.join('\n')).toMatch(/deeper than 5/);
  });

  it('cuts an oversized file with a note', async () => {
    const ws = createLiteWorkspace({ files: { 'CLAUDE.md': 'x'.repeat(MAX_FILE_CHARS + 5000) } });
    const memory = await loadMemory(ws);
    expect(memory.text.length).toBeLessThan(MAX_FILE_CHARS + 500);
    expect(memory.text).toMatch(/only the first 20000 are included/);
    expect(memory.errors.join('\n')).toMatch(/truncated/);
  });
});

describe('findImports', () => {
  it('finds @paths at word starts, not e-mail addresses, and trims trailing punctuation', () => {
    expect(findImports('mail me@example.com, see @a.md, @b/c.md. and @d\\ e.md')).toEqual(['a.md', 'b/c.md', 'd e.md']);
  });
});
