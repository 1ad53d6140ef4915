// Turns whatever a request threw (SDK APIError, fetch TypeError, abort) into a ProviderError a person can act on.
import { RedirectRefused } from './key-fetch';
import type { ProviderError, ProviderErrorKind, WireFormat } from './types';

export interface ErrorContext {
  /** Host of config.baseUrl, e.g. `api.anthropic.com` or `localhost:11434`. */
  host: string;
  model: string;
  format: WireFormat;
  preset: string;
  /** Redacted from every message, in case a server echoes it back. */
  apiKey?: string;
}

export interface ClassifiedError {
  error: ProviderError;
  /** From retry-after-ms / retry-after, when the server named a wait. */
  retryAfterMs?: number;
}

/** Thrown by an adapter when the stream ended without the API's closing event. */
export class StreamEndedEarly extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'StreamEndedEarly';
  }
}

const retryableKinds = new Set<ProviderErrorKind>(['rate-limit', 'overloaded', 'server', 'network', 'stream-dropped']);

export function redact(text: string, apiKey: string | undefined): string {
  if (!apiKey || apiKey.length < 4) return text;
  return text.split(apiKey).join('[redacted key]');
}

/** Parses `retry-after-ms`, then `retry-after` (seconds or an HTTP date), into milliseconds. */
export function parseRetryAfter(
  headers: { get(name: string): string | null } | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

const pageOrigin = (): string => {
  const loc = (globalThis as { location?: { origin?: string } }).location;
  return loc?.origin && loc.origin !== 'null' ? loc.origin : 'this page’s origin';
};

export function hintFor(kind: ProviderErrorKind, ctx: ErrorContext, detail = ''): string {
  const { host, model } = ctx;
  switch (kind) {
    case 'auth':
      return `Check the API key for ${host} in Settings: it is missing, mistyped or revoked.`;
    case 'permission':
      return `The key for ${host} is valid but not allowed to use ${model}; check the key's workspace/project permissions or pick another model.`;
    case 'model-not-found':
      return (
        `Model "${model}" was not found on ${host}. Pick one from the list in Settings (fetched from ${host}'s /models)` +
        (ctx.preset === 'ollama' ? `, or run \`ollama pull ${model}\` first.` : '.')
      );
    case 'rate-limit':
      return /quota|billing|credit/i.test(detail)
        ? `The account behind this key on ${host} has run out of quota or credit; check its billing.`
        : `${host} is rate-limiting this key; wait a moment and send again, or use a smaller/cheaper model.`;
    case 'overloaded':
      return `${host} is overloaded right now; send again in a little while or switch model.`;
    case 'server':
      return `${host} failed on its side; send again in a little while.`;
    case 'network':
      return (
        `Could not reach ${host}. Is the server running and reachable from this browser? ` +
        `Does it allow requests from ${pageOrigin()} (CORS)? ` +
        `Ollama: start it with OLLAMA_ORIGINS set to this origin; LM Studio: turn on "Enable CORS" in the server settings; ` +
        `vLLM: pass --allowed-origins.`
      );
    case 'context-too-long':
      return `The conversation is longer than ${model}'s context window; compact it (/compact) or start a new session.`;
    case 'bad-request':
      return `${host} rejected the request; check the model name and settings (some models do not support tools or temperature).`;
    case 'stream-dropped':
      return `The connection to ${host} dropped mid-answer; what arrived is kept. Send again to continue.`;
    case 'aborted':
      return 'Stopped. Send a message to continue.';
  }
}

export function makeError(
  kind: ProviderErrorKind,
  message: string,
  ctx: ErrorContext,
  extra: { status?: number; detail?: string } = {},
): ProviderError {
  return {
    kind,
    message: redact(message, ctx.apiKey),
    hint: redact(hintFor(kind, ctx, extra.detail ?? message), ctx.apiKey),
    ...(extra.status !== undefined ? { status: extra.status } : {}),
    retryable: retryableKinds.has(kind),
  };
}

const contextTooLong =
  /prompt is too long|maximum context length|context[_ ]length[_ ]exceeded|context window|exceeds the context|too many tokens|input is too long|reduce the length of the messages/i;

export function isAbortError(err: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  const name = (err as { name?: string } | null)?.name;
  return name === 'AbortError' || name === 'APIUserAbortError';
}

/** The server's own words, from either wire format's error body. */
function apiDetail(err: any): { message?: string; type?: string; code?: string } {
  const body = err?.error;
  const inner = body?.error ?? body; // Anthropic's APIError.error is the whole body; OpenAI's is body.error
  const message = typeof inner?.message === 'string' ? inner.message : typeof body === 'string' ? body : undefined;
  const type = typeof inner?.type === 'string' ? inner.type : typeof err?.type === 'string' ? err.type : undefined;
  const rawCode = inner?.code ?? err?.code;
  return { message, type, code: typeof rawCode === 'string' ? rawCode : undefined };
}

function networkCause(err: any): string | undefined {
  let e = err;
  for (let i = 0; e && i < 5; i++, e = e.cause) {
    if (typeof e.code === 'string' && /^E[A-Z]+/.test(e.code)) return e.code; // ECONNREFUSED, ENOTFOUND, …
  }
  return undefined;
}

/** The RedirectRefused a request failed with, wrapped by the SDK (APIConnectionError's cause) or not. */
function redirectRefused(err: unknown): RedirectRefused | null {
  let e = err as { cause?: unknown } | null;
  for (let i = 0; e && i < 5; i++, e = e.cause as { cause?: unknown } | null) {
    if (e instanceof RedirectRefused) return e;
  }
  return null;
}

export function classifyError(err: unknown, ctx: ErrorContext, signal?: AbortSignal): ClassifiedError {
  if (isAbortError(err, signal)) return { error: makeError('aborted', 'The request was stopped.', ctx) };
  const e = err as any;
  const status: number | undefined = typeof e?.status === 'number' ? e.status : undefined;
  const { message: apiMessage, type, code } = apiDetail(e);
  const said = apiMessage ? `: ${apiMessage}` : '';
  const retryAfterMs = parseRetryAfter(e?.headers && typeof e.headers.get === 'function' ? e.headers : undefined);
  const withRetry = (error: ProviderError): ClassifiedError =>
    retryAfterMs !== undefined ? { error, retryAfterMs } : { error };

  const refused = redirectRefused(err);
  if (refused) {
    const where = refused.to ? `another origin (${new URL(refused.to).origin})` : 'another address';
    return {
      error: {
        kind: 'bad-request',
        message: redact(`${refused.message}.`, ctx.apiKey),
        hint: redact(
          `${ctx.host} sent the request on to ${where}, and your key only ever goes to the origin it was saved for. ` +
            'If the provider has moved, set the base URL in Settings to its new address and enter the key for it.',
          ctx.apiKey,
        ),
        retryable: false,
      },
    };
  }
  if (err instanceof StreamEndedEarly) {
    return {
      error: makeError(
        'network',
        `The stream from ${ctx.host} ended before the answer was complete (${err.message}).`,
        ctx,
      ),
    };
  }
  if (
    contextTooLong.test(apiMessage ?? '') ||
    code === 'context_length_exceeded' ||
    type === 'request_too_large' ||
    status === 413
  ) {
    return { error: makeError('context-too-long', `The request is too long for ${ctx.model}${said}`, ctx, { status }) };
  }
  if (status !== undefined) {
    const extra = { status, detail: `${apiMessage ?? ''} ${code ?? ''} ${type ?? ''}` };
    if (status === 401)
      return { error: makeError('auth', `${ctx.host} rejected the API key (401)${said}`, ctx, extra) };
    if (status === 403)
      return { error: makeError('permission', `${ctx.host} refused access (403)${said}`, ctx, extra) };
    if (status === 404)
      return {
        error: makeError('model-not-found', `Model "${ctx.model}" not found on ${ctx.host} (404)${said}`, ctx, extra),
      };
    if (status === 429) {
      const quota = code === 'insufficient_quota' || /quota|billing|credit/i.test(apiMessage ?? '');
      const error = makeError('rate-limit', `${ctx.host} is rate-limiting requests (429)${said}`, ctx, extra);
      return quota ? { error: { ...error, retryable: false } } : withRetry(error);
    }
    if (status === 529 || type === 'overloaded_error')
      return withRetry(makeError('overloaded', `${ctx.host} is overloaded (${status})${said}`, ctx, extra));
    if (status >= 500)
      return withRetry(makeError('server', `${ctx.host} returned a server error (${status})${said}`, ctx, extra));
    if (status === 408) return withRetry(makeError('network', `${ctx.host} timed out (408)${said}`, ctx, extra));
    if (
      code === 'model_not_found' ||
      /model.{0,80}(not found|does not exist|not a valid model)/i.test(apiMessage ?? '')
    ) {
      return {
        error: makeError(
          'model-not-found',
          `Model "${ctx.model}" not found on ${ctx.host} (${status})${said}`,
          ctx,
          extra,
        ),
      };
    }
    if (status === 402)
      return {
        error: makeError('rate-limit', `${ctx.host} wants payment (402)${said}`, ctx, { ...extra, detail: 'billing' }),
      };
    return { error: makeError('bad-request', `${ctx.host} rejected the request (${status})${said}`, ctx, extra) };
  }
  // An error event inside a 200 stream (Anthropic `event: error`, or `data: {"error":…}` from compatible servers).
  if (type === 'overloaded_error') return { error: makeError('overloaded', `${ctx.host} is overloaded${said}`, ctx) };
  if (type === 'rate_limit_error')
    return { error: makeError('rate-limit', `${ctx.host} is rate-limiting requests${said}`, ctx) };
  if (type === 'api_error' || type === 'server_error')
    return { error: makeError('server', `${ctx.host} failed mid-stream${said}`, ctx) };
  if (apiMessage && e?.name === 'APIError')
    return { error: makeError('server', `${ctx.host} sent an error${said}`, ctx) };

  // Transport. The SDKs wrap a failed fetch() in APIConnectionError (cause: "Failed to fetch" in Chrome, "fetch failed"
  // in Node); a body that breaks mid-read surfaces raw ("network error", "terminated"). openai's classes carry no
  // `name`, and minified builds rename constructors, so duck-type too: an SDK error without status and with a cause.
  const name: string = e?.name && e.name !== 'Error' ? e.name : (e?.constructor?.name ?? '');
  const text: string = e?.message ?? String(err);
  const cause = networkCause(e) ?? (e?.cause?.message as string | undefined);
  if (name === 'APIConnectionTimeoutError' || /^Request timed out/.test(text)) {
    return { error: makeError('network', `${ctx.host} did not answer in time.`, ctx) };
  }
  if (
    name === 'APIConnectionError' ||
    text === 'Connection error.' ||
    (e && 'status' in e && e.status === undefined && e.cause)
  ) {
    return { error: makeError('network', `Could not reach ${ctx.host} (${cause ?? text}).`, ctx) };
  }
  if (name === 'TypeError' || networkCause(e)) {
    return { error: makeError('network', `The connection to ${ctx.host} broke (${cause ?? text}).`, ctx) };
  }
  return { error: makeError('server', `Unexpected failure talking to ${ctx.host}: ${text}`, ctx) };
}
