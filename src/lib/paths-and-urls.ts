// Paths and URLs as the app shows and compares them. Pure string work: no workspace, no DOM, so
// every layer shows a path or names a host the same way.

/**
 * `path` as shown to a person or a model: relative to `root` (`src/a.ts`), `.` for the root
 * itself, and a path outside the root whole. Both are absolute and normalised.
 */
export function displayPath(path: string, root: string): string {
  if (path === root) return '.';
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}

/**
 * The host of an absolute URL with its port when it has one (`localhost:8080`, `github.com`),
 * lower-case; null when `url` is not an absolute URL. Keys and tokens are bound to this: two ports
 * of one machine are two hosts.
 */
export function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase() || null;
  } catch {
    return null;
  }
}

/**
 * The domain a URL points at: its host name without the port, lower-case. A bare host name
 * (`example.com`) is taken as itself; anything else that is not a URL gives null. What
 * `domain:` permission rules compare.
 */
export function domainOf(urlOrHost: string): string | null {
  try {
    return new URL(urlOrHost).hostname.toLowerCase() || null;
  } catch {
    return /^[A-Za-z0-9.-]+$/.test(urlOrHost) ? urlOrHost.toLowerCase() : null;
  }
}
