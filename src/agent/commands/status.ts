import { formatTokens, formatUsd } from './format';
import type { SlashCommand } from './types';

export const statusCommand: SlashCommand = {
  name: 'status',
  summary: 'Backend, model, permission mode and context use',
  run(ctx) {
    const context =
      ctx.contextWindow && ctx.lastInputTokens
        ? `${formatTokens(ctx.lastInputTokens)} of ${formatTokens(ctx.contextWindow)} tokens (${Math.round((ctx.lastInputTokens / ctx.contextWindow) * 100)}%)`
        : ctx.lastInputTokens
          ? `${formatTokens(ctx.lastInputTokens)} tokens (context window unknown)`
          : 'empty';
    return [
      {
        type: 'notice',
        markdown: [
          `| Status | |`,
          `| --- | --- |`,
          `| Workspace | **${ctx.backend.kind}**: ${ctx.backend.reason} (root \`${ctx.workspace.root}\`) |`,
          `| Provider | ${ctx.model ? `${ctx.providerLabel} · \`${ctx.baseUrl}\`` : 'not set up — open Settings'} |`,
          `| Model | ${ctx.model ? `\`${ctx.model}\`` : '—'} |`,
          `| Permission mode | \`${ctx.mode}\` |`,
          `| Rules | ${ctx.rules.allow.length} allow · ${ctx.rules.ask.length} ask · ${ctx.rules.deny.length} deny |`,
          `| Context | ${context} |`,
          `| Session cost | ${formatUsd(ctx.costUsd)} |`,
        ].join('\n'),
      },
    ];
  },
};
