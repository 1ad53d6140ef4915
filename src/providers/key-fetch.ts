// The fetch both SDKs are given. A provider request carries the API key in a header, and plain
// fetch follows redirects: on a cross-origin redirect a browser drops only `Authorization`
// (`x-api-key` and `api-key` travel on), so a host, or whoever controls its redirects, could
// forward the key anywhere. This fetch never lets fetch follow one: it follows a redirect itself
// only within the base URL's origin, and refuses any other, and any request off that origin.

/** Thrown (and turned into a provider error) when a request would take the key to another origin. */
export class RedirectRefused extends Error {
  constructor(
    /** The URL the request was for. */
    readonly from: string,
    /** Where it would have gone; null when the browser hides the redirect's target. */
    readonly to: string | null,
  ) {
    super(
      to === null
        ? `${new URL(from).host} answered with a redirect; Tidepool does not follow it with your key`
        : `${new URL(from).host} redirected to ${new URL(to).origin}; Tidepool does not send your key there`,
    );
    this.name = 'RedirectRefused';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_HOPS = 5;

export function keyBoundFetch(
  baseUrl: string,
  inner: typeof fetch = (input, init) => fetch(input, init),
): typeof fetch {
  let origin: string;
  try {
    origin = new URL(baseUrl).origin;
  } catch {
    // Not a URL: the SDK fails on its own; make sure nothing is ever redirected meanwhile.
    return (input, init) => inner(input, { ...init, redirect: 'error' });
  }
  return async (input, init) => {
    // The SDKs pass a URL string and an init; a Request is fetched as is, and not redirected.
    if (input instanceof Request) {
      if (new URL(input.url).origin !== origin) throw new RedirectRefused(baseUrl, input.url);
      const response = await inner(input, { ...init, redirect: 'manual' });
      if (response.type === 'opaqueredirect' || REDIRECTS.has(response.status))
        throw new RedirectRefused(input.url, response.headers.get('location'));
      return response;
    }
    let url = new URL(String(input));
    let request: RequestInit = { ...init, redirect: 'manual' };
    for (let hop = 0; ; hop++) {
      if (url.origin !== origin) throw new RedirectRefused(baseUrl, url.href);
      const response = await inner(url.href, request);
      // In a browser a manual redirect is opaque: where it leads is hidden, so it cannot be checked.
      if (response.type === 'opaqueredirect') throw new RedirectRefused(url.href, null);
      const location = REDIRECTS.has(response.status) ? response.headers.get('location') : null;
      if (location === null) return response;
      const next = new URL(location, url);
      if (next.origin !== origin) throw new RedirectRefused(url.href, next.href);
      if (hop === MAX_HOPS) throw new Error(`${url.host} redirected more than ${MAX_HOPS} times`);
      await response.body?.cancel();
      // As fetch would: 303, and 301/302 after a POST, become a GET without a body.
      const method = (request.method ?? 'GET').toUpperCase();
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST'))
        request = { ...request, method: 'GET', body: undefined };
      url = next;
    }
  };
}
