import type { SlashCommand } from './types';

export const modelCommand: SlashCommand = {
  name: 'model',
  summary: 'Show the model, or switch to another: /model <id>',
  argHint: '[model-id]',
  run(ctx) {
    if (ctx.args)
      return [
        { type: 'set-model', model: ctx.args },
        { type: 'notice', markdown: `Model set to \`${ctx.args}\`.` },
      ];
    if (!ctx.model) {
      return [
        { type: 'notice', markdown: 'No model yet: choose a provider and model in Settings.' },
        { type: 'open-settings' },
      ];
    }
    return [
      {
        type: 'notice',
        markdown: `Model: \`${ctx.model}\` via ${ctx.providerLabel}. Switch with \`/model <id>\`, or pick from the list in Settings.`,
      },
    ];
  },
};
