import type { SlashCommand } from './types';

const template = `# AGENTS.md

Notes for the agent working in this workspace. Tidepool reads this file at the start of every turn.

## Commands
- Build:
- Test:

## Conventions
-
`;

export const memoryCommand: SlashCommand = {
  name: 'memory',
  summary: 'Open the memory file (AGENTS.md or CLAUDE.md) in the editor',
  async run(ctx) {
    for (const name of ['AGENTS.md', 'CLAUDE.md']) {
      const path = `${ctx.workspace.root}/${name}`;
      if (await ctx.workspace.stat(path)) return [{ type: 'open-file', path }];
    }
    const path = `${ctx.workspace.root}/AGENTS.md`;
    return [
      { type: 'open-file', path, template },
      {
        type: 'notice',
        markdown: 'Created `AGENTS.md` from a template: what you write there, the agent reads every turn.',
      },
    ];
  },
};
