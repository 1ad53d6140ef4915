import { parseTheme } from '../../lib/embed-options';
import { EMBED_VIEWS, isAllowedHost, type EmbedView } from '../../lib/embed-protocol';
import type { EmbedDeps } from './embed';
import { embedRequested } from './embed-flag';

// Embed mode from the page's own URL and window: `?embed=1` (any value but 0/false), the pane from
// `?view=`, the colours from `?theme=`, the parent's origin when the browser tells it up front, and the allowed host list
// baked in at build time (vite-embed-sdk.ts).

export interface EmbedStart {
  deps: Omit<EmbedDeps, 'actions'>;
  /** The parent is on an origin that is not allowed: show the refusal, start nothing. */
  refused: boolean;
}

export function embedFromLocation(win: Window = window): EmbedStart | null {
  if (!embedRequested(win.location.search)) return null;
  const params = new URLSearchParams(win.location.search);
  const asked = params.get('view');
  const view: EmbedView | null =
    asked === 'none' ? null : EMBED_VIEWS.includes(asked as EmbedView) ? (asked as EmbedView) : 'files';
  // An unknown theme is the visitor's own (auto), as an unknown view is the files pane.
  const theme = parseTheme(params.get('theme'));
  const framed = win.parent !== win;
  // Chromium and Safari say who framed the page before any message; elsewhere the handshake tells.
  const ancestor = framed ? (win.location.ancestorOrigins?.[0] ?? null) : null;
  const allowed = typeof __TIDEPOOL_EMBED_ORIGINS__ === 'undefined' ? [] : __TIDEPOOL_EMBED_ORIGINS__;
  const appOrigin = win.location.origin;
  return {
    deps: {
      window: win,
      postToParent: (message, targetOrigin) => win.parent.postMessage(message, targetOrigin),
      allowed,
      appOrigin,
      ancestorOrigin: ancestor,
      view,
      theme: theme.ok ? theme.value : 'auto',
    },
    refused: ancestor !== null && !isAllowedHost(ancestor, allowed, appOrigin),
  };
}
