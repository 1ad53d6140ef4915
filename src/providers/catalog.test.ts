import { describe, expect, it } from 'vitest';
import { costOf, lookupModel, normalizeModelId } from './catalog';

describe('model catalog', () => {
  it('finds current models by exact id', () => {
    expect(lookupModel('claude-sonnet-4-5')).toMatchObject({
      contextWindow: 200_000,
      price: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    });
    // The presets' default: priced, so a new user's cost total is shown from the first turn.
    expect(lookupModel('claude-sonnet-4-6')).toMatchObject({ contextWindow: 200_000, price: { input: 3, output: 15 } });
    expect(lookupModel('anthropic/claude-sonnet-4.6')?.id).toBe('claude-sonnet-4-6');
    expect(lookupModel('claude-opus-4-1')?.price.input).toBe(15);
    expect(lookupModel('claude-haiku-4-5')?.price.output).toBe(5);
    expect(lookupModel('gpt-4.1-mini')?.contextWindow).toBe(1_047_576);
    expect(lookupModel('o4-mini')?.price.input).toBe(1.1);
    expect(lookupModel('deepseek-reasoner')).toBeDefined();
    expect(lookupModel('gemini-2.5-pro')).toBeDefined();
    expect(lookupModel('llama-3.3-70b-versatile')).toBeDefined();
  });

  it('matches dated snapshots and -latest to their family', () => {
    expect(lookupModel('claude-sonnet-4-5-20250929')?.id).toBe('claude-sonnet-4-5');
    expect(lookupModel('claude-3-5-haiku-20241022')?.id).toBe('claude-3-5-haiku');
    expect(lookupModel('claude-3-7-sonnet-latest')?.id).toBe('claude-3-7-sonnet');
    expect(lookupModel('claude-opus-4-20250514')?.id).toBe('claude-opus-4');
    expect(lookupModel('gpt-4o-mini-2024-07-18')?.id).toBe('gpt-4o-mini');
    expect(lookupModel('gpt-4o-2024-08-06')?.id).toBe('gpt-4o');
    expect(lookupModel('o3-mini-2025-01-31')?.id).toBe('o3-mini');
    expect(lookupModel('gemini-2.5-flash-preview-05-20')?.id).toBe('gemini-2.5-flash');
  });

  it('understands OpenRouter, Gemini and Groq style ids', () => {
    expect(lookupModel('anthropic/claude-sonnet-4.5')?.id).toBe('claude-sonnet-4-5');
    expect(lookupModel('anthropic/claude-3.7-sonnet')?.id).toBe('claude-3-7-sonnet');
    expect(lookupModel('openai/gpt-4.1-nano')?.id).toBe('gpt-4.1-nano');
    expect(lookupModel('models/gemini-2.5-flash')?.id).toBe('gemini-2.5-flash');
    expect(lookupModel('meta-llama/llama-4-scout-17b-16e-instruct')?.id).toBe('llama-4-scout-17b-16e-instruct');
    expect(normalizeModelId('anthropic/claude-opus-4.1:beta')).toBe('claude-opus-4-1');
  });

  it('returns undefined for unknown models, and does not lend a family price to a newer minor version', () => {
    expect(lookupModel('my-finetune')).toBeUndefined();
    expect(lookupModel('')).toBeUndefined();
    expect(lookupModel('qwen2.5-coder:7b')).toBeUndefined();
    expect(lookupModel('claude-opus-4-7')).toBeUndefined();
    expect(lookupModel('o3-deep-research')).toBeUndefined();
  });

  it('prices usage per million tokens, cache reads and writes apart', () => {
    const usage = {
      inputTokens: 1_000_000,
      outputTokens: 100_000,
      cacheReadTokens: 2_000_000,
      cacheWriteTokens: 400_000,
    };
    // 3 + 1.5 + 0.6 + 1.5
    expect(costOf('claude-sonnet-4-5-20250929', usage)).toBeCloseTo(6.6, 6);
    expect(
      costOf('gpt-4o-mini', { inputTokens: 1000, outputTokens: 1000, cacheReadTokens: 0, cacheWriteTokens: 0 }),
    ).toBeCloseTo(0.00075, 9);
    expect(costOf('unknown-model', usage)).toBeUndefined();
    expect(costOf('meta-llama/llama-3.3-70b-instruct:free', usage)).toBe(0);
  });
});

describe('presets and the catalog', () => {
  it('every hosted preset starts on a model the catalog knows, so the context meter and cost work from the first turn', async () => {
    const { presets } = await import('./presets');
    const hosted = presets.filter((p) => !p.local && p.defaultModel);
    expect(hosted.length).toBeGreaterThan(4);
    for (const preset of hosted)
      expect(lookupModel(preset.defaultModel), `${preset.id}: ${preset.defaultModel}`).toBeDefined();
  });
});
