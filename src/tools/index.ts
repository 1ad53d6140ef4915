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

export { findTool } from './find-tool';
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
