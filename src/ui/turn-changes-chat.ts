import type { AgentEvent } from '../agent/events';
import { emptyChat, reduceChat, type ChatItem, type ChatState, type TurnChangeSummary } from './chat-state';

// A reloaded chat is folded from the stored events, which do not hold the per-turn "Files changed"
// cards (the page derives those). These put each card back where the live page showed it: right
// after its turn's last item.

/** The chat folded from `events`, and for each ended turn the item index just after it. */
export function foldChat(events: readonly AgentEvent[]): { chat: ChatState; turnEnds: Map<string, number> } {
  let chat = emptyChat();
  const turnEnds = new Map<string, number>();
  for (const event of events) {
    chat = reduceChat(chat, event);
    if (event.type === 'turn-ended') turnEnds.set(event.turnId, chat.items.length);
    else if (event.type === 'transcript-cleared') turnEnds.clear(); // the cleared turns have no items left
  }
  return { chat, turnEnds };
}

/**
 * `items` with a card per turn in `turns` inserted at `turnEnds`, provided `items` still starts with
 * `prefix` (the folded chat those positions were taken from); null when it does not (the chat was
 * rebuilt meanwhile). Turns already showing a card, or not in `turnEnds`, are skipped.
 */
export function insertTurnChanges(
  items: readonly ChatItem[],
  prefix: readonly ChatItem[],
  turnEnds: ReadonlyMap<string, number>,
  turns: readonly { turnId: string; files: readonly TurnChangeSummary[] }[],
): ChatItem[] | null {
  if (items.length < prefix.length || prefix.some((item, i) => items[i] !== item)) return null;
  const shown = new Set(items.flatMap((item) => (item.kind === 'changes' ? [item.turnId] : [])));
  const at = new Map<number, ChatItem[]>();
  for (const turn of turns) {
    const index = turnEnds.get(turn.turnId);
    if (index === undefined || shown.has(turn.turnId) || !turn.files.length) continue;
    const card: ChatItem = {
      kind: 'changes',
      id: `changes-${turn.turnId}`,
      turnId: turn.turnId,
      files: turn.files.map((f) => ({ path: f.path, change: f.change })),
    };
    at.set(index, [...(at.get(index) ?? []), card]);
  }
  if (!at.size) return null;
  const out: ChatItem[] = [];
  for (let i = 0; i <= items.length; i++) {
    out.push(...(at.get(i) ?? []));
    if (i < items.length) out.push(items[i]);
  }
  return out;
}
