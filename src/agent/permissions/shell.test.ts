import { beforeAll, describe, expect, it } from 'vitest';
import { bashTool } from '../../tools/bash';
import { writeTool } from '../../tools/write';
import { loadShellParser } from '../../workspace/shell-syntax';
import type { PermissionMode } from '../events';
import { decidePermission, type PermissionDecision } from '.';

beforeAll(async () => {
  await loadShellParser();
});

interface Opts {
  mode?: PermissionMode;
  allow?: string[];
  ask?: string[];
  deny?: string[];
  cwd?: string;
  env?: Record<string, string>;
}
const decide = (command: string, o: Opts = {}): PermissionDecision =>
  decidePermission({
    tool: bashTool,
    input: { command },
    mode: o.mode ?? 'default',
    rules: { allow: o.allow ?? [], ask: o.ask ?? [], deny: o.deny ?? [] },
    root: '/workspace',
    cwd: o.cwd,
    env: o.env,
  });
const bash = (command: string, o: Opts = {}): string => decide(command, o).behavior;
/** What a read-only allowance turns into when the run tries to write. */
const ifWrites = (d: PermissionDecision) => (d.behavior === 'allow' ? d.ifWrites?.() : undefined);

describe('acceptEdits: writes resolved against the shell’s real directory', () => {
  const mode = 'acceptEdits';

  it('follows cd earlier in the line, and the directory the shell is already in', () => {
    expect(bash('cd src && echo x > a.ts', { mode })).toBe('allow');
    expect(bash('cd .git && echo x > config', { mode })).toBe('ask');
    expect(bash('echo x > config', { mode, cwd: '/workspace/.git' })).toBe('ask');
    expect(bash('echo x > ../README.md', { mode, cwd: '/workspace/src' })).toBe('allow');
    expect(bash('echo x > ../../etc/x', { mode, cwd: '/workspace/src' })).toBe('ask');
    // `cd` can fail: then the write lands where the shell already was.
    expect(bash('cd nowhere; echo x > .git/config', { mode })).toBe('ask');
    expect(bash('cd $DIR && echo x > a', { mode })).toBe('ask');
    expect(bash('cd src && echo x > a', { mode, env: { CDPATH: '/workspace/.git' } })).toBe('ask');
  });

  it('asks for globs, braces and expansions in write targets', () => {
    for (const line of [
      'rm -rf .gi?',
      'rm -rf *',
      'touch {a,.git/b}',
      'echo x > $OUT',
      'cp a ~/x',
      'rm -rf "$(echo .git)"',
    ]) {
      expect(bash(line, { mode }), line).toBe('ask');
    }
    expect(bash('rm -rf build dist', { mode })).toBe('allow');
  });

  it('always asks for shell writes under .git and .claude, the Edit tool keeping its exceptions', () => {
    for (const line of [
      'echo x > .git/config',
      'mv a .git/',
      'cp a .claude/settings.json',
      'touch .claude/commands/x.md',
      'rm -rf .claude',
      'mkdir .vscode',
      "sed -i 's/a/b/' .git/HEAD",
      'tee .idea/x < a',
      'mv .git g',
    ]) {
      expect(bash(line, { mode }), line).toBe('ask');
    }
    // The Write tool: Claude Code's exceptions for commands, agents and skills stay.
    const write = (file_path: string) =>
      decidePermission({
        tool: writeTool,
        input: { file_path, content: '' },
        mode,
        rules: { allow: [], ask: [], deny: [] },
        root: '/workspace',
      }).behavior;
    expect(write('.claude/commands/x.md')).toBe('allow');
    expect(write('.claude/settings.json')).toBe('ask');
  });

  it('mv and cp into the root land under their own name', () => {
    expect(bash('mv src/a.ts .', { mode })).toBe('allow');
    expect(bash('cp -r .git/hooks .', { mode })).toBe('allow');
    expect(bash('mv .git/config .', { mode })).toBe('ask'); // the source under .git changes
  });

  it('checks Bash writes against Edit deny and ask rules, in every mode', () => {
    const deny = ['Edit(secrets/**)'];
    expect(bash('echo x > secrets/key', { deny })).toBe('deny');
    expect(bash('cd secrets && rm key', { mode, deny })).toBe('deny');
    expect(bash('echo x > secrets/key', { mode: 'bypassPermissions', deny })).toBe('deny');
    expect(bash('echo x > $F', { mode, deny })).toBe('ask'); // cannot be checked against the rule
    expect(bash('touch notes.md', { mode, ask: ['Edit(*.md)'] })).toBe('ask');
    expect(bash('echo x > out.txt', { allow: ['Edit(out.txt)'] })).toBe('allow');
    expect(bash('echo x > .git/config', { allow: ['Edit'] })).toBe('ask'); // a bare Edit rule does not reach .git
  });
});

