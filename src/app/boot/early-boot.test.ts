import { describe, expect, test } from 'vitest';
import { createGitCommand } from '../../git/git-command';
import { startEarlyBoot } from './early-boot';

describe('early boot', () => {
  test('the workspace is live before the app binds anything, and `git` run early waits for its binding', async () => {
    const early = startEarlyBoot({ files: { 'README.md': '# early\n' } });
    const ws = early.handle.workspace;
    expect(await ws.readText('README.md')).toBe('# early\n');
    expect((await ws.exec('cat README.md')).stdout).toBe('# early\n');

    let settled = false;
    const pending = ws.exec('git init -q && git status').then((r) => ((settled = true), r));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);

    early.bindCommands({ customCommands: [createGitCommand({ workspace: () => ws })], hostCommands: [] });
    const result = await pending;
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('No commits yet');
    early.choose('lite');
    await early.handle.settled;
    expect(early.handle.status().backend).toBe('lite');
  });

  test('a late command the app never provides fails like a missing program, not silently', async () => {
    const early = startEarlyBoot();
    early.bindCommands({ customCommands: [], hostCommands: [] });
    const result = await early.handle.workspace.exec('git status');
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toContain('git: command not found');
  });
});
