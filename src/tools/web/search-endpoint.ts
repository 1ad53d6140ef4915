// WebSearch through a search API the user configures (Brave, SearXNG, Kagi, Google CSE, a self-hosted
// one…): a URL template with {query}, and optionally a key sent in a header. The key is stored like
// the provider keys, bound to the origin it was saved for, and only ever sent there: a template that
// now points elsewhere gets no key. Results are read from the JSON by shape (an array of objects
// with a url and a title), so the common APIs work without a per-API parser.
import { err, ok, type Result } from '../../lib/result';
import type { WebAccess, WebSearch, WebSearchHit } from '../services';
import { proxiedUrl } from './fetch-page';

export interface SearchEndpoint {
  /** e.g. `https://api.search.brave.com/res/v1/web/search?q={query}`; {query} is replaced, URL-encoded. */
  urlTemplate: string;
  /** The header that carries the key (`X-Subscription-Token`, `Authorization` → `Bearer <key>`). */
  keyHeader?: string;
  /** The key and the origin it was saved for. */
  key?: { origin: string; value: string };
}

const SEARCH_TIMEOUT_MS = 20_000;
const MAX_HITS = 10;

/** The request URL for a query, or why the template is unusable (for the settings form too). */
export function searchUrl(endpoint: SearchEndpoint, query: string): Result<URL> {
  if (!endpoint.urlTemplate.includes('{query}'))
    return err('The search URL must contain {query} where the search terms go.');
  let url: URL;
  try {
    url = new URL(endpoint.urlTemplate.replace('{query}', encodeURIComponent(query)));
  } catch {
    return err(`The search URL ${endpoint.urlTemplate} is not a valid URL.`);
  }
  if (url.protocol !== 'https:' && !/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname))
    return err('The search URL must use https (plain http only on this machine).');
  return ok(url);
}

function hostMatches(url: string, domains: string[]): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return domains.some((d) => {
    const want = d
      .trim()
      .toLowerCase()
      .replace(/^\*\./, '')
      .replace(/^https?:\/\//, '')
      .replace(/\/.*$/, '');
    return host === want || host.endsWith(`.${want}`);
  });
}

/** Keeps hits from allowed domains (when given) and drops blocked ones. */
export function filterHits(hits: WebSearchHit[], allowed?: string[], blocked?: string[]): WebSearchHit[] {
  return hits.filter(
    (h) => (!allowed?.length || hostMatches(h.url, allowed)) && !(blocked?.length && hostMatches(h.url, blocked)),
  );
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The richest array of {url|link, title|name} objects anywhere in the response. */
export function extractHits(json: unknown): WebSearchHit[] {
  let best: WebSearchHit[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 5 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      const hits: WebSearchHit[] = [];
      for (const item of node) {
        if (!item || typeof item !== 'object') continue;
        const o = item as Record<string, unknown>;
        const url = str(o.url) ?? str(o.link) ?? str(o.href);
        const title = str(o.title) ?? str(o.name);
        if (!url || !title || !/^https?:\/\//.test(url)) continue;
        const snippet = str(o.snippet) ?? str(o.description) ?? str(o.content) ?? str(o.body) ?? str(o.text);
        hits.push({ title, url, ...(snippet ? { snippet: snippet.replace(/<[^>]+>/g, '') } : {}) });
      }
      if (hits.length > best.length) best = hits;
      for (const item of node) visit(item, depth + 1);
      return;
    }
    for (const value of Object.values(node)) visit(value, depth + 1);
  };
  visit(json, 0);
  return best;
}

export function endpointWebSearch(endpoint: SearchEndpoint, web?: WebAccess): WebSearch {
  return async (query, options, signal) => {
    const url = searchUrl(endpoint, query);
    if (!url.ok) return url;
    const headers: Record<string, string> = { accept: 'application/json' };
    const keyed = !!(endpoint.key && endpoint.keyHeader);
    if (keyed) {
      if (url.value.origin !== endpoint.key!.origin)
        return err(
          `The search key was saved for ${endpoint.key!.origin}, but the search URL now points at ${url.value.origin}. ` +
            'The key is not sent anywhere else: save it again for this endpoint in Settings.',
        );
      const header = endpoint.keyHeader!.trim();
      headers[header] =
        header.toLowerCase() === 'authorization' ? `Bearer ${endpoint.key!.value}` : endpoint.key!.value;
    }
    const doFetch = web?.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
    const init: RequestInit = {
      headers,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal: AbortSignal.any([signal, AbortSignal.timeout(SEARCH_TIMEOUT_MS)]),
    };
    let res: Response;
    try {
      res = await doFetch(url.value.href, init);
    } catch (error) {
      if (signal.aborted) return err('Aborted.');
      // A key never goes through a proxy (the proxy would see it); a keyless endpoint may.
      const proxy = web?.corsProxy?.trim();
      if (keyed || !proxy)
        return err(
          `The search endpoint ${url.value.origin} could not be reached from the browser (${error instanceof Error ? error.message : String(error)}). ` +
            'It may not allow cross-origin requests (CORS); use an endpoint that does, such as a self-hosted SearXNG.',
        );
      try {
        res = await doFetch(proxiedUrl(proxy, url.value), init);
      } catch (again) {
        if (signal.aborted) return err('Aborted.');
        return err(`The search endpoint could not be reached, directly or through the CORS proxy (${String(again)}).`);
      }
    }
    if (!res.ok) {
      const why = res.status === 401 || res.status === 403 ? ' Check the search key in Settings.' : '';
      return err(`The search endpoint answered HTTP ${res.status} ${res.statusText}.${why}`);
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      return err('The search endpoint did not answer with JSON; its URL must ask for JSON results.');
    }
    const hits = filterHits(extractHits(json), options.allowedDomains, options.blockedDomains).slice(0, MAX_HITS);
    return ok({ hits, via: url.value.host });
  };
}