describe('Read deny rules apply to what Bash reads', () => {
  const deny = ['Read(.env)'];

  it('denies reading a denied path, by operand or redirection', () => {
    for (const line of [
      'cat .env',
      'head -1 .env',
      'grep KEY .env',
      'sort < .env',
      'cd config && cat ../.env',
      'cp .env x',
      'ls .env',
    ]) {
      expect(bash(line, { deny }), line).toBe('deny');
    }
  });

  it('asks when a read cannot be checked: a pattern, an expansion, a recursive read of a directory', () => {
    for (const line of ['cat .e*', 'cat $F', 'grep -r KEY .', 'rg KEY', 'git diff', 'find . -name x -print | head']) {
      expect(bash(line, { deny }), line).toBe(line.startsWith('find') ? 'allow' : 'ask');
    }
    expect(bash('cat README.md', { deny })).toBe('allow');
    expect(bash('grep -r KEY src', { deny: [] })).toBe('allow');
  });
});

describe('plan and dontAsk', () => {
  it('plan mode runs only read-only lines, whatever the allow rules say', () => {
    expect(bash('npm test', { mode: 'plan', allow: ['Bash(npm test:*)'] })).toBe('deny');
    expect(bash('git log --oneline', { mode: 'plan' })).toBe('allow');
    expect(bash('echo x > f', { mode: 'plan', allow: ['Bash', 'Edit'] })).toBe('deny');
    const d = decide('cat a', { mode: 'plan' });
    expect(d).toMatchObject({ behavior: 'allow', readOnly: true });
    expect(ifWrites(d)?.behavior).toBe('deny');
  });

  it('dontAsk denies, without a dialog, whatever is not approved in advance', () => {
    const d = decide('npm install', { mode: 'dontAsk' });
    expect(d.behavior).toBe('deny');
    if (d.behavior === 'deny') expect(d.message).toMatch(/dontAsk/);
    expect(bash('npm test', { mode: 'dontAsk', allow: ['Bash(npm test:*)'] })).toBe('allow');
    expect(bash('ls -la', { mode: 'dontAsk' })).toBe('allow');
    expect(decide('cat a', { mode: 'dontAsk' })).toMatchObject({ behavior: 'allow', readOnly: true });
    expect(ifWrites(decide('cat a', { mode: 'dontAsk' }))?.behavior).toBe('deny');
    expect(ifWrites(decide('cat a'))?.behavior).toBe('ask');
  });
});

describe('what the prompt shows', () => {
  const review = (command: string, o: Opts = {}) => {
    const d = decide(command, o);
    if (d.behavior !== 'ask') throw new Error(`expected ask, got ${d.behavior}`);
    return d.review!;
  };

  it('the whole command and each command it runs, with what was found', () => {
    const r = review('cd src && npm test $(curl -s x) > out.txt');
    expect(r.command).toBe('cd src && npm test $(curl -s x) > out.txt');
    expect(r.parts).toEqual([
      { text: 'cd src', note: 'read-only' },
      { text: 'curl -s x', note: 'curl is not on the read-only list (in a substitution)' },
      { text: 'npm test $(curl -s x) > out.txt', note: 'writes > out.txt' },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('flags several lines, very long lines, invisible characters and anything unresolved', () => {
    expect(review('ls\nrm x').warnings).toEqual(['Runs 2 lines: check every one.']);
    expect(review(`echo ${'a'.repeat(300)} > f`).warnings[0]).toMatch(/^A line of 3\d\d characters/);
    expect(review('echo ok\u202e; rm x').warnings).toContain('Contains invisible or control characters.');
    expect(review('$CMD x').warnings).toContain(
      'Not resolved: the command name $CMD is only known when the line runs.',
    );
    expect(review('rm -rf .gi?', { mode: 'acceptEdits' }).warnings).toContain(
      'Not resolved: .gi?: .gi? is a pattern, so the files it names are not known.',
    );
    expect(review('echo "unterminated').warnings[0]).toMatch(/^Could not be analysed/);
  });
});
