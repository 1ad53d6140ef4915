import { err, ok, type Result } from '../lib/result';

// Where a saved git token may go: the exact origin (scheme, host and port) it was saved for, as API
// keys are bound. `github.com` means https://github.com; plain http only when the user typed
// http:// (a server on a LAN or this machine). So a token saved for a host is never sent over plain
// http to it, nor to another host or port, whatever a remote URL, a repo's config or a link says.
// Pure: the git settings UI and the token store both use it.

/** The origin a token entered for `input` is bound to: `github.com` → `https://github.com`; `http://…` stays http. */
export function tokenOrigin(input: string): Result<string> {
  const text = input.trim();
  const hint = 'Enter a host name such as github.com (or http://host:port for a server without HTTPS).';
  if (!text) return err(hint);
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return err(hint);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return err(hint);
  if (url.username || url.password || !/[a-z0-9]/i.test(url.hostname)) return err(hint);
  return ok(url.origin);
}

/** How a binding is named in the UI: the bare host for https, the whole origin for plain http. */
export function tokenLabel(origin: string): string {
  return origin.startsWith('https://') ? origin.slice('https://'.length) : origin;
}

/** The origin a request to `url` would carry a token to; null when it may carry none. */
export function remoteOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    return parsed.origin;
  } catch {
    return null;
  }
}
