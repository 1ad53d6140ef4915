// HTML → Markdown for WebFetch, with turndown (+ GFM tables from Joplin's maintained plugin), loaded
// on first use. In the page turndown parses with the browser's DOMParser, which builds an inert
// document: no script runs and nothing loads. Elements that carry no reading text are cut out first,
// by a cheap scan, so the DOM pass works on a fraction of a typical page.
import type TurndownService from 'turndown';

let service: Promise<TurndownService> | undefined;

function loadService(): Promise<TurndownService> {
  service ??= (async () => {
    const [{ default: Turndown }, { gfm }] = await Promise.all([
      import('turndown'),
      import('@joplin/turndown-plugin-gfm'),
    ]);
    const td = new Turndown({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' });
    td.use(gfm);
    td.remove(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'canvas']);
    td.remove((node) => node.nodeName.toLowerCase() === 'svg');
    // Images carry no text the model can use beyond their alt; keep that, drop data: URLs.
    td.addRule('images', {
      filter: 'img',
      replacement: (_content, node) => {
        const alt = (node as HTMLElement).getAttribute('alt')?.trim();
        return alt ? `[image: ${alt}]` : '';
      },
    });
    return td;
  })();
  service.catch(() => (service = undefined)); // a failed chunk load may succeed next time
  return service;
}

const HEAVY = /<(script|style|noscript|template|svg|iframe|canvas)\b[\s\S]*?<\/\1\s*>/gi;
const COMMENTS = /<!--[\s\S]*?-->/g;

/** The page's <title>, entities decoded for the common ones. */
export function htmlTitle(html: string): string | undefined {
  const m = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  const title = m?.[1]
    .replace(/\s+/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .trim();
  return title || undefined;
}

/** Markdown for an HTML document or fragment; blank-line runs collapsed. */
export async function htmlToMarkdown(html: string): Promise<string> {
  const td = await loadService();
  const lean = html.replace(COMMENTS, '').replace(HEAVY, '');
  return td
    .turndown(lean)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
