import { describe, expect, it } from 'vitest';
import { configFromPreset, presets } from './presets';

describe('presets', () => {
  it('covers the hosted and local hosts with their documented base URLs', () => {
    const urls = Object.fromEntries(presets.map((p) => [p.id, p.baseUrl]));
    expect(urls).toMatchObject({
      anthropic: 'https://api.anthropic.com',
      openai: 'https://api.openai.com/v1',
      openrouter: 'https://openrouter.ai/api/v1',
      groq: 'https://api.groq.com/openai/v1',
      deepseek: 'https://api.deepseek.com/v1',
      gemini: 'https://generativelanguage.googleapis.com/v1beta/openai',
      ollama: 'http://localhost:11434/v1',
      lmstudio: 'http://localhost:1234/v1',
      vllm: 'http://localhost:8000/v1',
    });
    expect(presets.map((p) => p.id)).toContain('custom');
  });

  it('tells how to let the page in for every local server', () => {
    for (const preset of presets.filter((p) => p.local)) {
      expect(preset.needsKey).toBe(false);
      expect(preset.setupNote).toMatch(/CORS|ORIGINS|origin/);
    }
  });

  it('builds a config whose overrides win', () => {
    expect(configFromPreset('groq', { apiKey: 'gsk' })).toEqual({
      preset: 'groq',
      format: 'openai',
      baseUrl: 'https://api.groq.com/openai/v1',
      apiKey: 'gsk',
      model: 'llama-3.3-70b-versatile',
    });
    expect(configFromPreset('openrouter').headers).toEqual({ 'X-Title': 'Tidepool' });
  });
});
