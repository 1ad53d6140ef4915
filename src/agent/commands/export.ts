import type { SlashCommand } from './types';

export const exportCommand: SlashCommand = {
  name: 'export',
  summary: 'Download this session: /export json (with files) or /export md',
  argHint: '[json|md]',
  run(ctx) {
    const arg = ctx.args.toLowerCase();
    if (!arg) return [{ type: 'export', format: 'ask' }];
    if (arg === 'json') return [{ type: 'export', format: 'json' }];
    if (arg === 'md' || arg === 'markdown') return [{ type: 'export', format: 'markdown' }];
    return [
      {
        type: 'notice',
        tone: 'error',
        markdown: `\`/export ${ctx.args}\`: say \`json\` (the session with its files, to import elsewhere) or \`md\` (the conversation as Markdown).`,
      },
    ];
  },
};
