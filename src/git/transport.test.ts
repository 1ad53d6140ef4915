import { describe, expect, it } from 'vitest';
import { authFor, proxyFor, remoteOptions } from './transport';

describe('transport', () => {
  const access = {
    corsProxy: 'https://proxy.example/',
    tokenFor: (host: string) => (host === 'github.com' ? 'ghp_x' : undefined),
  };

  it('offers a host only its own token, with the user name that forge expects', () => {
    expect(authFor('github.com', access).onAuth('https://github.com/o/n.git')).toEqual({
      username: 'x-access-token',
      password: 'ghp_x',
    });
    expect(authFor('gitlab.com', { tokenFor: () => 't' }).onAuth('')).toEqual({ username: 'oauth2', password: 't' });
    expect(authFor('evil.example', access).onAuth('https://evil.example/o/n.git')).toEqual({ cancel: true });
    expect(authFor('github.com', access).onAuthFailure()).toEqual({ cancel: true });
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
