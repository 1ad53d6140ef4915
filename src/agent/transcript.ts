import type { Message, Usage } from '../providers/types';
import { emptyUsage } from '../providers/types';
import { emptyTaskGraph, type TaskGraph } from '../tools/task-graph/graph';
import type { TodoItem } from '../tools/types';
import type { AgentEvent, PermissionMode, RuleLists, TurnEndReason } from './events';
import { applyCompaction } from './compaction';

/**
 * Everything a consumer can know about a session, derived from its events alone.
 * The Agent folds its own events through `applyEvent`, so a stored event log replayed
 * through the same function rebuilds exactly the transcript the agent sent.
 */
export interface TranscriptState {
  messages: Message[];
  todos: TodoItem[];
  usage: Usage;
  usageByModel: Record<string, Usage>;
  /** Input tokens of the most recent request (incl. cache), for the context meter. */
  lastInputTokens: number;
  mode: PermissionMode;
  rules: RuleLists;
  /** TaskCreate/TaskUpdate's graph. */
  taskGraph: TaskGraph;
  /** Notices for the model (a background task ended) waiting for the next user turn to carry them. */
  pendingNotices: string[];
  /** Subagents by id, each with its own transcript (absent until the first one starts). */
  subagents?: Record<string, SubagentTranscript>;
}

/** A subagent as the stream tells it: what it was asked, its own transcript, and how it ended. */
export interface SubagentTranscript {
  agentId: string;
  agentType: string;
  description: string;
  /** The parent's Agent tool call and turn. */
  callId: string;
  turnId: string;
  model: string;
  background: boolean;
  status: 'running' | TurnEndReason;
  result?: string;
  costUsd?: number | null;
  state: TranscriptState;
}

export function emptyTranscript(): TranscriptState {
  return {
    messages: [],
    todos: [],
    usage: emptyUsage(),
    usageByModel: {},
    lastInputTokens: 0,
    mode: 'default',
    rules: { allow: [], ask: [], deny: [] },
    taskGraph: emptyTaskGraph(),
    pendingNotices: [],
  };
}

function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
}

const last = <T>(items: T[]): T | undefined => items[items.length - 1];

/** Mutates `state` in place (the hot path appends thousands of deltas) and returns it. */
export function applyEvent(state: TranscriptState, event: AgentEvent): TranscriptState {
  const messages = state.messages;
  switch (event.type) {
    case 'turn-started': {
      // Continue adds no user text: the model answers the pending tool results.
      if (!event.continued) {
        const prev = last(messages);
        // Two user messages in a row (after an aborted step that produced nothing) are merged,
        // so the transcript always alternates as both APIs require.
        if (prev?.role === 'user') prev.content.push({ type: 'text', text: event.text });
        else messages.push({ role: 'user', content: [{ type: 'text', text: event.text }] });
      }
      flushNotices(state);
      break;
    }
    case 'step-started':
      messages.push({ role: 'assistant', content: [] });
      break;
    case 'text-delta': {
      const msg = last(messages);
      if (msg?.role !== 'assistant') break;
      const block = last(msg.content);
      if (block?.type === 'text') block.text += event.text;
      else msg.content.push({ type: 'text', text: event.text });
      break;
    }
    case 'tool-call': {
      const msg = last(messages);
      if (msg?.role !== 'assistant') break;
      // A call whose JSON did not parse is kept with an empty object: both APIs need an object.
      const input =
        event.input !== null && typeof event.input === 'object' && !Array.isArray(event.input) ? event.input : {};
      msg.content.push({ type: 'tool_use', id: event.callId, name: event.name, input });
      break;
    }
    case 'assistant-message-ended': {
      const msg = last(messages);
      if (msg?.role !== 'assistant') break;
      // Anthropic rejects empty text blocks and empty assistant messages.
      msg.content = msg.content.filter((b) => b.type !== 'text' || b.text.length > 0);
      if (msg.content.length === 0) messages.pop();
      break;
    }
    case 'tool-result': {
      let msg = last(messages);
      if (msg?.role !== 'user') {
        msg = { role: 'user', content: [] };
        messages.push(msg);
      }
      msg.content.push({
        type: 'tool_result',
        toolUseId: event.callId,
        content: event.content,
        isError: event.isError || undefined,
        ...(event.media?.length ? { media: event.media } : {}),
      });
      flushNotices(state);
      break;
    }
    case 'todos-updated':
      state.todos = event.todos;
      break;
    case 'tasks-updated':
      state.taskGraph = event.graph;
      break;
    case 'background-task-ended':
      state.pendingNotices.push(backgroundNotice(event));
      // Between requests (the last message is the user's), the notice can ride along at once.
      if (last(messages)?.role === 'user') flushNotices(state);
      break;
    case 'usage':
      state.usage = addUsage(state.usage, event.usage);
      state.usageByModel[event.model] = addUsage(state.usageByModel[event.model] ?? emptyUsage(), event.usage);
      if (event.side) break; // a side request says nothing about the conversation's size
      state.lastInputTokens = event.usage.inputTokens + event.usage.cacheReadTokens + event.usage.cacheWriteTokens;
      break;
    case 'mode-changed':
      state.mode = event.mode;
      break;
    case 'rules-changed':
      state.rules = { allow: [...event.allow], ask: [...event.ask], deny: [...event.deny] };
      break;
    case 'transcript-cleared':
      state.messages = [];
      state.todos = [];
      state.taskGraph = emptyTaskGraph();
      state.pendingNotices = [];
      state.lastInputTokens = 0;
      delete state.subagents;
      break;
    case 'context-added': {
      // Text for the model the user did not type (an expanded command, hook context): part of the user side.
      const prev = last(messages);
      if (prev?.role === 'user') prev.content.push({ type: 'text', text: event.text });
      else messages.push({ role: 'user', content: [{ type: 'text', text: event.text }] });
      break;
    }
    case 'prompt-blocked': {
      const prev = last(messages);
      if (prev?.role !== 'user') break;
      const at = prev.content.map((b) => b.type === 'text' && b.text === event.text).lastIndexOf(true);
      if (at >= 0) prev.content.splice(at, 1);
      if (prev.content.length === 0) messages.pop();
      break;
    }
    case 'subagent-started':
    case 'subagent-event':
    case 'subagent-ended':
      foldSubagent(state, event);
      break;
    case 'compacted':
      // Older messages become one summary; the recent ones stay verbatim (see compaction.ts).
      state.messages = applyCompaction(state.messages, event.summary, event.replacedMessages);
      state.lastInputTokens = event.tokensAfter;
      break;
    default:
      break;
  }
  return state;
}

