// Where the service-worker preview runs. It must be another origin than the app's: a page served
// under the app's origin could read the app's IndexedDB (keys, sessions), and a sandboxed iframe
// without allow-same-origin is not served by a service worker at all (Chromium sends its
// navigation and requests to the network). Same site is best: a cross-site frame may not
// register a worker where third-party cookies are blocked.

export type PreviewOrigin = { origin: string } | { reason: string };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The configured preview origin (VITE_PREVIEW_ORIGIN), else on loopback the next port, which `vite` / `vite preview` serve. */
export function previewOrigin(
  page: { origin: string; hostname: string; port: string },
  configured: string | undefined,
  /** VITE_APP_ORIGIN: the one app origin the build's relay answers. */
  builtFor?: string,
): PreviewOrigin {
  if (configured) {
    // The relay answers only the app it was built for: elsewhere it would never say ready.
    if (builtFor && new URL(builtFor).origin !== page.origin)
      return { reason: `this build’s preview origin serves only ${new URL(builtFor).origin} (VITE_APP_ORIGIN)` };
    let origin: string;
    try {
      origin = new URL(configured).origin;
    } catch {
      return { reason: `VITE_PREVIEW_ORIGIN (${configured}) is not a URL` };
    }
    if (origin === 'null') return { reason: `VITE_PREVIEW_ORIGIN (${configured}) is not an http(s) origin` };
    if (origin === page.origin)
      return { reason: 'VITE_PREVIEW_ORIGIN is the app’s own origin, which would give the preview the app’s storage' };
    return { origin };
  }
  if (LOOPBACK.has(page.hostname) && page.port) {
    const url = new URL(page.origin);
    url.port = String(Number(page.port) + 1);
    return { origin: url.origin };
  }
  return { reason: 'no separate preview origin is configured (VITE_PREVIEW_ORIGIN)' };
}
