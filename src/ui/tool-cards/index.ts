import type { ComponentType } from 'react';
import type { ToolCallView } from '../../app/chat/chat-fold';
import { BashCard } from './bash';
import { EditCard } from './edit';
import { GenericCard } from './generic';
import { ReadCard } from './read';
import { SearchCard } from './search';
import { TodoWriteCard } from './todo-write';
import { WriteCard } from './write';

export type ToolCard = ComponentType<{ call: ToolCallView }>;

/** A card per tool, keyed by tool name; a new tool's card is one file plus one line here. */
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
};

export function cardFor(name: string): ToolCard {
  return (
    toolCards[name] ??
    toolCards[Object.keys(toolCards).find((k) => k.toLowerCase() === name.toLowerCase()) ?? ''] ??
    GenericCard
  );
}