/** Appends waiting notices to the last user message (after its tool results, which lead in every request). */
function flushNotices(state: TranscriptState): void {
  const msg = last(state.messages);
  if (!state.pendingNotices.length || msg?.role !== 'user') return;
  for (const text of state.pendingNotices) msg.content.push({ type: 'text', text });
  state.pendingNotices = [];
}

/** What the model reads when a background task ended on its own (or the user stopped it). */
export function backgroundNotice(event: Extract<AgentEvent, { type: 'background-task-ended' }>): string {
  const how =
    event.stoppedBy === 'user'
      ? 'was stopped by the user'
      : event.status === 'timed-out'
        ? 'timed out and was stopped'
        : `${event.status === 'completed' ? 'completed' : 'failed'}${event.exitCode !== undefined ? ` with exit code ${event.exitCode}` : ''}`;
  const tail = event.tail ? `\nLast lines of its output:\n${event.tail}` : '';
  return (
    `<system-reminder>Background task ${event.taskId} (\`${event.command}\`) ${how}. ` +
    `Read its full output with TaskOutput.${tail}</system-reminder>`
  );
}

type SubagentEvent = Extract<AgentEvent, { type: 'subagent-started' | 'subagent-event' | 'subagent-ended' }>;

/** A subagent's events build its own transcript; its usage also counts toward the session's cost. */
function foldSubagent(state: TranscriptState, event: SubagentEvent): void {
  const subagents = (state.subagents ??= {});
  if (event.type === 'subagent-started') {
    subagents[event.agentId] = {
      agentId: event.agentId,
      agentType: event.agentType,
      description: event.description,
      callId: event.callId,
      turnId: event.turnId,
      model: event.model,
      background: event.background,
      status: 'running',
      state: emptyTranscript(),
    };
    return;
  }
  const sub = subagents[event.agentId];
  if (!sub) return;
  if (event.type === 'subagent-ended') {
    sub.status = event.reason;
    sub.result = event.result;
    sub.costUsd = event.costUsd;
    return;
  }
  applyEvent(sub.state, event.event);
  if (event.event.type === 'usage') {
    // Not lastInputTokens: the parent's context meter measures the parent's own requests.
    const { model, usage } = event.event;
    state.usage = addUsage(state.usage, usage);
    state.usageByModel[model] = addUsage(state.usageByModel[model] ?? emptyUsage(), usage);
  }
}

/** Rebuilds a session's state from its stored events. */
export function replayEvents(
  events: Iterable<AgentEvent>,
  initial: TranscriptState = emptyTranscript(),
): TranscriptState {
  let state = initial;
  for (const event of events) state = applyEvent(state, event);
  return state;
}
