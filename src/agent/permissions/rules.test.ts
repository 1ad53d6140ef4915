import { describe, expect, it } from 'vitest';
import { matchCommand, matchDomain, matchPath, parseRule } from './rules';

const ROOT = '/workspace';

describe('parseRule', () => {
  it('parses a bare tool name, a specifier and escaped parentheses', () => {
    expect(parseRule('Bash')).toEqual({ raw: 'Bash', toolName: 'Bash' });
    expect(parseRule(' Bash(npm test:*) ')).toEqual({
      raw: 'Bash(npm test:*)',
      toolName: 'Bash',
      specifier: 'npm test:*',
    });
    expect(parseRule('Bash(echo \\(hi\\))')).toMatchObject({ specifier: 'echo (hi)' });
    expect(parseRule('mcp__github__create_issue')).toEqual({
      raw: 'mcp__github__create_issue',
      toolName: 'mcp__github__create_issue',
    });
  });

  it('treats Tool(*) as the bare tool name', () => {
    expect(parseRule('Bash(*)')).toEqual({ raw: 'Bash(*)', toolName: 'Bash' });
  });

  it('reports invalid rules instead of throwing', () => {
    for (const bad of [
      '',
      'Bash(npm test',
      'Bash()',
      'Bash(npm:* test)',
      'Read(~/secrets/**)',
      'WebFetch(example.com)',
      'bad name',
      '(x)',
      'Bash(a))',
    ]) {
      const parsed = parseRule(bad);
      expect('error' in parsed, bad).toBe(true);
    }
  });
});

describe('matchCommand', () => {
  it('a :* prefix matches at a word boundary only', () => {
    expect(matchCommand('npm test:*', 'npm test')).toBe(true);
    expect(matchCommand('npm test:*', 'npm test -- -u')).toBe(true);
    expect(matchCommand('npm test:*', 'npm testing')).toBe(false);
    expect(matchCommand('npm test:*', 'npm tes')).toBe(false);
  });

  it('an exact specifier matches only that command', () => {
    expect(matchCommand('npm run build', 'npm run build')).toBe(true);
    expect(matchCommand('npm run build', 'npm run build --watch')).toBe(false);
  });

  it('a trailing " *" wildcard also matches the bare command, but not a longer word', () => {
    expect(matchCommand('git *', 'git')).toBe(true);
    expect(matchCommand('git *', 'git push origin main')).toBe(true);
    expect(matchCommand('git *', 'gitk')).toBe(false);
    expect(matchCommand('ls*', 'lsof')).toBe(true);
  });

  it('a wildcard in the middle matches any text there', () => {
    expect(matchCommand('git * main', 'git push origin main')).toBe(true);
    expect(matchCommand('git * main', 'git push origin dev')).toBe(false);
    expect(matchCommand('echo \\*', 'echo *')).toBe(true);
    expect(matchCommand('echo \\*', 'echo hi')).toBe(false);
  });
});

describe('matchPath', () => {
  it('anchors paths with a slash at the workspace root', () => {
    expect(matchPath('src/**', '/workspace/src/a/b.ts', ROOT)).toBe(true);
    expect(matchPath('src/**', 'src/a.ts', ROOT)).toBe(true);
    expect(matchPath('/src/**', '/workspace/src/a.ts', ROOT)).toBe(true);
    expect(matchPath('./secrets/**', '/workspace/secrets/key.pem', ROOT)).toBe(true);
    expect(matchPath('src/**', '/workspace/lib/src/a.ts', ROOT)).toBe(false);
  });

  it('matches a name without a slash at any depth, dotfiles included', () => {
    expect(matchPath('.env', '/workspace/.env', ROOT)).toBe(true);
    expect(matchPath('.env', '/workspace/app/.env', ROOT)).toBe(true);
    expect(matchPath('*.pem', '/workspace/a/b/key.pem', ROOT)).toBe(true);
    expect(matchPath('.env', '/workspace/.envrc', ROOT)).toBe(false);
  });

  it('a pattern naming a directory covers everything inside it', () => {
    expect(matchPath('secrets', '/workspace/secrets/deep/key', ROOT)).toBe(true);
    expect(matchPath('/secrets', '/workspace/secrets/deep/key', ROOT)).toBe(true);
  });

  it('// is an absolute path; relative patterns never match outside the root', () => {
    expect(matchPath('//workspace/secrets/**', '/workspace/secrets/a', ROOT)).toBe(true);
    expect(matchPath('//etc/**', '/etc/passwd', ROOT)).toBe(true);
    expect(matchPath('**', '/etc/passwd', ROOT)).toBe(false);
    expect(matchPath('src/**', '/workspace/../src/a', ROOT)).toBe(false);
  });
});

describe('matchDomain', () => {
  it('matches the host exactly, or subdomains with *.', () => {
    expect(matchDomain('domain:example.com', 'https://example.com/a?b')).toBe(true);
    expect(matchDomain('domain:example.com', 'https://EXAMPLE.com')).toBe(true);
    expect(matchDomain('domain:example.com', 'https://docs.example.com')).toBe(false);
    expect(matchDomain('domain:example.com', 'https://example.com.evil.io')).toBe(false);
    expect(matchDomain('domain:*.example.com', 'https://docs.example.com')).toBe(true);
    expect(matchDomain('domain:example.com', 'not a url')).toBe(false);
  });
});
