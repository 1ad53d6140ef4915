import type { ComponentType } from 'react';
import type { ToolDetailsKind } from '../../tools/details';
import type { ToolCallView } from '../../app/chat/chat-fold';
import { BashCard } from './bash';
import { checkedDetails } from './card-frame';
import { EditCard } from './edit';
import { GenericCard } from './generic';
import { McpToolCard } from './mcp-tool';
import { ReadCard } from './read';
import { SearchCard } from './search';
import { TodoWriteCard } from './todo-write';
import { WriteCard } from './write';
import { BashBackgroundCard, TaskOutputCard } from './background';
import { NotebookEditCard } from './notebook-edit';
import { AskUserQuestionCard, EnterPlanModeCard, ExitPlanModeCard } from './questions';
import { ReadMediaCard } from './read-media';
import { LspCard, TaskCard } from './tasks';
import { WebFetchCard, WebSearchCard } from './web';

export type ToolCard = ComponentType<{ call: ToolCallView }>;

/** A card per kind of details: a result's details say which card renders it, whatever the tool's name. */
const cardsByDetails: Record<ToolDetailsKind, ToolCard> = {
  read: ReadCard,
  write: WriteCard,
  edit: EditCard,
  grep: SearchCard,
  glob: SearchCard,
  ls: SearchCard,
  bash: BashCard,
  todos: TodoWriteCard,
  'mcp-tool': McpToolCard,
  'web-fetch': WebFetchCard,
  'web-search': WebSearchCard,
  'ask-user-question': AskUserQuestionCard,
  'exit-plan-mode': ExitPlanModeCard,
  'enter-plan-mode': EnterPlanModeCard,
  'notebook-edit': NotebookEditCard,
  'read-media': ReadMediaCard,
  'bash-background': BashBackgroundCard,
  'task-output': TaskOutputCard,
  'task-stop': TaskOutputCard,
  'task-create': TaskCard,
  'task-get': TaskCard,
  'task-update': TaskCard,
  'task-list': TaskCard,
  lsp: LspCard,
};

/** Before a result has details (or in a session stored before them): the card by tool name. */
export const toolCards: Record<string, ToolCard> = {
  Bash: BashCard,
  Edit: EditCard,
  MultiEdit: EditCard,
  Write: WriteCard,
  Read: ReadCard,
  Grep: SearchCard,
  Glob: SearchCard,
  LS: SearchCard,
  TodoWrite: TodoWriteCard,
  WebFetch: WebFetchCard,
  WebSearch: WebSearchCard,
  AskUserQuestion: AskUserQuestionCard,
  ExitPlanMode: ExitPlanModeCard,
  EnterPlanMode: EnterPlanModeCard,
  NotebookEdit: NotebookEditCard,
  TaskOutput: TaskOutputCard,
  TaskStop: TaskOutputCard,
  TaskCreate: TaskCard,
  TaskGet: TaskCard,
  TaskUpdate: TaskCard,
  TaskList: TaskCard,
  LSP: LspCard,
};

/** The card for a call: by its details, else by its tool's name (any case), else the generic card. */
export function cardFor(call: ToolCallView): ToolCard {
  const details = checkedDetails(call);
  if (details) return cardsByDetails[details.kind];
  const name = call.name;
  return (
    toolCards[name] ??
    toolCards[Object.keys(toolCards).find((k) => k.toLowerCase() === name.toLowerCase()) ?? ''] ??
    GenericCard
  );
}
