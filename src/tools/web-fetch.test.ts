import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { browserLikeFetch } from '../../test/fixtures/browser-fetch';
import { startMockProvider, type MockProvider } from '../../test/fixtures/mock-provider';
import { BIG_PAGE_BYTES, startWebServer, type WebServer } from '../../test/fixtures/web-server';
import { decidePermission } from '../agent/permissions';
import { smallModelFrom } from '../agent/small-model';
import { createProvider } from '../providers/create-provider';
import type { ToolServices } from './services';
import { call, makeContext } from './test-context';
import { fetchPage, MAX_PAGE_BYTES } from './web/fetch-page';
import { clearWebFetchCache, webFetchTool, type WebFetchDetails } from './web-fetch';

let web: WebServer;
let mock: MockProvider;
beforeAll(async () => {
  [web, mock] = await Promise.all([startWebServer(), startMockProvider()]);
});
afterAll(async () => {
  await Promise.all([web.close(), mock.close()]);
});
beforeEach(() => {
  clearWebFetchCache();
  mock.reset();
  web.requests.length = 0;
});

/** A page served from this origin: fetches to the test server are cross-origin, as from a deployed app. */
const APP_ORIGIN = 'https://tidepool.example';

function context(services: ToolServices = {}) {
  return Object.assign(makeContext(), { web: { fetch: browserLikeFetch(APP_ORIGIN) }, ...services });
}

const smallModel = () =>
  smallModelFrom(
    createProvider({
      preset: 'anthropic',
      format: 'anthropic',
      baseUrl: mock.url,
      apiKey: 'k',
      model: 'claude-haiku-4-5',
    }),
  );

