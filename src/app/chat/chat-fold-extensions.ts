import type { AgentEvent } from '../../agent/events';
import type { ExtensionEvent } from '../../agent/extension-events';
import type { ChatItem, ChatState, LocalAction, SubagentView, ToolCallState } from './chat-fold';
import { emptyChat } from './chat-fold';

// The chat's side of the extension events: the text a /command, skill or hook added, one line per
// hook run, a refused prompt, and a card per subagent holding its own chat (folded with the same
// reducer as the main one, so its tool cards look the same).

type Reduce = (state: ChatState, event: AgentEvent | LocalAction) => ChatState;

const EXTENSION_TYPES = new Set<string>([
  'context-added',
  'prompt-blocked',
  'hook-ran',
  'subagent-started',
  'subagent-event',
  'subagent-ended',
  'worktree-reviewed',
]);

export function isExtensionEvent(event: AgentEvent | LocalAction): event is ExtensionEvent {
  return EXTENSION_TYPES.has(event.type);
}

let seq = 0;
const nextId = (prefix: string): string => `${prefix}-x${++seq}`;

function updateSubagent(state: ChatState, agentId: string, update: (view: SubagentView) => SubagentView): ChatState {
  const index = state.items.findIndex((item) => item.kind === 'subagent' && item.agent.agentId === agentId);
  if (index < 0) return state;
  const items = state.items.slice();
  const item = items[index] as Extract<ChatItem, { kind: 'subagent' }>;
  items[index] = { ...item, agent: update(item.agent) };
  return { ...state, items };
}

const append = (state: ChatState, item: ChatItem): ChatState => ({ ...state, items: [...state.items, item] });

export function reduceExtension(state: ChatState, event: ExtensionEvent, reduce: Reduce): ChatState {
  switch (event.type) {
    case 'context-added':
      return append(state, {
        kind: 'context',
        id: nextId('ctx'),
        source: event.source,
        label: event.label,
        text: event.text,
      });
    case 'prompt-blocked':
      return append(state, {
        kind: 'notice',
        id: nextId('blocked'),
        tone: 'warning',
        title: `A hook blocked this prompt: ${event.reason}`,
        hint: 'It was not sent to the model. /hooks lists the hooks that are loaded.',
      });
    case 'hook-ran':
      return append(state, {
        kind: 'hook',
        id: nextId('hook'),
        hookEvent: event.hookEvent,
        label: event.label,
        file: event.file,
        outcome: event.outcome,
        message: event.message,
        durationMs: event.durationMs,
      });
    case 'subagent-started': {
      const view: SubagentView = {
        agentId: event.agentId,
        callId: event.callId,
        agentType: event.agentType,
        description: event.description,
        prompt: event.prompt,
        model: event.model,
        background: event.background,
        isolation: event.isolation,
        status: 'running',
        chat: emptyChat(),
      };
      const item: ChatItem = { kind: 'subagent', id: `agent-${event.agentId}`, agent: view };
      // The card takes the place of its Agent call's card: it shows the same call, live.
      const index = state.items.findIndex((i) => i.kind === 'tool' && i.call.callId === event.callId);
      if (index < 0) return append(state, item);
      const items = state.items.slice();
      items[index] = item;
      return { ...state, items };
    }
    case 'subagent-event':
      return updateSubagent(state, event.agentId, (view) => ({ ...view, chat: reduce(view.chat, event.event) }));
    case 'subagent-ended':
      return updateSubagent(state, event.agentId, (view) => ({
        ...view,
        status: event.reason,
        result: event.result,
        costUsd: event.costUsd,
        durationMs: event.durationMs,
        toolUses: event.toolUses,
      }));
    case 'worktree-reviewed': {
      const n = event.changes.length;
      const files = `${n} file${n === 1 ? '' : 's'}`;
      const pending = event.changes.every((c) => c.status === 'pending');
      // A file left in conflict keeps the subagent's text here, so nothing it wrote is lost.
      const lines = event.changes.map((c) =>
        c.status === 'conflict' && c.content !== undefined
          ? `- \`${c.path}\` (${c.kind}): conflict — the subagent's version:\n\n\`\`\`\`\n${c.content}\n\`\`\`\``
          : `- \`${c.path}\` (${c.kind}): ${c.status}`,
      );
      return append(state, {
        kind: 'notice',
        id: nextId('worktree'),
        tone: event.changes.some((c) => c.status === 'conflict') ? 'warning' : 'info',
        title: pending
          ? `A subagent's worktree changes (${files}) wait for your review.`
          : `A subagent's worktree changes were reviewed (${files}).`,
        body: lines.join('\n'),
        markdown: true,
      });
    }
  }
}

/** A subagent's permission question is the parent's; its tool card is in the subagent's chat. */
export function markSubagentCall(state: ChatState, agentId: string, callId: string, next: ToolCallState): ChatState {
  return updateSubagent(state, agentId, (view) => {
    const index = view.chat.items.findIndex((i) => i.kind === 'tool' && i.call.callId === callId);
    if (index < 0) return view;
    const items = view.chat.items.slice();
    const item = items[index] as Extract<ChatItem, { kind: 'tool' }>;
    items[index] = { ...item, call: { ...item.call, state: next } };
    return { ...view, chat: { ...view.chat, items } };
  });
}
