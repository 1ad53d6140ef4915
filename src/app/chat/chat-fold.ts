import type { AgentEvent, CommandReview, FileChangeSummary, PermissionAnswer, TurnEndReason } from '../../agent/events';
import type { ContextSource, HookEventName, HookRunOutcome } from '../../agent/extension-events';
import type { TodoItem } from '../../tools/types';
import { isExtensionEvent, markSubagentCall, reduceExtension } from './chat-fold-extensions';

// What the chat shows, folded from the session's events plus the page's own notes. Pure and
// immutable so React can compare by reference; the chat store batches events per frame. The same
// fold rebuilds a reloaded chat from the stored log, "Files changed" cards included.

export type ToolCallState = 'preparing' | 'asking' | 'running' | 'done' | 'error' | 'denied' | 'interrupted';

export interface ToolCallView {
  callId: string;
  name: string;
  /** Parsed input once the arguments are complete; undefined while they stream. */
  input: unknown;
  /** The raw arguments as they stream in. */
  argsText: string;
  summary: string;
  state: ToolCallState;
  /** Output streamed while running (Bash). */
  progress: string;
  result?: string;
  changed?: string[];
  /**
   * The tool's data for its card as the event carried it (a stored or imported log may hold
   * anything): the card reads it only through the checked readers (src/ui/tool-cards `detailsOf`),
   * which load with the cards, not before the composer.
   */
  details?: unknown;
  /** Raster images the result carried (Read of an image), base64, for the card to show. */
  images?: { mediaType: RasterType; data: string }[];
}

export type RasterType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
const RASTER = new Set<string>(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** Only raster images, only base64 text: an SVG or anything else in a stored log is never shown as an image. */
function imagesOf(media: unknown): ToolCallView['images'] {
  if (!Array.isArray(media)) return undefined;
  const images = media.filter(
    (m): m is { mediaType: RasterType; data: string } =>
      !!m &&
      typeof m === 'object' &&
      m.type === 'image' &&
      RASTER.has(m.mediaType) &&
      typeof m.data === 'string' &&
      /^[A-Za-z0-9+/]*={0,2}$/.test(m.data),
  );
  return images.length ? images.map((m) => ({ mediaType: m.mediaType, data: m.data })) : undefined;
}

export type NoticeTone = 'info' | 'warning' | 'error';

export type ChatItem =
  | { kind: 'user'; id: string; text: string }
  /** A slash command the user ran (never sent to the model). */
  | { kind: 'command'; id: string; text: string }
  | { kind: 'text'; id: string; text: string; streaming: boolean }
  | { kind: 'tool'; id: string; call: ToolCallView }
  | {
      kind: 'notice';
      id: string;
      tone: NoticeTone;
      title: string;
      body?: string;
      hint?: string;
      markdown?: boolean;
      /** Replaces the title when the turn ends well (a retry notice that succeeded). */
      resolvedTitle?: string;
    }
  | { kind: 'changes'; id: string; turnId: string; files: FileChangeSummary[] }
  /** Text the model got that the user did not type: an expanded /command or skill, hook context, a background report. */
  | { kind: 'context'; id: string; source: ContextSource; label: string; text: string }
  /** One hook run, as a small line. */
  | {
      kind: 'hook';
      id: string;
      hookEvent: HookEventName;
      label: string;
      file: string;
      outcome: HookRunOutcome;
      message?: string;
      durationMs: number;
    }
  | { kind: 'subagent'; id: string; agent: SubagentView };

/** A subagent's card: what it was asked, its own chat (live), and how it ended. */
export interface SubagentView {
  agentId: string;
  callId: string;
  agentType: string;
  description: string;
  prompt: string;
  model: string;
  background: boolean;
  isolation?: 'worktree';
  status: 'running' | TurnEndReason;
  chat: ChatState;
  result?: string;
  costUsd?: number | null;
  durationMs?: number;
  toolUses?: number;
}

export interface PendingPermission {
  callId: string;
  toolName: string;
  summary: string;
  suggestedRule: string;
  reason?: string;
  review?: CommandReview;
  /** The subagent asking, when it is not the main agent. */
  agentName?: string;
}

export interface ChatState {
  items: ChatItem[];
  running: boolean;
  turnId: string | null;
  /** Calls waiting for the user, oldest first; the dialog shows the first. */
  permissions: PendingPermission[];
  todos: TodoItem[];
  /** The last turn ended at the request limit: the chat offers Continue. */
  canContinue: boolean;
}

export type LocalAction =
  | { type: 'local-notice'; tone: NoticeTone; title: string; body?: string; hint?: string; markdown?: boolean }
  | { type: 'local-command'; text: string }
  | { type: 'local-clear' };

export function emptyChat(): ChatState {
  return { items: [], running: false, turnId: null, permissions: [], todos: [], canContinue: false };
}

let seq = 0;
const nextId = (prefix: string): string => `${prefix}-${++seq}`;

function updateTool(state: ChatState, callId: string, update: (call: ToolCallView) => ToolCallView): ChatState {
  const index = findLastIndex(state.items, (item) => item.kind === 'tool' && item.call.callId === callId);
  if (index < 0) return state;
  const item = state.items[index] as Extract<ChatItem, { kind: 'tool' }>;
  const items = state.items.slice();
  items[index] = { ...item, call: update(item.call) };
  return { ...state, items };
}

function findLastIndex<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}

