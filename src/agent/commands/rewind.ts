import type { SlashCommand } from './types';

export const rewindCommand: SlashCommand = {
  name: 'rewind',
  summary: 'Go back to an earlier message: restore files, conversation or both (also Esc Esc)',
  run(ctx) {
    if (ctx.running)
      return [
        { type: 'notice', tone: 'error', markdown: 'The agent is working. Press Stop (or Esc) first, then `/rewind`.' },
      ];
    return [{ type: 'open-rewind' }];
  },
};
