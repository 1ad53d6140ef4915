import { z } from 'zod';
import { defineTool } from './define-tool';
import { errorResult } from './file-guards';
import { looseNumber } from './lenient';
import { fetchPage, MAX_PAGE_BYTES, type FetchedPage } from './web/fetch-page';
import { htmlTitle, htmlToMarkdown } from './web/html-to-markdown';

/** Characters of page text given to the prompt (or returned) per call; `offset` reads on. */
export const MAX_PAGE_CHARS = 100_000;
const CACHE_MS = 15 * 60_000;
const CACHE_ENTRIES = 16;

/** Card data for WebFetch. */
export interface WebFetchDetails {
  kind: 'web-fetch';
  url: string;
  /** Where the content came from (after same-site redirects). */
  finalUrl?: string;
  status?: number;
  title?: string;
  bytes?: number;
  /** The page was larger than the download cap. */
  cut?: boolean;
  viaProxy?: boolean;
  durationMs: number;
  /** A redirect to another host, reported instead of followed. */
  redirectedTo?: string;
  /** Which model applied the prompt; absent when the text was returned as is. */
  model?: string;
  fromCache?: boolean;
}

interface ConvertedPage {
  page: FetchedPage;
  markdown: string;
  title?: string;
}

// Reading a long page in parts (offset) must not download it again each time.
const cache = new Map<string, { at: number; value: ConvertedPage }>();

export function clearWebFetchCache(): void {
  cache.clear();
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/** The URL to fetch: http(s) only; plain http is upgraded to https except on loopback. */
export function normalizeFetchUrl(raw: string): URL | string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return `url: "${raw}" is not a valid URL. Give a full URL such as https://example.com/page.`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `url: only http and https URLs can be fetched, not ${url.protocol}`;
  if (url.username || url.password) return 'url: URLs with a user name or password are not fetched.';
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) url.protocol = 'https:';
  url.hash = '';
  return url;
}

function isHtml(page: FetchedPage): boolean {
  return /html|xml/i.test(page.contentType) || (!page.contentType && /^\s*<(!doctype|html)/i.test(page.text));
}

function isText(contentType: string): boolean {
  return (
    !contentType ||
    /^text\//i.test(contentType) ||
    /json|xml|javascript|ecmascript|yaml|toml|csv|markdown|x-sh|graphql/i.test(contentType)
  );
}

export const webFetchTool = defineTool({
  name: 'WebFetch',
  kind: 'network',
  description:
    'Fetches a URL, turns the page into Markdown, and answers `prompt` about it with a fast model; returns that answer. ' +
    'http is upgraded to https. A redirect to another host is reported, not followed: call again with the new URL. ' +
    `Long pages: the first ${MAX_PAGE_CHARS / 1000}k characters are used; pass offset (from the result) to read on. ` +
    'Results are cached for 15 minutes. Read-only; cannot log in or send forms.',
  input: z.object({
    url: z.string().min(1).describe('The URL to fetch'),
    prompt: z.string().min(1).describe('What to extract or answer from the page'),
    offset: looseNumber().describe('Character position in the page text to start from (for long pages)'),
  }),
  permission: (input) => ({ ruleName: 'WebFetch', value: input.url }),
  summary: (input) => `WebFetch ${input.url}`,
  async run(input, ctx) {
    const started = Date.now();
    const url = normalizeFetchUrl(input.url);
    if (typeof url === 'string') return errorResult(url);
    const details: WebFetchDetails = { kind: 'web-fetch', url: url.href, durationMs: 0 };
    const done = (result: { content: string; isError?: boolean }) => ({
      ...result,
      details: { ...details, durationMs: Date.now() - started },
    });

    let converted = cache.get(url.href);
    if (converted && Date.now() - converted.at > CACHE_MS) {
      cache.delete(url.href);
      converted = undefined;
    }
    if (converted) details.fromCache = true;
    else {
      const fetched = await fetchPage(url, { web: ctx.web, signal: ctx.signal });
      if (!fetched.ok) return done({ content: fetched.error, isError: true });
      if (fetched.value.kind === 'redirect') {
        const { to, status } = fetched.value;
        details.redirectedTo = to;
        details.status = status;
        return done({
          content:
            `REDIRECT DETECTED: ${url.href} redirects (HTTP ${status}) to another host: ${to}\n` +
            `It was not followed. To read it, call WebFetch again with url "${to}" and the same prompt.`,
        });
      }
      const page = fetched.value.page;
      Object.assign(details, { finalUrl: page.url, status: page.status, bytes: page.bytes, viaProxy: page.viaProxy });
      if (page.cut) details.cut = true;
      if (page.status >= 400) {
        const snippet = page.text.replace(/\s+/g, ' ').trim().slice(0, 300);
        return done({
          content: `HTTP ${page.status} ${page.statusText} from ${page.url}.${snippet ? ` The server said: ${snippet}` : ''}`,
          isError: true,
        });
      }
      if (!isText(page.contentType)) {
        return done({
          content: `${page.url} is ${page.contentType}, not a text page; WebFetch reads HTML and text. For a file, ask the user to add it to the workspace.`,
          isError: true,
        });
      }
      const html = isHtml(page);
      const markdown = html ? await htmlToMarkdown(page.text) : page.text;
      converted = { at: Date.now(), value: { page, markdown, title: html ? htmlTitle(page.text) : undefined } };
      cache.set(url.href, converted);
      while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    }

    const { page, markdown, title } = converted.value;
    if (title) details.title = title;
    Object.assign(details, { finalUrl: page.url, status: page.status, bytes: page.bytes, viaProxy: page.viaProxy });
    if (page.cut) details.cut = true;
    const offset = Math.max(0, Math.floor(input.offset ?? 0));
    if (offset > 0 && offset >= markdown.length)
      return done({
        content: `offset ${offset} is past the end of the page text (${markdown.length} characters).`,
        isError: true,
      });
    const part = markdown.slice(offset, offset + MAX_PAGE_CHARS);
    const end = offset + part.length;
    const notes: string[] = [];
    if (page.cut)
      notes.push(
        `The page is larger than ${MAX_PAGE_BYTES / 1024 / 1024} MB${page.declaredBytes ? ` (${(page.declaredBytes / 1024 / 1024).toFixed(1)} MB)` : ''}; only its first ${MAX_PAGE_BYTES / 1024 / 1024} MB were downloaded.`,
      );
    if (end < markdown.length)
      notes.push(`This covers characters ${offset}–${end} of ${markdown.length}; pass offset=${end} to read on.`);
    const header = `${page.url}${title ? ` — ${title}` : ''}`;

    if (!ctx.smallModel) {
      return done({ content: [header, ...notes, '', part || '(the page has no text)'].join('\n') });
    }
    const answer = await ctx.smallModel(
      {
        system: 'You answer questions about one web page, using only its text.',
        prompt:
          `Web page content (${page.url}):\n---\n${part}\n---\n\n${input.prompt}\n\n` +
          'Answer concisely from the content above only. Quote exactly but briefly; say so when the page does not contain the answer.',
      },
      ctx.signal,
    );
    if (!answer.ok) {
      if (ctx.signal.aborted) return done({ content: 'Aborted.', isError: true });
      notes.push(`The prompt could not be applied (${answer.error}); the page text follows instead.`);
      return done({ content: [header, ...notes, '', part].join('\n') });
    }
    details.model = answer.value.model;
    return done({ content: [header, ...notes, '', answer.value.text || '(the model gave no answer)'].join('\n') });
  },
});
