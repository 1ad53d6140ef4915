// The sign-in window. A browser blocks `window.open` unless it runs in the click that asked for
// it, and discovery and client registration take network round trips, so the window is opened
// empty at the click (`openAuthorizationWindow`) and sent to the authorization page later. The
// authorization server redirects it to the app's callback page, which hands the code back to this
// tab over a same-origin BroadcastChannel (`handleOAuthCallbackPage`): no opener reference is
// needed, which a Cross-Origin-Opener-Policy (the app's own `same-origin`, or the authorization
// server's) severs. For the same reason the window's `closed` flag means nothing here: a user who
// shuts the window without answering presses Cancel sign-in, which aborts the wait.
import { err, ok, type Result } from '../../lib/result';

/** What the authorization server put on the redirect back to us. */
export interface OAuthCallbackParams {
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
}

/** 'aborted': the user pressed Cancel sign-in (or the sign-in was otherwise given up). */
export type AuthorizationWindowError = 'aborted';

/** A window (or anything that plays its part, in tests) that the sign-in flow drives. */
export interface AuthorizationWindow {
  /** Shows the authorization page. */
  navigate(url: string): void;
  /** The callback's parameters for this sign-in's `state`, or 'aborted' once `signal` fires. */
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
  open(url: string, target: string, features: string): { location: { href: string }; close(): void } | null;
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
        // Only the callback's message or the user's Cancel (the signal) ends the wait: under the
        // app's Cross-Origin-Opener-Policy the reference to this window is severed as soon as it
        // reaches the authorization server, and `popup.closed` then reads true at once.
        const onAbort = (): void => finish(err('aborted'));
        const finish = (value: Result<OAuthCallbackParams, AuthorizationWindowError>): void => {
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
