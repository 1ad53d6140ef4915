import type { SlashCommand } from './types';

export const resumeCommand: SlashCommand = {
  name: 'resume',
  aliases: ['sessions'],
  summary: 'Pick a saved session to open (or start a new one)',
  run(ctx) {
    if (ctx.running)
      return [
        { type: 'notice', tone: 'error', markdown: 'The agent is working. Press Stop (or Esc) first, then `/resume`.' },
      ];
    return [{ type: 'open-sessions' }];
  },
};
