// One interactive sign-in: discovery, dynamic client registration and PKCE (the SDK's `auth`),
// the user's approval in the window, then the code exchanged for tokens. Failures come back as
// named values that say what to do; nothing throws.
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { err, ok, type Result } from '../../lib/result';
import { describeError, isNetworkFailure, mcpFailure, type McpFailure } from '../errors';
import type { McpSdk } from '../sdk';
import type { McpOAuthProvider } from './auth-provider';
import type { AuthorizationWindow } from './popup';

export interface SignInArgs {
  server: string;
  serverUrl: string;
  provider: McpOAuthProvider;
  window: AuthorizationWindow;
  sdk: McpSdk;
  fetch?: FetchLike;
  signal?: AbortSignal;
  /** The page's origin, for a CORS message about the authorization server. */
  origin?: string;
  /** In a page a CORS refusal and an unreachable host both read "Failed to fetch": this tells them apart. */
  probeCors?: (url: string) => Promise<boolean>;
}

/** What to say when the browser refused to open the sign-in window. */
export function popupBlocked(server: string): McpFailure {
  return mcpFailure(
    'popup-blocked',
    server,
    `The browser blocked the sign-in window for "${server}".`,
    'Allow pop-ups for this site (the icon at the end of the address bar), then press Sign in again.',
  );
}

/** Signs in and saves the tokens; the window is closed whatever happens. */
export async function signIn(args: SignInArgs): Promise<Result<void, McpFailure>> {
  const { server, serverUrl, provider, window: popup, sdk } = args;
  let authorizationUrl: URL | null = null;
  provider.interactive = (url) => {
    authorizationUrl = url;
    popup.navigate(url.href);
  };
  try {
    const first = await sdk.auth(provider, { serverUrl, fetchFn: args.fetch });
    if (first === 'AUTHORIZED') return ok(undefined); // a stored refresh token was enough
    const state = provider.expectedState;
    if (!authorizationUrl || !state) {
      return err(
        mcpFailure(
          'auth-failed',
          server,
          `"${server}" did not start a sign-in.`,
          "Try again; if it keeps failing, check the server's OAuth metadata.",
        ),
      );
    }
    const answer = await popup.result(state, args.signal);
    if (!answer.ok) {
      return err(
        mcpFailure(
          'cancelled',
          server,
          `Signing in to "${server}" was cancelled.`,
          'Press Sign in again when you are ready, and approve access in the window that opens.',
        ),
      );
    }
    const params = answer.value;
    if (params.error || !params.code) {
      const why = params.errorDescription ?? params.error ?? 'no authorization code came back';
      return err(
        mcpFailure(
          'auth-failed',
          server,
          `"${server}" did not grant access: ${why}.`,
          params.error === 'access_denied'
            ? 'Approve access in the window to use this server.'
            : 'Try again; if it keeps failing, sign out first to register afresh.',
        ),
      );
    }
    const second = await sdk.auth(provider, { serverUrl, authorizationCode: params.code, fetchFn: args.fetch });
    if (second !== 'AUTHORIZED') {
      return err(
        mcpFailure(
          'auth-failed',
          server,
          `"${server}" did not accept the authorization code.`,
          'Start the sign-in again.',
        ),
      );
    }
    return ok(undefined);
  } catch (error) {
    return err(await authFailure(error, args, authorizationUrl));
  } finally {
    provider.interactive = null;
    popup.close();
  }
}

async function authFailure(error: unknown, args: SignInArgs, authorizationUrl: URL | null): Promise<McpFailure> {
  const { server, sdk } = args;
  if (isNetworkFailure(error)) {
    // The authorization server is often another origin than the MCP server; name the one that failed.
    const failedUrl = urlOf(error) ?? (authorizationUrl ? new URL(authorizationUrl).origin : args.serverUrl);
    const cors = (await args.probeCors?.(failedUrl).catch(() => false)) ?? false;
    if (cors) {
      return mcpFailure(
        'cors',
        server,
        `The authorization server for "${server}" (${new URL(failedUrl).origin}) does not allow sign-in from this page (CORS).`,
        `Its metadata, registration and token endpoints must send Access-Control-Allow-Origin: ${args.origin ?? "this page's origin"} (or *) and allow POST with content-type. Ask the server's maintainers, or add an access token as an Authorization header instead.`,
        String(error),
      );
    }
    return mcpFailure(
      'unreachable',
      server,
      `Could not reach the authorization server for "${server}".`,
      'Check your connection and try again.',
      String(error),
    );
  }
  const failure = describeError(error, { server, url: args.serverUrl, phase: 'call' }, sdk);
  if (failure.kind === 'server-error') {
    return mcpFailure(
      'auth-failed',
      server,
      `Signing in to "${server}" failed: ${failure.detail ?? failure.message}`,
      'Try again; if it keeps failing, sign out first to register afresh.',
      failure.detail,
    );
  }
  return failure;
}

function urlOf(error: unknown): string | undefined {
  const text = error instanceof Error ? error.message : '';
  return /https?:\/\/[^\s'")]+/.exec(text)?.[0];
}
