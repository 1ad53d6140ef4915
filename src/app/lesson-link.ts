import { err, ok, type Result } from '../lib/result';

// `?session=<url>`: a link to a recorded session (a lesson). The URL is only ever fetched as data
// (no cookies, no referrer) and never navigated to; the file it returns is validated like an import.

/** A link's recording may not be larger than this (an exported lesson with its files is far smaller). */
export const LINK_MAX_BYTES = 32 * 1024 * 1024;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The URL a `?session=` value names, resolved against the page: https anywhere, or this page's own
 * origin, or http on loopback (a teacher's local server). Anything else is refused with why.
 */
export function parseSessionLink(raw: string, base: string): Result<URL> {
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return err(`"${raw.slice(0, 200)}" is not a URL.`);
  }
  const here = new URL(base);
  if (url.username || url.password) return err('The link may not carry a user name or password.');
  if (url.protocol === 'https:' || url.origin === here.origin) return ok(url);
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return ok(url);
  return err(`Only https links can open a session (this one is ${url.protocol.replace(':', '')}).`);
}

/** Fetches a recording with CORS and no credentials, refusing anything over `maxBytes` before it is all read. */
export async function fetchRecording(
  url: URL,
  options: { maxBytes?: number; signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<Result<string>> {
  const maxBytes = options.maxBytes ?? LINK_MAX_BYTES;
  const limit = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / (1024 * 1024))} MB` : `${maxBytes}-byte`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url.href, {
      mode: 'cors',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal: options.signal,
    });
  } catch (error) {
    return err(
      `The session at ${url.host} could not be fetched (${error instanceof Error ? error.message : String(error)}). ` +
        'Its server must allow cross-origin requests (CORS).',
    );
  }
  if (!response.ok) return err(`The session at ${url.host} could not be fetched (HTTP ${response.status}).`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) return err(`The session file is over the ${limit} limit for links.`);
  if (!response.body) return ok(await response.text());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return err(`The session file is over the ${limit} limit for links.`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  try {
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return err('The session file is not UTF-8 text.');
  }
}
