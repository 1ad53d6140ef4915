import DOMPurify from 'dompurify';
import { Marked, type Tokens } from 'marked';

// Model output and file contents are untrusted. Two layers: marked renders raw HTML as
// escaped text (so `<img onerror>` shows as characters), then DOMPurify removes anything
// active that slipped through. Images become links: loading them could leak data in the URL.

type Highlighter = (code: string, lang: string) => string | null;
let highlighter: Highlighter | null = null;
let highlighterLoad: Promise<void> | null = null;

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(text);
    },
    image({ href, text }: Tokens.Image): string {
      return `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${escapeHtml(text || href)}</a>`;
    },
    code({ text, lang }: Tokens.Code): string {
      const language = (lang ?? '').trim().split(/\s+/)[0].toLowerCase();
      const highlighted = language && highlighter ? highlighter(text, language) : null;
      const body = highlighted ?? escapeHtml(text);
      const label = language ? `<span class="code-lang">${escapeHtml(language)}</span>` : '';
      return `<div class="code-block">${label}<button type="button" class="code-copy" data-copy="">Copy</button><pre><code class="hljs${language ? ` language-${escapeHtml(language)}` : ''}">${body}</code></pre></div>`;
    },
  },
});

let hooked = false;
function hookPurifier(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
}

const purifyConfig = {
  FORBID_TAGS: [
    'style',
    'img',
    'svg',
    'math',
    'iframe',
    'form',
    'input',
    'textarea',
    'select',
    'video',
    'audio',
    'source',
    'object',
    'embed',
  ],
  FORBID_ATTR: ['style', 'srcset', 'action', 'formaction'],
  ALLOW_DATA_ATTR: true,
};

/** Markdown → sanitised HTML, safe for innerHTML. */
export function renderMarkdown(text: string): string {
  hookPurifier();
  const html = marked.parse(text, { async: false });
  return DOMPurify.sanitize(html, purifyConfig);
}

export function highlighterReady(): boolean {
  return highlighter !== null;
}

/** Loads highlight.js with a handful of grammars, once; resolves when code blocks can be coloured. */
export function loadHighlighter(): Promise<void> {
  highlighterLoad ??= import('./highlight').then((mod) => {
    highlighter = mod.highlight;
  });
  return highlighterLoad;
}