describe('WebFetch', () => {
  it('fetches a page that allows CORS directly, as Markdown, and answers the prompt with the small model', async () => {
    mock.setScript([{ kind: 'reply', text: 'High tide is at 06:12.' }]);
    const result = await call(
      webFetchTool,
      { url: `${web.url}/cors/page.html`, prompt: 'When is high tide?' },
      context({ smallModel: smallModel() }),
    );
    expect(result.isError).toBeFalsy();
    expect(result.content).toContain('High tide is at 06:12.');
    expect(result.content).toContain('Tide tables & charts');
    const sent = JSON.stringify(mock.requests[0].body);
    expect(sent).toContain('# Tide tables');
    expect(sent).toContain('| Port | Height |');
    expect(sent).toContain('When is high tide?');
    expect(sent).not.toContain('window.secret');
    expect(sent).not.toContain('ignored vector text');
    const details = result.details as WebFetchDetails;
    expect(details).toMatchObject({ status: 200, viaProxy: false, model: 'claude-haiku-4-5' });
    expect(web.requests.map((r) => r.path)).toEqual(['/cors/page.html']);
  });

  it('names CORS as the cause when a site without CORS headers is fetched and no proxy is set', async () => {
    const result = await call(webFetchTool, { url: `${web.url}/plain/page.html`, prompt: 'x' }, context());
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(/CORS/);
    expect(result.content).toMatch(/proxy/i);
  });

  it('goes through the CORS proxy when the direct request is refused', async () => {
    const ctx = context();
    ctx.web!.corsProxy = web.proxyUrl;
    const result = await call(webFetchTool, { url: `${web.url}/plain/page.html`, prompt: 'x' }, ctx);
    expect(result.isError).toBeFalsy();
    expect(result.content).toContain('High tide at **06:12**');
    expect((result.details as WebFetchDetails).viaProxy).toBe(true);
    // The refused direct request, then the proxy's, which the proxy forwards to the same server.
    expect(web.requests.map((r) => r.path)).toEqual(['/plain/page.html', 'proxy:/plain/page.html', '/plain/page.html']);
  });

  it('reports a redirect to another host instead of following it', async () => {
    // Node's fetch shows the redirect (as a CORS proxy or a server would); nothing is fetched from the other host.
    const result = await call(
      webFetchTool,
      { url: `${web.url}/cors/redirect-other`, prompt: 'x' },
      Object.assign(makeContext(), { web: {} }),
    );
    expect(result.isError).toBeFalsy();
    expect(result.content).toContain('REDIRECT DETECTED');
    expect(result.content).toContain(`${web.otherHostUrl}/cors/page.html`);
    expect(web.requests.map((r) => r.path)).toEqual(['/cors/redirect-other']);
    expect((result.details as WebFetchDetails).redirectedTo).toBe(`${web.otherHostUrl}/cors/page.html`);
  });

  it('reports a cross-host redirect in a browser too, where the manual redirect is opaque', async () => {
    const result = await call(webFetchTool, { url: `${web.url}/cors/redirect-other`, prompt: 'x' }, context());
    expect(result.content).toContain('REDIRECT DETECTED');
    expect(result.content).toContain(`${web.otherHostUrl}/cors/page.html`);
    expect(result.content).not.toContain('High tide');
  });

  it('follows a redirect within the same site', async () => {
    const result = await call(
      webFetchTool,
      { url: `${web.url}/cors/redirect-same`, prompt: 'x' },
      Object.assign(makeContext(), { web: {} }),
    );
    expect(result.content).toContain('High tide at **06:12**');
    expect((result.details as WebFetchDetails).finalUrl).toBe(`${web.url}/cors/page.html`);
  });

  it('caps a 5 MB page at the download limit and says so', async () => {
    const result = await call(webFetchTool, { url: `${web.url}/cors/big.html`, prompt: 'x' }, context());
    expect(result.isError).toBeFalsy();
    const details = result.details as WebFetchDetails;
    expect(details.cut).toBe(true);
    expect(details.bytes).toBe(MAX_PAGE_BYTES);
    expect(MAX_PAGE_BYTES).toBeLessThan(BIG_PAGE_BYTES);
    expect(result.content).toContain('START-MARKER');
    expect(result.content).not.toContain('END-MARKER');
    expect(result.content).toMatch(/larger than 2 MB \(5\.0 MB\)/);
    expect(result.content).toMatch(/pass offset=100000 to read on/);

    const next = await call(webFetchTool, { url: `${web.url}/cors/big.html`, prompt: 'x', offset: 100_000 }, context());
    expect((next.details as WebFetchDetails).fromCache).toBe(true);
    expect(next.content).toContain('characters 100000–200000');
  });

  it('stops a response that stalls at the time cap', async () => {
    const result = await fetchPage(new URL(`${web.url}/cors/hang`), {
      signal: new AbortController().signal,
      timeoutMs: 300,
    });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/took longer than/) });
  });

  it('returns the page text when no model is available to apply the prompt', async () => {
    const result = await call(webFetchTool, { url: `${web.url}/cors/notes.txt`, prompt: 'x' }, context());
    expect(result.content).toContain('plain notes\nline two');
  });

  it('refuses bad URLs, non-text content and error statuses with a clear message', async () => {
    const bad = await call(webFetchTool, { url: 'not a url', prompt: 'x' }, context());
    expect(bad).toMatchObject({ isError: true, content: expect.stringMatching(/^url: /) });
    const file = await call(webFetchTool, { url: 'file:///etc/passwd', prompt: 'x' }, context());
    expect(file.content).toMatch(/only http and https/);
    const image = await call(webFetchTool, { url: `${web.url}/cors/image.png`, prompt: 'x' }, context());
    expect(image).toMatchObject({ isError: true, content: expect.stringMatching(/image\/png, not a text page/) });
    const missing = await call(webFetchTool, { url: `${web.url}/cors/missing`, prompt: 'x' }, context());
    expect(missing).toMatchObject({ isError: true, content: expect.stringMatching(/^HTTP 404/) });
    const noPrompt = await call(webFetchTool, { url: `${web.url}/cors/page.html` }, context());
    expect(noPrompt).toMatchObject({ isError: true, content: expect.stringMatching(/prompt/) });
  });

  it('is matched by WebFetch(domain:…) rules', () => {
    const decide = (rules: { allow?: string[]; deny?: string[] }, url: string) =>
      decidePermission({
        tool: webFetchTool,
        input: { url, prompt: 'x' },
        mode: 'default',
        rules: { allow: rules.allow ?? [], ask: [], deny: rules.deny ?? [] },
        root: '/workspace',
      }).behavior;
    expect(decide({ allow: ['WebFetch(domain:docs.example.com)'] }, 'https://docs.example.com/a')).toBe('allow');
    expect(decide({ allow: ['WebFetch(domain:docs.example.com)'] }, 'https://evil.example.com/a')).toBe('ask');
    expect(decide({ deny: ['WebFetch(domain:*.example.com)'] }, 'https://docs.example.com/a')).toBe('deny');
  });
});
