import { formatTokens, formatUsd } from './format';
import type { SlashCommand } from './types';

const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

function storageLine(s: { usedBytes: number; quotaBytes: number; persisted: boolean }): string {
  const used = s.quotaBytes ? `${mb(s.usedBytes)} of ${mb(s.quotaBytes)}` : `${mb(s.usedBytes)} (quota unknown)`;
  return `${used} · ${s.persisted ? 'persistent' : 'may be cleared by the browser under pressure'}`;
}

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
          ...(ctx.sessionTitle ? [`| Session | ${ctx.sessionTitle.replace(/\|/g, '\\|')} |`] : []),
          `| Session cost | ${formatUsd(ctx.costUsd)} |`,
          ...(ctx.storage ? [`| Storage | ${storageLine(ctx.storage)} |`] : []),
        ].join('\n'),
      },
    ];
  },
};
