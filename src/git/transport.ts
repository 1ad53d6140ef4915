import { hostOf } from '../lib/paths-and-urls';
import type { GitRemoteAccess } from './context';
import { createHttpClient, type GitHttpClient } from './http';
import { needsCorsProxy } from './repo-url';
import { remoteOrigin } from './token-binding';

// How one remote URL is reached: directly when the host sends CORS headers, through the CORS
// proxy when it is known not to; with the token saved for its exact origin offered only when that
// origin asks (401). The proxy necessarily sees what it forwards, token included: docs/git.md.

export interface AuthCallbacks {
  onAuth: (url: string) => { username?: string; password?: string; cancel?: boolean };
  onAuthFailure: () => { cancel: true };
}

export interface RemoteOptions extends AuthCallbacks {
  http: GitHttpClient;
  corsProxy?: string;
  /** The host the URL names (`github.com`), for messages. */
  host: string;
  /** Whether a token was available for this host. */
  hasToken: boolean;
}

/** The user name each forge expects next to a token in Basic auth. */
function tokenUser(host: string): string {
  const h = host.replace(/:\d+$/, '');
  if (h === 'gitlab.com' || h.startsWith('gitlab.')) return 'oauth2';
  if (h === 'bitbucket.org') return 'x-token-auth';
  return 'x-access-token';
}

/**
 * The token for `url`'s exact origin (token-binding.ts): a token saved for https://host is not
 * offered to http://host, another port or another host.
 */
export function authFor(url: string, access: GitRemoteAccess | undefined): AuthCallbacks & { hasToken: boolean } {
  const origin = remoteOrigin(url);
  const token = origin ? access?.tokenFor?.(origin) : undefined;
  return {
    hasToken: !!token,
    // isomorphic-git asks only after a 401 from this very URL, so the token never goes anywhere unasked;
    // the origin is checked again in case it ever asks for another.
    onAuth: (asked) =>
      token && remoteOrigin(asked) === origin
        ? { username: tokenUser(hostOf(url) ?? ''), password: token }
        : { cancel: true },
    // A rejected token must not be retried forever.
    onAuthFailure: () => ({ cancel: true }),
  };
}

export function proxyFor(url: string, access: GitRemoteAccess | undefined): string | undefined {
  const proxy = access?.corsProxy?.replace(/\/+$/, '');
  if (!proxy) return undefined;
  return access?.proxyAll || needsCorsProxy(hostOf(url) ?? '') ? proxy : undefined;
}

export function remoteOptions(
  url: string,
  access: GitRemoteAccess | undefined,
  options: { http?: GitHttpClient; signal?: AbortSignal; maxBytes?: number; onBytes?: (n: number) => void } = {},
): RemoteOptions {
  const host = hostOf(url) ?? '';
  const http =
    options.http ?? createHttpClient({ signal: options.signal, maxBytes: options.maxBytes, onBytes: options.onBytes });
  return { http, corsProxy: proxyFor(url, access), host, ...authFor(url, access) };
}
