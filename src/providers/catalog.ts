// Context windows and list prices (USD per million tokens) of common models, for the context meter and cost.
import type { Usage } from './types';

export interface ModelInfo {
  id: string;
  label: string;
  contextWindow: number;
  maxOutput: number;
  /** USD per million tokens. */
  price: { input: number; output: number; cacheRead: number; cacheWrite: number };
  /** Other ids that name the same model (OpenRouter slugs, host-specific names). */
  aliases?: string[];
}

const m = (
  id: string,
  label: string,
  contextWindow: number,
  maxOutput: number,
  input: number,
  output: number,
  cacheRead: number,
  cacheWrite: number,
  aliases?: string[],
): ModelInfo => ({
  id,
  label,
  contextWindow,
  maxOutput,
  price: { input, output, cacheRead, cacheWrite },
  ...(aliases ? { aliases } : {}),
});

// Anthropic: a 5-minute cache write costs 1.25× input, a read 0.1×. OpenAI and others do not bill cache writes,
// so their cacheWrite is the input price. Prices are list prices for prompts within the standard context.
export const catalog: readonly ModelInfo[] = [
  m('claude-opus-4-5', 'Claude Opus 4.5', 200_000, 64_000, 5, 25, 0.5, 6.25),
  m('claude-opus-4-1', 'Claude Opus 4.1', 200_000, 32_000, 15, 75, 1.5, 18.75),
  m('claude-opus-4', 'Claude Opus 4', 200_000, 32_000, 15, 75, 1.5, 18.75, ['claude-opus-4-0']),
  m('claude-sonnet-4-6', 'Claude Sonnet 4.6', 200_000, 64_000, 3, 15, 0.3, 3.75),
  m('claude-sonnet-4-5', 'Claude Sonnet 4.5', 200_000, 64_000, 3, 15, 0.3, 3.75),
  m('claude-sonnet-4', 'Claude Sonnet 4', 200_000, 64_000, 3, 15, 0.3, 3.75, ['claude-sonnet-4-0']),
  m('claude-haiku-4-5', 'Claude Haiku 4.5', 200_000, 64_000, 1, 5, 0.1, 1.25),
  m('claude-3-7-sonnet', 'Claude Sonnet 3.7', 200_000, 64_000, 3, 15, 0.3, 3.75),
  m('claude-3-5-sonnet', 'Claude Sonnet 3.5', 200_000, 8_192, 3, 15, 0.3, 3.75),
  m('claude-3-5-haiku', 'Claude Haiku 3.5', 200_000, 8_192, 0.8, 4, 0.08, 1),
  m('claude-3-haiku', 'Claude Haiku 3', 200_000, 4_096, 0.25, 1.25, 0.03, 0.3),

  m('gpt-5', 'GPT-5', 400_000, 128_000, 1.25, 10, 0.125, 1.25),
  m('gpt-5-mini', 'GPT-5 mini', 400_000, 128_000, 0.25, 2, 0.025, 0.25),
  m('gpt-5-nano', 'GPT-5 nano', 400_000, 128_000, 0.05, 0.4, 0.005, 0.05),
  m('gpt-4.1', 'GPT-4.1', 1_047_576, 32_768, 2, 8, 0.5, 2),
  m('gpt-4.1-mini', 'GPT-4.1 mini', 1_047_576, 32_768, 0.4, 1.6, 0.1, 0.4),
  m('gpt-4.1-nano', 'GPT-4.1 nano', 1_047_576, 32_768, 0.1, 0.4, 0.025, 0.1),
  m('gpt-4o', 'GPT-4o', 128_000, 16_384, 2.5, 10, 1.25, 2.5),
  m('gpt-4o-mini', 'GPT-4o mini', 128_000, 16_384, 0.15, 0.6, 0.075, 0.15),
  m('o3', 'o3', 200_000, 100_000, 2, 8, 0.5, 2),
  m('o3-pro', 'o3-pro', 200_000, 100_000, 20, 80, 20, 20),
  m('o3-mini', 'o3-mini', 200_000, 100_000, 1.1, 4.4, 0.55, 1.1),
  m('o4-mini', 'o4-mini', 200_000, 100_000, 1.1, 4.4, 0.275, 1.1),

  // DeepSeek V3.2 prices (cache hit / miss); both names serve the same model in two modes.
  m('deepseek-chat', 'DeepSeek Chat', 128_000, 8_192, 0.28, 0.42, 0.028, 0.28),
  m('deepseek-reasoner', 'DeepSeek Reasoner', 128_000, 64_000, 0.28, 0.42, 0.028, 0.28),

  m('gemini-2.5-pro', 'Gemini 2.5 Pro', 1_048_576, 65_536, 1.25, 10, 0.31, 1.25),
  m('gemini-2.5-flash', 'Gemini 2.5 Flash', 1_048_576, 65_536, 0.3, 2.5, 0.075, 0.3),
  m('gemini-2.5-flash-lite', 'Gemini 2.5 Flash-Lite', 1_048_576, 65_536, 0.1, 0.4, 0.025, 0.1),

  // Llama as Groq serves it (Groq prices).
  m('llama-3.3-70b-versatile', 'Llama 3.3 70B (Groq)', 131_072, 32_768, 0.59, 0.79, 0.59, 0.59, [
    'llama-3.3-70b-instruct',
  ]),
  m('llama-3.1-8b-instant', 'Llama 3.1 8B (Groq)', 131_072, 131_072, 0.05, 0.08, 0.05, 0.05, ['llama-3.1-8b-instruct']),
  m('llama-4-scout-17b-16e-instruct', 'Llama 4 Scout (Groq)', 131_072, 8_192, 0.11, 0.34, 0.11, 0.11, [
    'llama-4-scout',
  ]),
  m('llama-4-maverick-17b-128e-instruct', 'Llama 4 Maverick (Groq)', 131_072, 8_192, 0.2, 0.6, 0.2, 0.2, [
    'llama-4-maverick',
  ]),
];

