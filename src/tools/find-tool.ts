import type { Tool } from './types';

/**
 * A tool by name or alias: exact first, then ignoring case (models sometimes write `read` or
 * `bash`). The one lookup the agent loop, the UI and tests share.
 */
export function findTool(name: string, tools: readonly Tool[]): Tool | undefined {
  const exact = tools.find((t) => t.name === name) ?? tools.find((t) => t.aliases?.includes(name));
  if (exact) return exact;
  const lower = name.toLowerCase();
  return tools.find((t) => t.name.toLowerCase() === lower || t.aliases?.some((a) => a.toLowerCase() === lower));
}
