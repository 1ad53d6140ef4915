import type { AgentEvent } from '../../agent/events';
import { emptyUsage, type Usage } from '../../providers/types';
import type { SessionMeta } from './records';

// The session list's view of a session, folded from its events as they are appended, so the list
// never has to read event logs. Only turn boundaries, usage and rules touch it.

/** Enough of each session's text to find it by content without reading its events. */
export const SEARCH_TEXT_CAP = 32_000;
const TITLE_MAX = 60;

export function newMeta(id: string, now: number, root: string): SessionMeta {
  return {
    id,
    title: '',
    createdAt: now,
    updatedAt: now,
    lastUsedAt: now,
    model: '',
    usage: emptyUsage(),
    usageByModel: {},
    rules: { allow: [], ask: [], deny: [] },
    status: 'idle',
    searchText: '',
    root,
  };
}

/** A title from the first request: its first line, whitespace collapsed, cut at a word near 60 characters. */
export function titleFrom(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  const flat = line.replace(/\s+/g, ' ').trim();
  if (flat.length <= TITLE_MAX) return flat || 'Untitled session';
  const cut = flat.slice(0, TITLE_MAX);
  const space = cut.lastIndexOf(' ');
  return `${(space > 30 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
}

function appendSearch(meta: SessionMeta, text: string): void {
  if (!text || meta.searchText.length >= SEARCH_TEXT_CAP) return;
  const room = SEARCH_TEXT_CAP - meta.searchText.length;
  meta.searchText += (meta.searchText ? '\n' : '') + text.slice(0, room);
}

/**
 * Folds one event into `meta` (in place). `scratch` carries the assistant text of the open turn,
 * added to the search text when the turn ends. Returns true when the meta record needs writing.
 */
export function foldMeta(meta: SessionMeta, event: AgentEvent, scratch: { turnText: string }, now: number): boolean {
  switch (event.type) {
    case 'turn-started':
      meta.status = 'running';
      meta.lastUsedAt = now;
      if (!meta.title) meta.title = titleFrom(event.text);
      appendSearch(meta, event.text);
      scratch.turnText = '';
      return true;
    case 'text-delta':
      if (scratch.turnText.length < SEARCH_TEXT_CAP) scratch.turnText += event.text;
      return false;
    case 'usage':
      meta.usage = addUsage(meta.usage, event.usage);
      meta.usageByModel[event.model] = addUsage(meta.usageByModel[event.model] ?? emptyUsage(), event.usage);
      meta.model = event.model;
      return true;
    case 'rules-changed':
      meta.rules = { allow: [...event.allow], ask: [...event.ask], deny: [...event.deny] };
      return true;
    case 'turn-ended':
      meta.status = 'idle';
      meta.updatedAt = now;
      meta.lastUsedAt = now;
      appendSearch(meta, scratch.turnText);
      scratch.turnText = '';
      return true;
    default:
      return false;
  }
}
