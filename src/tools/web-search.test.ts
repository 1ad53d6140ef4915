import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { browserLikeFetch } from '../../test/fixtures/browser-fetch';
import { startMockProvider, type MockProvider } from '../../test/fixtures/mock-provider';
import { startWebServer, type WebServer } from '../../test/fixtures/web-server';
import { composeServices } from '../agent/tool-services';
import { createProvider } from '../providers/create-provider';
import { BackgroundTasks } from './background/tasks';
import type { ToolServices } from './services';
import { emptyTaskGraph } from './task-graph/graph';
import { call, makeContext } from './test-context';
import { endpointWebSearch, extractHits, searchUrl, type SearchEndpoint } from './web/search-endpoint';
import { webSearchTool, type WebSearchDetails } from './web-search';

let web: WebServer;
let mock: MockProvider;
beforeAll(async () => {
  [web, mock] = await Promise.all([startWebServer(), startMockProvider()]);
});
afterAll(async () => {
  await Promise.all([web.close(), mock.close()]);
});
beforeEach(() => {
  mock.reset();
  web.requests.length = 0;
});

const anthropic = () =>
  createProvider({
    preset: 'anthropic',
    format: 'anthropic',
    baseUrl: mock.url,
    apiKey: 'k',
    model: 'claude-haiku-4-5',
  });
const openai = () =>
  createProvider({ preset: 'custom', format: 'openai', baseUrl: `${mock.url}/v1`, apiKey: 'k', model: 'gpt-4.1' });

function services(
  provider = anthropic(),
  endpoint?: SearchEndpoint,
  web: ToolServices['web'] = undefined,
): ToolServices {
  return composeServices(
    { searchEndpoint: endpoint, services: web ? { web } : undefined },
    { provider, mode: 'default', taskGraph: emptyTaskGraph, background: new BackgroundTasks(), onSideUsage: () => {} },
  );
}

describe('WebSearch with an Anthropic provider', () => {
  it("runs Anthropic's server-side web search and returns the hits and the summary", async () => {
    mock.setScript([
      {
        kind: 'reply',
        webSearch: {
          query: 'spring tides 2026',
          results: [
            { title: 'Spring tides explained', url: 'https://ocean.example/spring', page_age: '2 days ago' },
            { title: 'Tide calendar', url: 'https://charts.example.org/2026' },
          ],
        },
        text: 'Spring tides in 2026 peak around the equinoxes.',
      },
    ]);
    const ctx = { ...makeContext(), ...services() };
    const r = await call(webSearchTool, { query: 'spring tides 2026', blocked_domains: ['spam.example'] }, ctx);
    expect(r.isError).toBeFalsy();
    expect(r.content).toContain('Web search results for query: "spring tides 2026"');
    expect(r.content).toContain(
      'Links: [{"title":"Spring tides explained","url":"https://ocean.example/spring"},{"title":"Tide calendar","url":"https://charts.example.org/2026"}]',
    );
    expect(r.content).toContain('Spring tides in 2026 peak around the equinoxes.');
    expect((r.details as WebSearchDetails).via).toBe('Anthropic web search');
    const body = mock.requests[0].body;
    expect(body.tools).toEqual([
      { type: 'web_search_20250305', name: 'web_search', max_uses: 5, blocked_domains: ['spam.example'] },
    ]);
    expect(JSON.stringify(body.messages)).toContain('spring tides 2026');
  });

  it('reports the search error the server sends', async () => {
    mock.setScript([{ kind: 'reply', webSearch: { query: 'x', errorCode: 'max_uses_exceeded' }, text: '' }]);
    const r = await call(webSearchTool, { query: 'tides' }, { ...makeContext(), ...services() });
    expect(r).toMatchObject({ isError: true, content: expect.stringContaining('max_uses_exceeded') });
  });
});

