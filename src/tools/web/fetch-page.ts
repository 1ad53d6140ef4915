// Fetching one page from the browser for WebFetch: directly when the site allows cross-origin reads
// (CORS), else through the configured CORS proxy; same-site redirects followed, a redirect to another
// host reported instead (so the model asks again, and the permission rule for that host applies);
// the body read up to a byte cap and a time cap. Expected failures come back as values.
import { err, ok, type Result } from '../../lib/result';
import type { WebAccess } from '../services';

export const MAX_PAGE_BYTES = 2 * 1024 * 1024;
export const FETCH_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 10;

export interface FetchedPage {
  /** Where the content came from, after same-site redirects. */
  url: string;
  status: number;
  statusText: string;
  contentType: string;
  text: string;
  /** Bytes read (at most maxBytes). */
  bytes: number;
  /** The body went past maxBytes: the rest was not downloaded. */
  cut: boolean;
  /** Content-Length, when the server sent one. */
  declaredBytes?: number;
  viaProxy: boolean;
}

export type FetchOutcome =
  { kind: 'page'; page: FetchedPage } | { kind: 'redirect'; from: string; to: string; status: number };

export interface FetchPageOptions {
  web?: WebAccess;
  signal: AbortSignal;
  maxBytes?: number;
  timeoutMs?: number;
}

/** The proxy URL for a target: `{url}` templates get the encoded URL, else `<proxy>/<host>/<path>` as git's proxy. */
export function proxiedUrl(proxy: string, target: URL): string {
  if (proxy.includes('{url}')) return proxy.replace('{url}', encodeURIComponent(target.href));
  return `${proxy.replace(/\/+$/, '')}/${target.host}${target.pathname}${target.search}`;
}

/** Same site for redirects: the same host, or the same host with or without `www.` (any scheme). */
export function sameSite(a: URL, b: URL): boolean {
  const strip = (host: string) => host.replace(/^www\./, '');
  return a.host === b.host || strip(a.host) === strip(b.host);
}

const ACCEPT = 'text/markdown, text/html;q=0.9, text/plain;q=0.8, application/json;q=0.8, */*;q=0.5';

export async function fetchPage(url: URL, options: FetchPageOptions): Promise<Result<FetchOutcome>> {
  const doFetch = options.web?.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const proxy = options.web?.corsProxy?.trim() || undefined;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? FETCH_TIMEOUT_MS);
  const signal = AbortSignal.any([options.signal, timeout]);
  const timedOut = () => timeout.aborted && !options.signal.aborted;
  let viaProxy = false;
  let current = url;

  const send = async (target: URL, redirect: RequestRedirect): Promise<Result<Response>> => {
    const init: RequestInit = {
      redirect,
      signal,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      headers: { accept: ACCEPT },
    };
    if (!viaProxy) {
      try {
        return ok(await doFetch(target.href, init));
      } catch (error) {
        if (signal.aborted) return err(timedOut() ? timeoutMessage(url) : 'Aborted.');
        // A browser says only "Failed to fetch" for a CORS refusal, a refused connection or DNS.
        if (!proxy) return err(corsMessage(target, error));
        viaProxy = true;
      }
    }
    try {
      return ok(await doFetch(proxiedUrl(proxy!, target), init));
    } catch (error) {
      if (signal.aborted) return err(timedOut() ? timeoutMessage(url) : 'Aborted.');
      return err(
        `Could not fetch ${target.href} directly (the site does not allow cross-origin requests, or it is unreachable), ` +
          `nor through the CORS proxy ${new URL(proxiedUrl(proxy!, target)).origin} (${describe(error)}). ` +
          'Check that the proxy is running and forwards this host.',
      );
    }
  };

  for (let hops = 0; ; hops++) {
    const sent = await send(current, 'manual');
    if (!sent.ok) return sent;
    let res = sent.value;
    if (res.type === 'opaqueredirect') {
      // Through a proxy the browser cannot tell where a redirect leads, nor follow it safely.
      if (viaProxy)
        return err(
          `${current.href} redirects, and through the CORS proxy the target cannot be seen. Fetch the final URL instead.`,
        );
      // Browsers hide where a manual redirect points: follow it and look at where it ended.
      const followed = await send(current, 'follow');
      if (!followed.ok) return followed;
      res = followed.value;
      const final = res.url ? new URL(res.url) : current;
      if (!sameSite(final, url)) {
        await res.body?.cancel().catch(() => undefined);
        return ok({ kind: 'redirect', from: current.href, to: final.href, status: res.status });
      }
      current = final;
    } else if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.body?.cancel().catch(() => undefined);
      const next = new URL(res.headers.get('location')!, current);
      if (!sameSite(next, url)) return ok({ kind: 'redirect', from: current.href, to: next.href, status: res.status });
      if (hops >= MAX_REDIRECTS) return err(`${url.href} redirected more than ${MAX_REDIRECTS} times; giving up.`);
      current = next;
      continue;
    }
    const body = await readCapped(res, options.maxBytes ?? MAX_PAGE_BYTES, signal);
    if (!body.ok) return err(timedOut() ? timeoutMessage(url) : body.error);
    const contentType = res.headers.get('content-type') ?? '';
    const declared = Number(res.headers.get('content-length'));
    return ok({
      kind: 'page',
      page: {
        url: current.href,
        status: res.status,
        statusText: res.statusText,
        contentType,
        text: decode(body.value.bytes, contentType),
        bytes: body.value.bytes.byteLength,
        cut: body.value.cut,
        ...(Number.isFinite(declared) && declared > 0 ? { declaredBytes: declared } : {}),
        viaProxy,
      },
    });
  }
}

async function readCapped(
  res: Response,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Result<{ bytes: Uint8Array; cut: boolean }>> {
  const reader = res.body?.getReader();
  if (!reader) return ok({ bytes: new Uint8Array(0), cut: false });
  const parts: Uint8Array[] = [];
  let size = 0;
  let cut = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = maxBytes - size;
      if (value.byteLength >= room) {
        parts.push(value.subarray(0, room));
        size += room;
        cut = value.byteLength > room;
        if (!cut) {
          // Exactly at the cap: there is more only if the stream has more.
          cut = !(await reader.read()).done;
        }
        if (cut) await reader.cancel().catch(() => undefined);
        break;
      }
      parts.push(value);
      size += value.byteLength;
    }
  } catch (error) {
    if (signal.aborted) return err('Aborted.');
    return err(`The download of the page failed: ${describe(error)}`);
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return ok({ bytes, cut });
}

function decode(bytes: Uint8Array, contentType: string): string {
  const charset = /charset=["']?([\w-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes); // an unknown label: UTF-8 is the web's default
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function timeoutMessage(url: URL): string {
  return `Fetching ${url.href} took longer than ${FETCH_TIMEOUT_MS / 1000} s and was stopped.`;
}

function corsMessage(target: URL, error: unknown): string {
  return (
    `Could not fetch ${target.href}: the browser blocked the request (${describe(error)}). The likely cause is CORS: ` +
    `${target.host} does not allow pages on other sites to read it. A CORS proxy set in Settings lets WebFetch reach such sites ` +
    '(or the host is unreachable: check the URL).'
  );
}
