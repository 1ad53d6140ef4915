// Every way an MCP server can fail, as a value a person can read: what happened and what to do.
// Nothing here throws; the connection and the tools turn exceptions into these.
import type { McpSdk } from './sdk';

export type McpFailureKind =
  | 'config' // the entry itself is wrong
  | 'untrusted' // a project server, before the user trusts the project
  | 'unreachable' // nothing answered at the address
  | 'cors' // something answered, but the browser withheld the answer from this page
  | 'auth-required' // the server wants a sign-in (401)
  | 'auth-failed' // sign-in or token refresh was refused
  | 'popup-blocked'
  | 'protocol-version' // the server speaks an MCP version this client does not
  | 'server-died' // the connection closed while we waited
  | 'cannot-run-here' // a stdio server without a process runtime (lite)
  | 'timeout'
  | 'cancelled'
  | 'not-connected'
  | 'server-error'; // anything else the server or transport reported

export interface McpFailure {
  kind: McpFailureKind;
  server: string;
  /** One line: what happened. */
  message: string;
  /** What to check or do next. */
  hint: string;
  /** The underlying error text, for the details view. */
  detail?: string;
}

export function mcpFailure(
  kind: McpFailureKind,
  server: string,
  message: string,
  hint: string,
  detail?: string,
): McpFailure {
  return { kind, server, message, hint, ...(detail ? { detail } : {}) };
}

/** A failure as one paragraph, for a tool result or a status line. */
export function formatFailure(failure: McpFailure): string {
  return `${failure.message} ${failure.hint}`.trim();
}

/** The headers a server must send so a page on `origin` may use it (for the CORS message and docs). */
export function corsRequirements(origin: string, extraHeaders: readonly string[] = []): string[] {
  const requestHeaders = [
    'content-type',
    'accept',
    'authorization',
    'mcp-session-id',
    'mcp-protocol-version',
    'last-event-id',
  ];
  for (const header of extraHeaders)
    if (!requestHeaders.includes(header.toLowerCase())) requestHeaders.push(header.toLowerCase());
  return [
    `Access-Control-Allow-Origin: ${origin}`,
    'Access-Control-Allow-Methods: GET, POST, DELETE, OPTIONS',
    `Access-Control-Allow-Headers: ${requestHeaders.join(', ')}`,
    'Access-Control-Expose-Headers: mcp-session-id, mcp-protocol-version, www-authenticate',
  ];
}

export interface ErrorContext {
  server: string;
  /** The address we talked to, when remote. */
  url?: string;
  /** The page's origin, for the CORS wording. */
  origin?: string;
  /** Header names the configuration adds (they must be allowed by CORS too). */
  headers?: readonly string[];
  /** True when the failure was found to be CORS (the address answers no-cors requests). */
  corsRefused?: boolean;
  /** While connecting (a closed connection then means "could not connect", not "died"). */
  phase: 'connect' | 'call';
}

/** A network-level failure: Node's "fetch failed", Chromium's "Failed to fetch", Firefox's, Safari's. */
export function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const text = `${error.message} ${(error as { cause?: { message?: string } }).cause?.message ?? ''}`;
  return (
    error.name === 'TypeError' &&
    /fetch failed|failed to fetch|networkerror|load failed|network request failed|econnrefused/i.test(text)
  );
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? ` (${(cause as { code?: string }).code ?? cause.message})` : '';
    return `${error.message}${causeText}`;
  }
  return String(error);
}