function endStreaming(items: ChatItem[]): ChatItem[] {
  const last = items[items.length - 1];
  if (last?.kind === 'text' && last.streaming) {
    const copy = items.slice();
    copy[copy.length - 1] = { ...last, streaming: false };
    return copy;
  }
  return items;
}

function answerState(answer: PermissionAnswer): ToolCallState {
  return answer.decision === 'deny' ? 'denied' : 'running';
}

/** The chat a stored log shows: the same fold the live page runs, so a reload looks the same. */
export function foldChat(events: readonly AgentEvent[]): ChatState {
  let chat = emptyChat();
  for (const event of events) chat = reduceChat(chat, event);
  return chat;
}

export function reduceChat(state: ChatState, event: AgentEvent | LocalAction): ChatState {
  switch (event.type) {
    case 'turn-started':
      return {
        ...state,
        running: true,
        turnId: event.turnId,
        canContinue: false,
        // Continue adds no user text: the turn goes on where the last one stopped.
        items: event.continued
          ? endStreaming(state.items)
          : [...endStreaming(state.items), { kind: 'user', id: nextId('u'), text: event.text }],
      };
    case 'text-delta': {
      const last = state.items[state.items.length - 1];
      if (last?.kind === 'text' && last.streaming) {
        const items = state.items.slice();
        items[items.length - 1] = { ...last, text: last.text + event.text };
        return { ...state, items };
      }
      return {
        ...state,
        items: [...state.items, { kind: 'text', id: nextId('t'), text: event.text, streaming: true }],
      };
    }
    case 'tool-call-started':
      return {
        ...state,
        items: [
          ...endStreaming(state.items),
          {
            kind: 'tool',
            id: event.callId,
            call: {
              callId: event.callId,
              name: event.name,
              input: undefined,
              argsText: '',
              summary: event.name,
              state: 'preparing',
              progress: '',
            },
          },
        ],
      };
    case 'tool-call-delta':
      return updateTool(state, event.callId, (call) => ({ ...call, argsText: call.argsText + event.argsDelta }));
    case 'tool-call': {
      const exists = state.items.some((item) => item.kind === 'tool' && item.call.callId === event.callId);
      const base: ChatState = exists
        ? state
        : {
            ...state,
            items: [
              ...endStreaming(state.items),
              {
                kind: 'tool',
                id: event.callId,
                call: {
                  callId: event.callId,
                  name: event.name,
                  input: undefined,
                  argsText: '',
                  summary: event.name,
                  state: 'preparing',
                  progress: '',
                },
              },
            ],
          };
      return updateTool(base, event.callId, (call) => ({
        ...call,
        input: event.input,
        summary: event.summary,
        state: 'running',
      }));
    }
    case 'permission-asked':
      return {
        ...(event.agent
          ? markSubagentCall(state, event.agent.id, event.callId, 'asking')
          : updateTool(state, event.callId, (call) => ({ ...call, state: 'asking' }))),
        permissions: [
          ...state.permissions,
          {
            callId: event.callId,
            toolName: event.toolName,
            summary: event.summary,
            suggestedRule: event.suggestedRule,
            reason: event.reason,
            review: event.review,
            agentName: event.agent?.name,
          },
        ],
      };
    case 'permission-answered':
      return {
        ...(event.agent
          ? markSubagentCall(state, event.agent.id, event.callId, answerState(event.answer))
          : updateTool(state, event.callId, (call) => ({ ...call, state: answerState(event.answer) }))),
        permissions: state.permissions.filter((p) => p.callId !== event.callId),
      };
    case 'tool-progress':
      return updateTool(state, event.callId, (call) => ({ ...call, progress: call.progress + event.chunk }));
    case 'tool-result':
      return updateTool(state, event.callId, (call) => ({
        ...call,
        state: event.interrupted
          ? 'interrupted'
          : call.state === 'denied'
            ? 'denied'
            : event.isError
              ? 'error'
              : 'done',
        result: event.content,
        changed: event.changed,
        details: event.details,
        images: imagesOf(event.media),
      }));
    case 'todos-updated':
      return { ...state, todos: event.todos };
    case 'assistant-message-ended':
      return { ...state, items: endStreaming(state.items) };
    case 'retrying': {
      const seconds = Math.max(1, Math.round(event.delayMs / 1000));
      const notice: ChatItem = {
        kind: 'notice',
        id: `retry-${event.turnId}`,
        tone: 'warning',
        title: `${event.error.message} Retrying in ${seconds} s (attempt ${event.attempt})…`,
        hint: event.error.hint,
        resolvedTitle: `${event.error.message} Retried ${event.attempt === 1 ? 'once' : `${event.attempt} times`}, then it worked.`,
      };
      const index = state.items.findIndex((item) => item.id === notice.id);
      if (index >= 0) {
        const items = state.items.slice();
        items[index] = notice;
        return { ...state, items };
      }
      return { ...state, items: [...endStreaming(state.items), notice] };
    }
    case 'error':
      return {
        ...state,
        items: [
          ...endStreaming(state.items),
          { kind: 'notice', id: nextId('e'), tone: 'error', title: event.error.message, hint: event.error.hint },
        ],
      };
    case 'compaction-started':
      return {
        ...state,
        items: [
          ...endStreaming(state.items),
          {
            kind: 'notice',
            id: `compact-${event.turnId}`,
            tone: 'info',
            title:
              event.trigger === 'manual'
                ? 'Compacting the conversation…'
                : 'The context is nearly full: compacting older turns…',
          },
        ],
      };
    case 'compacted': {
      const title = `Compacted: ${event.replacedMessages} older messages summarised (about ${Math.round(event.tokensBefore / 1000)}k → ${Math.round(event.tokensAfter / 1000)}k tokens). Recent turns are kept as they were.`;
      const index = state.items.findIndex((item) => item.id === `compact-${event.turnId}`);
      const notice: ChatItem = {
        kind: 'notice',
        id: `compact-${event.turnId}`,
        tone: 'info',
        title,
        body: event.summary,
        markdown: true,
      };
      if (index < 0) return { ...state, items: [...state.items, notice] };
      const items = state.items.slice();
      items[index] = notice;
      return { ...state, items };
    }
    case 'transcript-cleared':
    case 'local-clear':
      return { ...emptyChat(), running: state.running, turnId: state.turnId };
    case 'turn-ended': {
      let items = endStreaming(state.items).map((item): ChatItem => {
        if (
          item.kind === 'tool' &&
          (item.call.state === 'preparing' || item.call.state === 'asking' || item.call.state === 'running')
        ) {
          return { ...item, call: { ...item.call, state: 'interrupted' } };
        }
        if (
          item.kind === 'notice' &&
          item.resolvedTitle &&
          item.id === `retry-${event.turnId}` &&
          event.reason === 'done'
        ) {
          return { ...item, tone: 'info', title: item.resolvedTitle, hint: undefined, resolvedTitle: undefined };
        }
        return item;
      });
      if (event.reason === 'aborted') {
        items = [
          ...items,
          { kind: 'notice', id: nextId('n'), tone: 'info', title: 'Stopped. You can send another message.' },
        ];
      } else if (event.reason === 'max-turns') {
        items = [
          ...items,
          {
            kind: 'notice',
            id: nextId('n'),
            tone: 'warning',
            title: 'The agent reached its request limit for one message.',
            hint: 'Choose Continue to let it go on.',
          },
        ];
      }
      return {
        ...state,
        items,
        running: false,
        turnId: null,
        permissions: [],
        canContinue: event.reason === 'max-turns',
      };
    }
    case 'local-notice':
      return {
        ...state,
        items: [
          ...endStreaming(state.items),
          {
            kind: 'notice',
            id: nextId('n'),
            tone: event.tone,
            title: event.title,
            body: event.body,
            hint: event.hint,
            markdown: event.markdown,
          },
        ],
      };
    case 'local-command':
      return { ...state, items: [...state.items, { kind: 'command', id: nextId('c'), text: event.text }] };
    case 'files-changed':
      return {
        ...state,
        items: [
          ...state.items,
          { kind: 'changes', id: `changes-${event.turnId}`, turnId: event.turnId, files: event.files },
        ],
      };
    default:
      return isExtensionEvent(event) ? reduceExtension(state, event, reduceChat) : state;
  }
}
