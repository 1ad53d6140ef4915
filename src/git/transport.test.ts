import { describe, expect, it } from 'vitest';
import { authFor, proxyFor, remoteOptions } from './transport';

describe('transport', () => {
  const access = {
    corsProxy: 'https://proxy.example/',
    tokenFor: (origin: string) => (origin === 'https://github.com' ? 'ghp_x' : undefined),
  };

  it('offers an origin only its own token, with the user name that forge expects', () => {
    expect(authFor('https://github.com/o/n.git', access).onAuth('https://github.com/o/n.git')).toEqual({
      username: 'x-access-token',
      password: 'ghp_x',
    });
    const gitlab = 'https://gitlab.com/o/n.git';
    expect(authFor(gitlab, { tokenFor: () => 't' }).onAuth(gitlab)).toEqual({ username: 'oauth2', password: 't' });
    expect(authFor('https://evil.example/o/n.git', access).onAuth('https://evil.example/o/n.git')).toEqual({
      cancel: true,
    });
    expect(authFor('https://github.com/o/n.git', access).onAuthFailure()).toEqual({ cancel: true });
  });

  it('never offers a token saved for https to plain http, another port, or a URL it was not asked for', () => {
    for (const url of ['http://github.com/o/n.git', 'https://github.com:8443/o/n.git', 'ssh://github.com/o/n.git']) {
      const auth = authFor(url, access);
      expect([url, auth.hasToken, auth.onAuth(url)]).toEqual([url, false, { cancel: true }]);
    }
    expect(authFor('https://github.com/o/n.git', access).onAuth('http://github.com/o/n.git')).toEqual({ cancel: true });
  });

  it('sends hosts without CORS through the proxy and others directly', () => {
    expect(proxyFor('https://github.com/o/n.git', access)).toBe('https://proxy.example');
    expect(proxyFor('https://git.example.org/o/n.git', access)).toBeUndefined();
    expect(proxyFor('https://git.example.org/o/n.git', { ...access, proxyAll: true })).toBe('https://proxy.example');
    expect(proxyFor('https://github.com/o/n.git', {})).toBeUndefined();
    expect(remoteOptions('https://github.com/o/n.git', access)).toMatchObject({
      host: 'github.com',
      corsProxy: 'https://proxy.example',
      hasToken: true,
    });
  });
});