/** Turns anything a connection or call threw into a named failure. */
export function describeError(error: unknown, ctx: ErrorContext, sdk?: McpSdk): McpFailure {
  const { server } = ctx;
  const where = ctx.url ? ` at ${ctx.url}` : '';
  const detail = errorText(error);
  if (isFailure(error)) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return mcpFailure('cancelled', server, `The call to "${server}" was stopped.`, 'The server was told to cancel it.');
  }
  if (sdk && error instanceof sdk.UnauthorizedError) {
    return mcpFailure(
      'auth-required',
      server,
      `"${server}" needs you to sign in.`,
      'Sign in to the server from its entry in Settings › MCP servers (or /mcp).',
      detail,
    );
  }
  const status = httpStatusOf(error, sdk);
  if (status === 401) {
    return mcpFailure(
      'auth-required',
      server,
      `"${server}" answered 401: it needs credentials.`,
      'Sign in, or add the header the server expects (e.g. Authorization) to its configuration.',
      detail,
    );
  }
  if (status === 403) {
    return mcpFailure(
      'auth-failed',
      server,
      `"${server}" refused the credentials (403).`,
      'Sign in again with an account that has access.',
      detail,
    );
  }
  if (status === 404 || status === 405) {
    return mcpFailure(
      'server-error',
      server,
      `No MCP endpoint${where} (HTTP ${status}).`,
      'Check the URL: Streamable HTTP endpoints often end in /mcp; older servers use /sse with the SSE transport.',
      detail,
    );
  }
  if (sdk && error instanceof sdk.OAuthError) {
    // While connecting this is the SDK trying OAuth after a 401: the server may have none at all.
    const why = error.message || error.name;
    return ctx.phase === 'connect'
      ? mcpFailure(
          'auth-required',
          server,
          `"${server}" wants credentials, and OAuth sign-in with it did not start (${why}).`,
          'If the server takes an API key or token, add it as a header (e.g. Authorization: Bearer …) in its configuration; otherwise try Sign in.',
          detail,
        )
      : mcpFailure(
          'auth-failed',
          server,
          `Signing in to "${server}" failed: ${why}`,
          'Sign in again; if it keeps failing, sign out first to start afresh.',
          detail,
        );
  }
  if (/protocol version is not supported/i.test(detail)) {
    const version = /supported: (\S+)/.exec(detail)?.[1];
    return mcpFailure(
      'protocol-version',
      server,
      `"${server}" speaks MCP ${version ?? 'in a version'} this client does not support.`,
      'Update the server, or ask its maintainers for a release that supports MCP 2025-03-26 or later.',
      detail,
    );
  }
  if (sdk && error instanceof sdk.McpError) {
    if (error.code === sdk.ErrorCode.ConnectionClosed) {
      return ctx.phase === 'call'
        ? mcpFailure(
            'server-died',
            server,
            `"${server}" closed the connection before answering.`,
            'The server may have crashed or restarted; reconnect it and try again.',
            detail,
          )
        : mcpFailure(
            'unreachable',
            server,
            `"${server}" closed the connection while connecting.`,
            'Check that the server is running and the address is right.',
            detail,
          );
    }
    if (error.code === sdk.ErrorCode.RequestTimeout) {
      return mcpFailure(
        'timeout',
        server,
        `"${server}" did not answer in time.`,
        'The server may be busy; try again, or raise its "timeout" in the configuration.',
        detail,
      );
    }
    return mcpFailure(
      'server-error',
      server,
      `"${server}" reported an error: ${error.message.replace(/^MCP error -?\d+: /, '')}`,
      "Check the arguments, or the server's logs.",
      detail,
    );
  }
  if (
    mixedContent(ctx) &&
    (isNetworkFailure(error) || (error instanceof Error && error.name === 'McpWebSocketError'))
  ) {
    return mcpFailure(
      'unreachable',
      server,
      `The browser blocked "${server}": this page is served over HTTPS and ${ctx.url} is not (mixed content).`,
      "Use the server's https:// (or wss://) address; plain http:// is allowed only for localhost.",
      detail,
    );
  }
  if (error instanceof Error && error.name === 'McpWebSocketError') {
    return mcpFailure(
      'unreachable',
      server,
      `Could not open a WebSocket to "${server}"${where}.`,
      'Check that the server is running and accepts the "mcp" WebSocket subprotocol at that address.',
      detail,
    );
  }
  if (isNetworkFailure(error)) {
    if (ctx.corsRefused) {
      const origin = ctx.origin ?? "this page's origin";
      return mcpFailure(
        'cors',
        server,
        `"${server}"${where} answered, but its CORS policy does not let this page (${origin}) read the answer.`,
        `The server must send: ${corsRequirements(origin, ctx.headers).join('; ')}. Or connect through a CORS proxy you run.`,
        detail,
      );
    }
    return mcpFailure(
      ctx.phase === 'call' ? 'server-died' : 'unreachable',
      server,
      ctx.phase === 'call' ? `Lost the connection to "${server}"${where}.` : `Could not reach "${server}"${where}.`,
      'Check that the server is running, the URL is right, and this device can reach it.',
      detail,
    );
  }
  if (status !== undefined) {
    return mcpFailure(
      'server-error',
      server,
      `"${server}" answered HTTP ${status}.`,
      "Check the server's logs.",
      detail,
    );
  }
  if (/closed|terminated|socket hang up|ECONNRESET|other side closed/i.test(detail)) {
    return mcpFailure(
      ctx.phase === 'call' ? 'server-died' : 'unreachable',
      server,
      ctx.phase === 'call'
        ? `"${server}" went away during the call.`
        : `"${server}" closed the connection while connecting.`,
      'The server may have crashed; reconnect it and try again.',
      detail,
    );
  }
  return mcpFailure(
    'server-error',
    server,
    `"${server}" failed: ${detail}`,
    "Check the server's configuration and logs.",
    detail,
  );
}

/** An https page talking to a plain http:// or ws:// server that is not on this machine: browsers block it. */
function mixedContent(ctx: ErrorContext): boolean {
  if (!ctx.origin?.startsWith('https:') || !ctx.url) return false;
  try {
    const url = new URL(ctx.url);
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || url.hostname.endsWith('.localhost');
    return (url.protocol === 'http:' || url.protocol === 'ws:') && !local;
  } catch {
    return false;
  }
}

function httpStatusOf(error: unknown, sdk?: McpSdk): number | undefined {
  if (!sdk) return undefined;
  if (error instanceof sdk.StreamableHTTPError || error instanceof sdk.SseError) {
    const code = error.code;
    return typeof code === 'number' && code >= 100 ? code : undefined;
  }
  return undefined;
}

export function isFailure(value: unknown): value is McpFailure {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as McpFailure).kind === 'string' &&
    typeof (value as McpFailure).message === 'string' &&
    typeof (value as McpFailure).hint === 'string' &&
    typeof (value as McpFailure).server === 'string'
  );
}
