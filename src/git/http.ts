// isomorphic-git's HttpClient over fetch, with what its stock web client lacks: an abort signal,
// a byte budget (so a huge repo stops early with a clear error instead of filling the tab), and
// network failures tagged with the URL that failed (so the caller can tell a dead proxy from a
// dead host).

export interface GitHttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  signal?: AbortSignal;
}

export interface GitHttpResponse {
  url: string;
  method?: string;
  statusCode: number;
  statusMessage: string;
  headers: Record<string, string>;
  body: AsyncIterableIterator<Uint8Array>;
}

export interface GitHttpClient {
  request(request: GitHttpRequest): Promise<GitHttpResponse>;
}

/** The response bodies went past `maxBytes`. */
export class TooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The download passed the ${Math.round(limitBytes / 1e6)} MB limit`);
    this.name = 'TooLargeError';
  }
}

/** fetch itself failed (refused, DNS, CORS, offline): no HTTP status to read. */
export class NetworkError extends Error {
  readonly url: string;
  constructor(url: string, cause: unknown) {
    super(`Could not reach ${new URL(url).host}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'NetworkError';
    this.url = url;
  }
}

export interface HttpClientOptions {
  signal?: AbortSignal;
  /** Stop once response bodies add up to more than this (bytes). */
  maxBytes?: number;
  /** Running total of bytes received, for progress. */
  onBytes?: (received: number) => void;
  /** Injectable for tests and odd hosts; default the global fetch. */
  fetch?: typeof fetch;
}

async function collect(body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const part of body as AsyncIterable<Uint8Array>) {
    parts.push(part);
    size += part.byteLength;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

export function createHttpClient(options: HttpClientOptions = {}): GitHttpClient {
  let received = 0;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  return {
    async request({ url, method = 'GET', headers = {}, body, signal }) {
      const stop = signal ?? options.signal;
      stop?.throwIfAborted();
      // Streaming request bodies are not available in every browser; packs we send are small anyway.
      const payload = body ? await collect(body) : undefined;
      let res: Response;
      try {
        res = await doFetch(url, { method, headers, body: payload as BodyInit | undefined, signal: stop });
      } catch (error) {
        if (stop?.aborted) throw stop.reason ?? error;
        throw new NetworkError(url, error);
      }
      const out: Record<string, string> = {};
      res.headers.forEach((value, key) => (out[key] = value));
      const reader = res.body?.getReader();
      const limit = options.maxBytes;
      async function* chunks(): AsyncGenerator<Uint8Array> {
        if (!reader) return;
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            received += value.byteLength;
            options.onBytes?.(received);
            if (limit !== undefined && received > limit) {
              await reader.cancel();
              throw new TooLargeError(limit);
            }
            yield value;
          }
        } finally {
          reader.releaseLock();
        }
      }
      return {
        url: res.url || url,
        method,
        statusCode: res.status,
        statusMessage: res.statusText,
        headers: out,
        body: chunks(),
      };
    },
  };
}
