export { formatTokens, formatUsd } from '../agent/commands/format';

export function lineCount(text: string): number {
  if (!text) return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

export const modeLabels: Record<string, string> = {
  default: 'Ask before changes',
  acceptEdits: 'Accept edits',
  plan: 'Plan only',
  dontAsk: "Don't ask",
  bypassPermissions: 'Bypass permissions',
};
