import { bashTool } from './bash';
import { editTool } from './edit';
import { globTool } from './glob';
import { grepTool } from './grep';
import { lsTool } from './ls';
import { multiEditTool } from './multi-edit';
import { readTool } from './read';
import { todoWriteTool } from './todo-write';
import type { Tool } from './types';
import { writeTool } from './write';

export { bashTool, editTool, globTool, grepTool, lsTool, multiEditTool, readTool, todoWriteTool, writeTool };

/** The tools every session has, in the order their specs are sent. */
export const builtinTools: Tool[] = [
  readTool,
  writeTool,
  editTool,
  multiEditTool,
  globTool,
  grepTool,
  lsTool,
  bashTool,
  todoWriteTool,
];

/** A tool by name or alias, exact first, then ignoring case (models sometimes write `read` or `bash`). */
export function findTool(name: string, tools: Tool[] = builtinTools): Tool | undefined {
  const exact = tools.find((t) => t.name === name || t.aliases?.includes(name));
  if (exact) return exact;
  const lower = name.toLowerCase();
  return tools.find((t) => t.name.toLowerCase() === lower || t.aliases?.some((a) => a.toLowerCase() === lower));
}
