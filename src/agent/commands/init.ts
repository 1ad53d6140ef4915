import type { SlashCommand } from './types';

export const initPrompt = [
  'Please analyse this workspace and create an AGENTS.md file at its root for future agents working here.',
  'Include: the commands to build, test and run it (and how to run a single test); a short overview of the architecture and the main folders;',
  'and the conventions a newcomer must follow. Keep it concise: no generic advice, nothing that is obvious from the file list.',
  'If AGENTS.md or CLAUDE.md already exists, improve it rather than starting over. If the workspace is empty, say so and write a short AGENTS.md that says what to fill in.',
].join(' ');

export const initCommand: SlashCommand = {
  name: 'init',
  summary: 'Ask the agent to write an AGENTS.md for this workspace',
  run(ctx) {
    if (!ctx.model)
      return [
        { type: 'notice', tone: 'error', markdown: '`/init` needs a model: set one up in Settings first.' },
        { type: 'open-settings' },
      ];
    return [{ type: 'send', prompt: initPrompt }];
  },
};