describe('WebSearch through a configured endpoint', () => {
  const endpoint = (over: Partial<SearchEndpoint> = {}): SearchEndpoint => ({
    urlTemplate: `${web.url}/cors/search?q={query}&count=10`,
    keyHeader: 'X-Subscription-Token',
    key: { origin: web.url, value: 'search-key' },
    ...over,
  });

  it('is absent when the provider cannot search and no endpoint is set', () => {
    expect(services(openai()).webSearch).toBeUndefined();
    expect(webSearchTool.available?.(services(openai()))).toBe(false);
    expect(webSearchTool.available?.(services(openai(), endpoint()))).toBe(true);
  });

  it('sends the key to its own origin, reads the hits by shape and applies the domain filters', async () => {
    const ctx = {
      ...makeContext(),
      ...services(openai(), endpoint(), { fetch: browserLikeFetch('https://app.example') }),
    };
    const r = await call(webSearchTool, { query: 'tide tables', blocked_domains: ['spam.example.net'] }, ctx);
    expect(r.isError).toBeFalsy();
    const details = r.details as WebSearchDetails;
    expect(details.hits.map((h) => h.url)).toEqual([
      'https://ocean.example/tides',
      'https://charts.example.org/tables',
    ]);
    expect(details.via).toBe(new URL(web.url).host);
    expect(r.content).toContain('- Tides explained: Why tides happen.');
    expect(web.requests[0].path).toBe('/cors/search?q=tide%20tables&count=10');
    expect(web.requests[0].headers['x-subscription-token']).toBe('search-key');

    const only = await call(webSearchTool, { query: 'tides', allowed_domains: ['example.org'] }, ctx);
    expect((only.details as WebSearchDetails).hits.map((h) => h.title)).toEqual(['Tide tables']);
  });

  it('never sends the key to another origin than the one it was saved for', async () => {
    const moved = endpoint({ urlTemplate: `${web.otherHostUrl}/cors/search?q={query}` });
    const search = endpointWebSearch(moved);
    const r = await search('tides', {}, new AbortController().signal);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(
      /saved for http:\/\/127\.0\.0\.1:\d+, but the search URL now points at http:\/\/localhost/,
    );
    expect(web.requests).toEqual([]);
  });

  it('does not send a key through the CORS proxy, and names CORS when the endpoint refuses the browser', async () => {
    const noCors = endpoint({ urlTemplate: `${web.url}/plain/page.html?q={query}` });
    const search = endpointWebSearch(noCors, {
      corsProxy: web.proxyUrl,
      fetch: browserLikeFetch('https://app.example'),
    });
    const r = await search('tides', {}, new AbortController().signal);
    expect(!r.ok && r.error).toMatch(/CORS/);
    expect(web.requests.map((q) => q.path)).toEqual(['/plain/page.html?q=tides']);
  });

  it('explains a rejected key and a template without {query}', async () => {
    const r = await endpointWebSearch(endpoint({ key: { origin: web.url, value: 'wrong' } }))(
      'x',
      {},
      new AbortController().signal,
    );
    expect(!r.ok && r.error).toMatch(/HTTP 401.*Check the search key/);
    expect(searchUrl({ urlTemplate: 'https://s.example/search' }, 'x')).toMatchObject({
      ok: false,
      error: expect.stringContaining('{query}'),
    });
    expect(searchUrl({ urlTemplate: 'http://s.example/?q={query}' }, 'x')).toMatchObject({
      ok: false,
      error: expect.stringContaining('https'),
    });
  });

  it('finds the hits in the common search API shapes', () => {
    expect(extractHits({ items: [{ title: 'G', link: 'https://g.example', snippet: 's' }] })).toEqual([
      { title: 'G', url: 'https://g.example', snippet: 's' },
    ]);
    expect(extractHits({ results: [{ title: 'S', url: 'https://s.example', content: '<b>c</b>' }] })).toEqual([
      { title: 'S', url: 'https://s.example', snippet: 'c' },
    ]);
    expect(extractHits({ webPages: { value: [{ name: 'B', url: 'https://b.example' }] } })).toEqual([
      { title: 'B', url: 'https://b.example' },
    ]);
  });
});
