import type { SlashCommand } from './types';

export const compactCommand: SlashCommand = {
  name: 'compact',
  summary: 'Summarise older turns to free context: /compact [what to keep]',
  argHint: '[instructions]',
  run(ctx) {
    if (ctx.running)
      return [
        {
          type: 'notice',
          tone: 'error',
          markdown: 'The agent is working. Press Stop (or Esc) first, then `/compact`.',
        },
      ];
    if (!ctx.model)
      return [
        {
          type: 'notice',
          tone: 'error',
          markdown: '`/compact` asks the model for a summary: set one up in Settings first.',
        },
      ];
    return [{ type: 'compact', instructions: ctx.args || undefined }];
  },
};
