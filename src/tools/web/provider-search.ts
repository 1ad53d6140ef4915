// WebSearch through the model provider's own server-side search (Anthropic's web_search tool): one
// request asks the model to search, the adapter reports the hits as `web-search` events, and the
// model's text about them comes back as the summary.
import { err, ok } from '../../lib/result';
import type { Provider, Usage } from '../../providers/types';
import type { WebSearch, WebSearchHit } from '../services';

export const MAX_SEARCHES_PER_CALL = 5;

export function providerWebSearch(provider: Provider, onUsage?: (model: string, usage: Usage) => void): WebSearch {
  return async (query, options, signal) => {
    const hits: WebSearchHit[] = [];
    const errors: string[] = [];
    let summary = '';
    try {
      for await (const event of provider.stream(
        {
          model: provider.model,
          system: 'You are an assistant for performing a web search tool use.',
          messages: [
            { role: 'user', content: [{ type: 'text', text: `Perform a web search for the query: ${query}` }] },
          ],
          tools: [],
          maxTokens: 4096,
          webSearch: {
            allowedDomains: options.allowedDomains,
            blockedDomains: options.blockedDomains,
            maxUses: MAX_SEARCHES_PER_CALL,
          },
        },
        signal,
      )) {
        if (event.type === 'web-search') {
          if (event.error) errors.push(event.error);
          for (const hit of event.hits) if (!hits.some((h) => h.url === hit.url)) hits.push(hit);
        } else if (event.type === 'text-delta') summary += event.text;
        else if (event.type === 'usage') onUsage?.(provider.model, event.usage);
        else if (event.type === 'error') return err(`${event.error.message} ${event.error.hint}`.trim());
      }
    } catch (error) {
      return err(`The search request failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!hits.length && errors.length) return err(`The web search failed: ${errors.join('; ')}.`);
    return ok({ hits, summary: summary.trim() || undefined, via: 'Anthropic web search' });
  };
}
