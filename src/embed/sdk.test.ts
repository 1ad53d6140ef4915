import { describe, expect, it } from 'vitest';
import { embed } from './sdk';

// embed() checks its options before it makes a frame: the page author hears of a mistake at once.
describe('embed() options', () => {
  const element = {} as HTMLElement; // never touched: every call below is refused first
  it('refuses a bad theme, endpoint or tool list with a message naming it', async () => {
    await expect(embed(element, { theme: 'neon' as never })).rejects.toThrow(
      'embed: theme must be one of auto, light, dark',
    );
    await expect(
      embed(element, { endpoint: { format: 'anthropic', baseUrl: 'http://proxy.example', model: 'm' } }),
    ).rejects.toThrow(/endpoint: baseUrl must be https/);
    await expect(
      embed(element, { endpoint: { format: 'anthropic', baseUrl: 'https://proxy.example' } as never }),
    ).rejects.toThrow(/endpoint: model must be/);
    await expect(embed(element, { tools: [{ name: 'a b', description: 'x', run: () => '' }] })).rejects.toThrow(
      /registerTools: tool 0: name must be letters/,
    );
  });
});
