import { NetworkError, TooLargeError } from './http';

// Why talking to a remote failed, told apart so people can act on it: not found, auth, proxy down,
// network (including a host without CORS and no proxy), too large.

export type RemoteErrorKind =
  | 'not-found'
  | 'auth'
  | 'proxy-down'
  | 'network'
  | 'too-large'
  | 'invalid-url'
  /** A one-folder clone of a folder the commit does not have. */
  | 'no-folder';

/**
 * What the user can do instead when a repository is too big for the tab: clone one folder of it
 * (a sparse checkout), or keep its files in memory only (not saved with the session).
 */
export type TooLargeRemedy = 'folder' | 'memory-only';

export interface RemoteError {
  kind: RemoteErrorKind;
  message: string;
  hint: string;
  /** For `too-large`: the ways round it the page can offer (absent: none, e.g. a download cap). */
  remedies?: TooLargeRemedy[];
}

export interface RemoteErrorContext {
  url: string;
  host: string;
  corsProxy?: string;
  hasToken: boolean;
  /** The branch asked for, if any. */
  ref?: string;
}

export function classifyRemoteError(error: unknown, ctx: RemoteErrorContext): RemoteError {
  const e = error as { code?: string; name?: string; message?: string; data?: { statusCode?: number; what?: string } };
  const viaProxy = !!ctx.corsProxy;
  const proxyHost = ctx.corsProxy ? safeHost(ctx.corsProxy) : '';
  if (error instanceof TooLargeError) {
    return {
      kind: 'too-large',
      message: `${ctx.host} sent more than the ${Math.round(error.limitBytes / 1e6)} MB limit for a repository.`,
      hint: 'Open a smaller repository, or work on it with git on your own machine.',
    };
  }
  if (e?.name === 'AbortError' || e?.code === 'ABORT_ERR') {
    return { kind: 'network', message: 'The download was cancelled.', hint: 'Try again when you are ready.' };
  }
  if (error instanceof NetworkError) {
    if (viaProxy && error.url.startsWith(ctx.corsProxy!)) {
      return {
        kind: 'proxy-down',
        message: `The CORS proxy at ${proxyHost} cannot be reached.`,
        hint: 'Check the proxy URL in Settings, or run your own proxy (see docs/git.md).',
      };
    }
    return {
      kind: 'network',
      message: `Could not reach ${ctx.host}.`,
      hint: viaProxy
        ? 'Check your connection and the repository URL.'
        : `Check your connection. If ${ctx.host} sends no CORS headers, set a CORS proxy in Settings (see docs/git.md).`,
    };
  }
  const status = e?.data?.statusCode;
  if (e?.code === 'HttpError' && status !== undefined) {
    if (status === 404) {
      return {
        kind: 'not-found',
        message: `Repository not found: ${ctx.url}`,
        hint: 'Check the owner and name in the URL.',
      };
    }
    if (status === 401 || status === 403) return authError(ctx);
    if (viaProxy && (status === 502 || status === 503 || status === 504 || status === 400)) {
      return {
        kind: 'proxy-down',
        message: `The CORS proxy at ${proxyHost} answered ${status}.`,
        hint: 'The proxy may be down or refusing this host; try again later or run your own (see docs/git.md).',
      };
    }
    return { kind: 'network', message: `${ctx.host} answered HTTP ${status}.`, hint: 'Try again later.' };
  }
  if (e?.code === 'UserCanceledError') return authError(ctx);
  if (e?.code === 'NotFoundError' && ctx.ref) {
    return {
      kind: 'not-found',
      message: `Branch '${ctx.ref}' was not found in ${ctx.url}.`,
      hint: 'Check the branch name, or open the repository without one.',
    };
  }
  if (e?.code === 'SmartHttpError' || e?.code === 'ParseError' || e?.code === 'UnknownTransportError') {
    if (viaProxy) {
      return {
        kind: 'proxy-down',
        message: `The CORS proxy at ${proxyHost} did not return a git response.`,
        hint: 'Check the proxy URL in Settings, or run your own proxy (see docs/git.md).',
      };
    }
    return {
      kind: 'not-found',
      message: `${ctx.url} does not look like a git repository.`,
      hint: 'Paste the repository URL itself.',
    };
  }
  return {
    kind: 'network',
    message: e?.message ?? String(error),
    hint: 'Try again; if it keeps failing, check the URL and your connection.',
  };
}

function authError(ctx: RemoteErrorContext): RemoteError {
  return ctx.hasToken
    ? {
        kind: 'auth',
        message: `${ctx.host} rejected the token for ${ctx.url}.`,
        hint: `Check that the token for ${ctx.host} in Settings is valid and can read this repository.`,
      }
    : {
        kind: 'auth',
        message: `${ctx.url} is private or does not exist.`,
        hint: `If it is private, add a token for ${ctx.host} in Settings.`,
      };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The same failure in git's own words, for the shell. */
export function gitWording(error: RemoteError, url: string): string {
  switch (error.kind) {
    case 'not-found':
      return `fatal: repository '${url}' not found\nhint: ${error.hint}\n`;
    case 'auth':
      return `fatal: Authentication failed for '${url}'\nhint: ${error.message} ${error.hint}\n`;
    case 'proxy-down':
      return `fatal: unable to access '${url}': ${error.message}\nhint: ${error.hint}\n`;
    case 'too-large':
      return `fatal: ${error.message}\nhint: ${error.hint}\n`;
    default:
      return `fatal: unable to access '${url}': ${error.message}\nhint: ${error.hint}\n`;
  }
}
