export { formatTokens, formatUsd } from '../agent/commands/format';

export function lineCount(text: string): number {
  if (!text) return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** The path relative to the workspace root, for display. */
export function displayPath(path: string, root: string): string {
  if (path === root) return '.';
  return path.startsWith(root + '/') ? path.slice(root.length + 1) : path;
}

export const modeLabels: Record<string, string> = {
  default: 'Ask before changes',
  acceptEdits: 'Accept edits',
  plan: 'Plan only',
  dontAsk: "Don't ask",
  bypassPermissions: 'Bypass permissions',
};
