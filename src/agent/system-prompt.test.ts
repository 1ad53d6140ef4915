import { describe, expect, it } from 'vitest';
import type { PermissionMode } from './events';
import { buildSystemPrompt, type SystemPromptEnv } from './system-prompt';

const base: SystemPromptEnv = { backend: 'lite', root: '/workspace', date: '2026-11-24', mode: 'default' };
const bytes = (s: string): number => new TextEncoder().encode(s).length;

describe('buildSystemPrompt', () => {
  it('stays under 6 KB for every backend and mode', () => {
    for (const backend of ['lite', 'webcontainer'] as const) {
      for (const mode of ['default', 'acceptEdits', 'plan', 'bypassPermissions'] as PermissionMode[]) {
        const prompt = buildSystemPrompt({
          ...base,
          backend,
          mode,
          cwd: '/workspace/packages/app',
          model: 'claude-sonnet-4-5',
        });
        expect(bytes(prompt), `${backend}/${mode}`).toBeLessThan(6 * 1024);
      }
    }
  });

  it('states the lite backend honestly: simulated bash, node and python3 in a sandbox, no network or installs', () => {
    const prompt = buildSystemPrompt(base);
    expect(prompt).toContain('Backend: lite');
    expect(prompt).toMatch(/simulated bash/);
    expect(prompt).toMatch(/`node`.*`python3`\/`python`.*sandboxed worker/);
    expect(prompt).toMatch(/no network \(no sockets/);
    expect(prompt).toMatch(/no npm install, no npx download, no pip/);
    expect(prompt).toMatch(/cannot load native modules/);
    expect(prompt).toMatch(/isomorphic-git/);
    expect(prompt).toContain('/workspace');
  });

  it('states the webcontainer backend: real Node processes, npm and a preview for ports', () => {
    const prompt = buildSystemPrompt({ ...base, backend: 'webcontainer' });
    expect(prompt).toContain('Backend: webcontainer');
    expect(prompt).toMatch(/real Node\.js processes/);
    expect(prompt).toMatch(/preview/);
    expect(prompt).not.toMatch(/simulated bash/);
  });

  it('tells the model to prefer the file tools over shell equivalents and to read before editing', () => {
    const prompt = buildSystemPrompt(base);
    expect(prompt).toMatch(/Read \(not cat/);
    expect(prompt).toMatch(/Grep \(not grep/);
    expect(prompt).toMatch(/Read a file before you Edit/);
  });

  it('explains plan mode only in plan mode', () => {
    expect(buildSystemPrompt({ ...base, mode: 'plan' })).toMatch(/Plan mode is on/);
    expect(buildSystemPrompt(base)).not.toMatch(/Plan mode is on/);
  });

  it('appends memory under its own heading, after everything else', () => {
    const prompt = buildSystemPrompt({ ...base, memory: 'Contents of CLAUDE.md:\n\nUse pnpm, not npm.' });
    const heading = prompt.indexOf('# Project instructions');
    expect(heading).toBeGreaterThan(prompt.indexOf('# Environment'));
    expect(prompt.slice(heading)).toContain('Use pnpm, not npm.');
    expect(buildSystemPrompt({ ...base, memory: '  ' })).not.toContain('# Project instructions');
  });

  it('includes the working directory, model and extra shell facts when given', () => {
    const prompt = buildSystemPrompt({
      ...base,
      cwd: '/workspace/app',
      model: 'gpt-5',
      shellCapabilities: 'xargs -n is not supported.',
    });
    expect(prompt).toContain('/workspace/app');
    expect(prompt).toContain('gpt-5');
    expect(prompt).toContain('xargs -n is not supported.');
  });
});