const byId = new Map<string, ModelInfo>();
for (const info of catalog) {
  byId.set(info.id, info);
  for (const alias of info.aliases ?? []) byId.set(alias, info);
}

/** `anthropic/claude-sonnet-4.5:free` → `claude-sonnet-4-5`; `models/gemini-2.5-pro` → `gemini-2.5-pro`. */
export function normalizeModelId(id: string): string {
  let s = id.trim().toLowerCase();
  s = s.slice(s.lastIndexOf('/') + 1); // OpenRouter vendor prefix, Gemini's `models/`, Groq's `meta-llama/`
  s = s.replace(/:[^:]*$/, ''); // `:free`, `:beta`, Ollama tags
  if (s.startsWith('claude')) {
    s = s.replace(/(\d)\.(\d)/g, '$1-$2'); // OpenRouter writes claude-sonnet-4.5 and claude-3.7-sonnet
    s = s.replace(/-latest$/, '');
  }
  return s;
}

// What may follow a catalog id in a longer id: a date (`-20250929`, `-2024-08-06`), `-latest`, `-preview…`, `-exp…`.
// A short number (`-6`) is a newer minor version, which must not inherit this entry's prices.
const suffixOk = /^(-\d{4}-?\d{2}-?\d{2}|-\d{4}|-latest|-preview.*|-exp.*|-v\d.*|-chat.*|-codex.*)$/;

/** Exact id, then alias, then the longest catalog id that prefixes it with a dated/variant suffix. */
export function lookupModel(id: string): ModelInfo | undefined {
  if (!id) return undefined;
  const exact = byId.get(id) ?? byId.get(normalizeModelId(id));
  if (exact) return exact;
  const norm = normalizeModelId(id);
  let best: ModelInfo | undefined;
  let bestLen = 0;
  for (const [key, info] of byId) {
    if (key.length > bestLen && norm.startsWith(key) && suffixOk.test(norm.slice(key.length))) {
      best = info;
      bestLen = key.length;
    }
  }
  return best;
}

/** USD for one usage record, or undefined when the model is not in the catalog. OpenRouter `:free` ids cost 0. */
export function costOf(model: string | ModelInfo, usage: Usage): number | undefined {
  if (typeof model === 'string' && /:free$/i.test(model.trim())) return 0;
  const info = typeof model === 'string' ? lookupModel(model) : model;
  if (!info) return undefined;
  const p = info.price;
  return (
    (usage.inputTokens * p.input +
      usage.outputTokens * p.output +
      usage.cacheReadTokens * p.cacheRead +
      usage.cacheWriteTokens * p.cacheWrite) /
    1_000_000
  );
}
