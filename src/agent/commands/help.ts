import type { SlashCommand } from './types';

export const helpCommand: SlashCommand = {
  name: 'help',
  aliases: ['?'],
  summary: 'List the commands and keys',
  run(ctx) {
    const rows = ctx.commands.map((c) => `| \`/${c.name}${c.argHint ? ' ' + c.argHint : ''}\` | ${c.summary} |`);
    return [
      {
        type: 'notice',
        markdown: [
          '| Command | What it does |',
          '| --- | --- |',
          ...rows,
          '',
          '**Keys:** Enter sends · Shift+Enter adds a line · Esc stops the agent · Shift+Tab cycles the permission mode · Tab completes a command',
        ].join('\n'),
      },
    ];
  },
};
