import { describe, expect, it } from 'vitest';
import { needsCorsProxy, parseRepoUrl } from './repo-url';

const ok = (input: string) => {
  const result = parseRepoUrl(input);
  if (!result.ok) throw new Error(`${input}: ${result.message}`);
  return result.repo;
};
const refused = (input: string) => {
  const result = parseRepoUrl(input);
  expect(result.ok, input).toBe(false);
  return result.ok ? '' : `${result.message} ${result.hint}`;
};

describe('parseRepoUrl', () => {
  it('takes a GitHub page URL and gives the clone URL', () => {
    expect(ok('https://github.com/octo/hello')).toMatchObject({
      cloneUrl: 'https://github.com/octo/hello.git',
      host: 'github.com',
      owner: 'octo',
      name: 'hello',
      label: 'octo/hello',
    });
  });

  it('keeps one .git suffix and drops a trailing slash, query and fragment', () => {
    expect(ok('https://github.com/octo/hello.git').cloneUrl).toBe('https://github.com/octo/hello.git');
    expect(ok('https://github.com/octo/hello/').cloneUrl).toBe('https://github.com/octo/hello.git');
    expect(ok('https://github.com/octo/hello?tab=readme#top').cloneUrl).toBe('https://github.com/octo/hello.git');
  });

  it('reads the branch of a /tree/ link, slashes included, and of a /blob/ link', () => {
    expect(ok('https://github.com/octo/hello/tree/main').branch).toBe('main');
    expect(ok('https://github.com/octo/hello/tree/feature/x').branch).toBe('feature/x');
    expect(ok('https://github.com/octo/hello/blob/dev/src/a.ts').branch).toBe('dev');
    expect(ok('https://github.com/octo/hello/pull/12').branch).toBeUndefined();
  });

  it('accepts a URL without a scheme and an SSH remote, as https', () => {
    expect(ok('github.com/octo/hello').cloneUrl).toBe('https://github.com/octo/hello.git');
    expect(ok('git@github.com:octo/hello.git').cloneUrl).toBe('https://github.com/octo/hello.git');
  });

  it('understands GitLab groups and its /-/tree/ links', () => {
    const repo = ok('https://gitlab.com/group/sub/project/-/tree/release/1.0');
    expect(repo).toMatchObject({
      cloneUrl: 'https://gitlab.com/group/sub/project.git',
      owner: 'group/sub',
      name: 'project',
      branch: 'release/1.0',
    });
  });

  it('takes any smart-HTTP URL as given, port included', () => {
    expect(ok('http://127.0.0.1:8080/repos/app.git')).toMatchObject({
      cloneUrl: 'http://127.0.0.1:8080/repos/app.git',
      host: '127.0.0.1:8080',
      name: 'app',
    });
    expect(ok('https://git.example.org/team/tool').cloneUrl).toBe('https://git.example.org/team/tool');
    expect(ok('localhost:3000/x.git').cloneUrl).toBe('https://localhost:3000/x.git');
  });

  it('refuses schemes other than http(s), naming them', () => {
    expect(refused('javascript:alert(1)')).toContain("'javascript:'");
    expect(refused('file:///etc/passwd')).toContain("'file:'");
    expect(refused('data:text/html,<script>alert(1)</script>')).toMatch(/characters|'data:'/);
    expect(refused('ssh://git@github.com/octo/hello.git')).toContain('https://');
    expect(refused('ftp://example.com/repo.git')).toContain("'ftp:'");
  });

  it('refuses credentials in the URL and points to the token setting', () => {
    expect(refused('https://user:secret@github.com/octo/hello')).toContain('Credentials in the URL are refused');
    expect(refused('https://ghp_abc@github.com/octo/hello')).toContain('token');
  });

  it('refuses hostile or broken input: control characters, path tricks, missing parts', () => {
    refused('');
    refused('https://github.com/octo');
    refused('https://github.com/octo/hello\n/evil');
    refused('https://github.com/%2e%2e/hello');
    refused('https://github.com/octo/hel lo');
    refused('https://github.com/octo/hello/tree/..%2f..%2fetc');
    refused(`https://github.com/octo/${'a'.repeat(3000)}`);
    refused('https://exa mple.com/x.git');
    refused('https://github.com\\@evil.com/a/b');
  });

  it('knows which hosts need the CORS proxy', () => {
    expect(needsCorsProxy('github.com')).toBe(true);
    expect(needsCorsProxy('gitlab.com')).toBe(true);
    expect(needsCorsProxy('bitbucket.org')).toBe(true);
    expect(needsCorsProxy('127.0.0.1:8080')).toBe(false);
    expect(needsCorsProxy('git.example.org')).toBe(false);
  });
});
