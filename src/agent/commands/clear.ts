import type { SlashCommand } from './types';

export const clearCommand: SlashCommand = {
  name: 'clear',
  aliases: ['reset'],
  summary: 'Start the conversation over (files stay as they are)',
  run(ctx) {
    if (ctx.running)
      return [
        { type: 'notice', tone: 'error', markdown: 'The agent is working. Press Stop (or Esc) first, then `/clear`.' },
      ];
    return [{ type: 'clear' }];
  },
};
