import { formatTokens, formatUsd } from './format';
import type { SlashCommand } from './types';

export const costCommand: SlashCommand = {
  name: 'cost',
  summary: 'Tokens and cost of this session',
  run(ctx) {
    const models = Object.entries(ctx.usageByModel);
    if (!models.length) return [{ type: 'notice', markdown: 'No tokens used yet in this session.' }];
    const rows = models.map(
      ([model, u]) =>
        `| \`${model}\` | ${formatTokens(u.inputTokens)} | ${formatTokens(u.outputTokens)} | ${formatTokens(u.cacheReadTokens)} / ${formatTokens(u.cacheWriteTokens)} | ${formatUsd(ctx.costOf(model, u))} |`,
    );
    return [
      {
        type: 'notice',
        markdown: [
          ...(ctx.sessionTitle ? [`Session **${ctx.sessionTitle}**, per model:`, ''] : []),
          '| Model | Input | Output | Cache read / write | Cost |',
          '| --- | ---: | ---: | ---: | ---: |',
          ...rows,
          '',
          `**Total:** ${formatUsd(ctx.costUsd)} (estimated from list prices; your provider's bill is the truth)`,
        ].join('\n'),
      },
    ];
  },
};
