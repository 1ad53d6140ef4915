import { askUserQuestionTool } from './ask-user-question';
import { bashTool } from './bash';
import { editTool } from './edit';
import { enterPlanModeTool } from './enter-plan-mode';
import { exitPlanModeTool } from './exit-plan-mode';
import { globTool } from './glob';
import { grepTool } from './grep';
import { lsTool } from './ls';
import { lspTool } from './lsp';
import { multiEditTool } from './multi-edit';
import { notebookEditTool } from './notebook-edit';
import { readTool } from './read';
import { taskCreateTool } from './task-create';
import { taskGetTool } from './task-get';
import { taskListTool } from './task-list';
import { taskOutputTool } from './task-output';
import { taskStopTool } from './task-stop';
import { taskUpdateTool } from './task-update';
import { todoWriteTool } from './todo-write';
import type { Tool } from './types';
import { webFetchTool } from './web-fetch';
import { webSearchTool } from './web-search';
import { writeTool } from './write';

export { findTool } from './find-tool';

export {
  askUserQuestionTool,
  bashTool,
  editTool,
  enterPlanModeTool,
  exitPlanModeTool,
  globTool,
  grepTool,
  lsTool,
  lspTool,
  multiEditTool,
  notebookEditTool,
  readTool,
  taskCreateTool,
  taskGetTool,
  taskListTool,
  taskOutputTool,
  taskStopTool,
  taskUpdateTool,
  todoWriteTool,
  webFetchTool,
  webSearchTool,
  writeTool,
};

/**
 * The tools every session has, in the order their specs are sent. Tools whose service is missing
 * (no search configured, no UI to ask the user) are left out per session by Tool.available.
 */
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
  webFetchTool,
  webSearchTool,
  notebookEditTool,
  lspTool,
  askUserQuestionTool,
  exitPlanModeTool,
  enterPlanModeTool,
  taskCreateTool,
  taskGetTool,
  taskUpdateTool,
  taskListTool,
  taskOutputTool,
  taskStopTool,
];
