import { describe, expect, it } from 'vitest';
import { displayPath, domainOf, hostOf } from './paths-and-urls';

describe('displayPath', () => {
  it('shows a path under the root relative to it, the root as ".", and anything outside whole', () => {
    expect(displayPath('/workspace/src/a.ts', '/workspace')).toBe('src/a.ts');
    expect(displayPath('/workspace', '/workspace')).toBe('.');
    expect(displayPath('/workspace-other/a.ts', '/workspace')).toBe('/workspace-other/a.ts');
    expect(displayPath('/etc/passwd', '/workspace')).toBe('/etc/passwd');
  });
});

describe('hostOf and domainOf', () => {
  it('hostOf keeps the port, so two ports of one machine are two hosts for keys and tokens', () => {
    expect(hostOf('http://LOCALHOST:8080/v1')).toBe('localhost:8080');
    expect(hostOf('https://api.anthropic.com')).toBe('api.anthropic.com');
    expect(hostOf('https://github.com:443/o/r.git')).toBe('github.com');
  });

  it('hostOf is null for anything that is not an absolute URL, a bare host name included', () => {
    expect(hostOf('github.com')).toBeNull();
    expect(hostOf('not a url')).toBeNull();
    expect(hostOf('')).toBeNull();
  });

  it('domainOf drops the port and takes a bare host name as itself, for domain: rules', () => {
    expect(domainOf('https://Docs.Example.com:8443/x?y')).toBe('docs.example.com');
    expect(domainOf('Example.COM')).toBe('example.com');
    expect(domainOf('not a host/path')).toBeNull();
    expect(domainOf('file:///etc/passwd')).toBeNull();
  });
});
