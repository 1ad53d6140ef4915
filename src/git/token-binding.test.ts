import { describe, expect, it } from 'vitest';
import { remoteOrigin, tokenLabel, tokenOrigin } from './token-binding';

describe('git token binding', () => {
  it('binds a bare host to https, and keeps http only when typed', () => {
    expect(tokenOrigin('github.com')).toEqual({ ok: true, value: 'https://github.com' });
    expect(tokenOrigin(' GitHub.com/octo/repo ')).toEqual({ ok: true, value: 'https://github.com' });
    expect(tokenOrigin('git.example:8443')).toEqual({ ok: true, value: 'https://git.example:8443' });
    expect(tokenOrigin('http://localhost:3000')).toEqual({ ok: true, value: 'http://localhost:3000' });
    expect(tokenOrigin('https://gitlab.com:443')).toEqual({ ok: true, value: 'https://gitlab.com' });
  });

  it('refuses what is not a host', () => {
    for (const bad of ['', '  ', 'ftp://host', 'file:///etc', 'https://user:pw@github.com', 'https://', '...'])
      expect(tokenOrigin(bad).ok, bad).toBe(false);
  });

  it('names https bindings by host and http ones by origin, and reads them back', () => {
    for (const origin of ['https://github.com', 'https://git.example:8443', 'http://localhost:3000']) {
      const label = tokenLabel(origin);
      expect(tokenOrigin(label)).toEqual({ ok: true, value: origin });
    }
    expect(tokenLabel('https://github.com')).toBe('github.com');
    expect(tokenLabel('http://localhost:3000')).toBe('http://localhost:3000');
  });

  it('gives a remote URL’s origin, scheme and port included', () => {
    expect(remoteOrigin('https://github.com/o/r.git')).toBe('https://github.com');
    expect(remoteOrigin('http://github.com/o/r.git')).toBe('http://github.com');
    expect(remoteOrigin('https://github.com:8443/o/r.git')).toBe('https://github.com:8443');
    expect(remoteOrigin('ssh://git@github.com/o/r.git')).toBeNull();
    expect(remoteOrigin('not a url')).toBeNull();
  });
});
