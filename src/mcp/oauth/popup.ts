// The sign-in window. A browser blocks `window.open` unless it runs in the click that asked for
// it, and discovery and client registration take network round trips, so the window is opened
// empty at the click (`openAuthorizationWindow`) and sent to the authorization page later. The
// authorization server redirects it to the app's callback page, which hands the code back to this
// tab over a same-origin BroadcastChannel (`handleOAuthCallbackPage`): no opener reference is
// needed, which authorization servers with a strict Cross-Origin-Opener-Policy would sever.
import { err, ok, type Result } from '../../lib/result';

/** What the authorization server put on the redirect back to us. */
export interface OAuthCallbackParams {
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
}

export type AuthorizationWindowError = 'closed' | 'aborted';

/** A window (or anything that plays its part, in tests) that the sign-in flow drives. */
export interface AuthorizationWindow {
  /** Shows the authorization page. */
  navigate(url: string): void;
  /** The callback's parameters for this sign-in's `state`; 'closed' if the user closed the window first. */
  result(state: string, signal?: AbortSignal): Promise<Result<OAuthCallbackParams, AuthorizationWindowError>>;
  close(): void;
}

export const OAUTH_CHANNEL = 'tidepool-mcp-oauth';

/** Reads the authorization response from the callback URL (query, or fragment for implicit-style servers). */
export function parseOAuthCallback(url: string | URL): OAuthCallbackParams {
  const parsed = new URL(String(url));
  const params =
    parsed.searchParams.has('code') || parsed.searchParams.has('error')
      ? parsed.searchParams
      : new URLSearchParams(parsed.hash.slice(1));
  const pick = (name: string): string | undefined => params.get(name) ?? undefined;
  const out: OAuthCallbackParams = {};
  const code = pick('code');
  const state = pick('state');
  const error = pick('error');
  const description = pick('error_description');
  if (code) out.code = code;
  if (state) out.state = state;
  if (error) out.error = error;
  if (description) out.errorDescription = description;
  return out;
}

interface ChannelLike {
  postMessage(message: unknown): void;
  close(): void;
}

/**
 * Runs on the app's OAuth callback page: passes what the authorization server sent to the tab
 * that started the sign-in, then closes the window. Returns the parameters so the page can say
 * what happened if the window cannot close itself.
 */
export function handleOAuthCallbackPage(
  href: string,
  openChannel: (name: string) => ChannelLike = (name) => new BroadcastChannel(name),
  closeWindow: () => void = () => globalThis.close?.(),
): OAuthCallbackParams {
  const params = parseOAuthCallback(href);
  const channel = openChannel(OAUTH_CHANNEL);
  channel.postMessage({ type: 'mcp-oauth-callback', params });
  channel.close();
  closeWindow();
  return params;
}

/** The window API this needs, so tests and other hosts can supply their own. */
export interface WindowOpener {
  open(
    url: string,
    target: string,
    features: string,
  ): { closed: boolean; location: { href: string }; close(): void } | null;
}

export type OpenWindowResult = Result<AuthorizationWindow, 'popup-blocked'>;

/**
 * Opens the sign-in window now — call it synchronously in the click handler — or reports that the
 * browser blocked it. The window shows nothing until `navigate`.
 */
export function openAuthorizationWindow(
  opener: WindowOpener = globalThis as unknown as WindowOpener,
  makeChannel: (name: string) => BroadcastChannel = (name) => new BroadcastChannel(name),
): OpenWindowResult {
  const popup = opener.open('about:blank', 'tidepool-mcp-sign-in', 'popup,width=520,height=720');
  if (!popup) return err('popup-blocked');
  return ok({
    navigate(url) {
      popup.location.href = url;
    },
    result(state, signal) {
      return new Promise((resolve) => {
        const channel = makeChannel(OAUTH_CHANNEL);
        // The window's `closed` flag has no event; a slow poll notices a window the user shut. The
        // callback page closes itself right after posting, so a closed window gets a moment for
        // that message to arrive before it counts as abandoned.
        let closedSince: number | null = null;
        const poll = setInterval(() => {
          if (!popup.closed) return;
          closedSince ??= Date.now();
          if (Date.now() - closedSince >= 1000) finish(err('closed'));
        }, 250);
        const onAbort = (): void => finish(err('aborted'));
        const finish = (value: Result<OAuthCallbackParams, AuthorizationWindowError>): void => {
          clearInterval(poll);
          signal?.removeEventListener('abort', onAbort);
          channel.close();
          resolve(value);
        };
        channel.onmessage = (event: MessageEvent) => {
          const data = event.data as { type?: string; params?: OAuthCallbackParams };
          if (data?.type !== 'mcp-oauth-callback' || data.params?.state !== state) return;
          finish(ok(data.params));
        };
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    close() {
      popup.close();
    },
  });
}
