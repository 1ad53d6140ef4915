import { z } from 'zod';
import { defineTool } from './define-tool';
import { errorResult } from './file-guards';
import type { WebSearchHit } from './services';
import { filterHits } from './web/search-endpoint';

/** Card data, after Claude Code's WebSearch output. */
export interface WebSearchDetails {
  kind: 'web-search';
  query: string;
  hits: WebSearchHit[];
  via: string;
  durationSeconds: number;
}

const domains = z.array(z.string().trim().min(1)).optional();

export const webSearchTool = defineTool({
  name: 'WebSearch',
  kind: 'network',
  description:
    'Searches the web and returns result titles and URLs (and a summary where the search gives one), for facts newer than your ' +
    'training or outside the project. Filter with allowed_domains or blocked_domains. Cite the sources you use as Markdown links. ' +
    'Read a result in full with WebFetch.',
  input: z.object({
    query: z.string().trim().min(2).describe('The search query'),
    allowed_domains: domains.describe('Only include results from these domains'),
    blocked_domains: domains.describe('Never include results from these domains'),
  }),
  permission: (input) => ({ ruleName: 'WebSearch', value: input.query }),
  summary: (input) => `WebSearch: ${input.query}`,
  // Without a search the tool is left out of the list rather than offered and failing.
  available: (services) => !!services.webSearch,
  async run(input, ctx) {
    const started = Date.now();
    const outcome = await ctx.webSearch!(
      input.query,
      { allowedDomains: input.allowed_domains, blockedDomains: input.blocked_domains },
      ctx.signal,
    );
    if (!outcome.ok) return errorResult(outcome.error);
    // Filtered here too: a provider takes only one of the two lists, and a search API may ignore both.
    const hits = filterHits(outcome.value.hits, input.allowed_domains, input.blocked_domains);
    const details: WebSearchDetails = {
      kind: 'web-search',
      query: input.query,
      hits,
      via: outcome.value.via,
      durationSeconds: (Date.now() - started) / 1000,
    };
    const links = JSON.stringify(hits.map((h) => ({ title: h.title, url: h.url })));
    const snippets = hits
      .filter((h) => h.snippet)
      .map((h) => `- ${h.title}: ${h.snippet}`)
      .join('\n');
    const parts = [`Web search results for query: "${input.query}"`, '', `Links: ${links}`];
    if (outcome.value.summary) parts.push('', outcome.value.summary);
    else if (snippets) parts.push('', snippets);
    if (!hits.length) parts.push('', 'No results. Try other words, or fewer domain filters.');
    else parts.push('', 'REMINDER: cite the sources you use in your answer to the user as Markdown links.');
    return { content: parts.join('\n'), details };
  },
});
