import type { MediaBlock, ProviderError, StopReason, Usage } from '../providers/types';
import type { BackgroundStatus } from '../tools/background/tasks';
import type { TaskGraph } from '../tools/task-graph/graph';
import type { TodoItem } from '../tools/types';

export type PermissionMode = 'default' | 'acceptEdits' | 'plan' | 'bypassPermissions';

/** Permission rules as Claude Code's settings hold them: evaluated deny → ask → allow. */
export interface RuleLists {
  allow: string[];
  ask: string[];
  deny: string[];
}

export type PermissionAnswer =
  | { decision: 'allow-once' }
  /** Adds `rule` (e.g. `Bash(npm test:*)`) to the session's allow rules. */
  | { decision: 'allow-always'; rule: string }
  | { decision: 'deny'; message?: string };

/** `max-turns`: the per-turn request limit was reached; `Agent.continue()` goes on. */
export type TurnEndReason = 'done' | 'aborted' | 'error' | 'max-turns';

/** `/compact` (manual), the context threshold (auto), or a provider's context-too-long error. */
export type CompactionTrigger = 'manual' | 'auto' | 'context-too-long';

/**
 * The one stream out of the agent. Every event carries the ids a consumer needs to rebuild
 * state from the stream alone; `replayEvents` turns a stored stream back into a transcript.
 */
export type AgentEvent =
  /** `continued`: the user chose Continue after `max-turns`; no user text is added. */
  | { type: 'turn-started'; turnId: string; text: string; at: number; continued?: true }
  /** A new model request within the turn (a turn has one step per tool round trip). */
  | { type: 'step-started'; turnId: string; step: number }
  | { type: 'text-delta'; turnId: string; text: string }
  | { type: 'tool-call-started'; turnId: string; callId: string; name: string }
  | { type: 'tool-call-delta'; turnId: string; callId: string; argsDelta: string }
  /** Arguments complete; `input` is what the model sent (possibly invalid). */
  | { type: 'tool-call'; turnId: string; callId: string; name: string; input: unknown; summary: string }
  | {
      type: 'permission-asked';
      turnId: string;
      callId: string;
      toolName: string;
      summary: string;
      suggestedRule: string;
    }
  | { type: 'permission-answered'; turnId: string; callId: string; answer: PermissionAnswer }
  | { type: 'tool-progress'; turnId: string; callId: string; chunk: string }
  | {
      type: 'tool-result';
      turnId: string;
      callId: string;
      name: string;
      isError: boolean;
      content: string;
      changed?: string[];
      interrupted?: boolean;
      /** Images and PDFs the tool returned (Read), for models that take them. */
      media?: MediaBlock[];
    }
  | { type: 'todos-updated'; turnId: string; todos: TodoItem[] }
  /** TaskCreate/TaskUpdate changed the session's task graph: the whole graph as it now stands. */
  | { type: 'tasks-updated'; turnId: string; graph: TaskGraph }
  /**
   * A background command ended without the model stopping it. The model is told in the next request
   * (a notice appended to the user turn); `stoppedBy: 'user'` when the user stopped it from the list.
   */
  | {
      type: 'background-task-ended';
      taskId: string;
      command: string;
      status: BackgroundStatus;
      exitCode?: number;
      stoppedBy?: 'user';
      /** The last lines of its output. */
      tail: string;
      at: number;
    }
  | { type: 'assistant-message-ended'; turnId: string; step: number; stopReason: StopReason | 'aborted' | 'error' }
  /** `side`: a request beside the conversation (WebFetch's prompt, WebSearch): counted, not the context size. */
  | { type: 'usage'; turnId: string; model: string; usage: Usage; side?: true }
  | { type: 'retrying'; turnId: string; attempt: number; delayMs: number; error: ProviderError }
  | { type: 'error'; turnId: string; error: ProviderError }
  | { type: 'mode-changed'; mode: PermissionMode }
  | ({ type: 'rules-changed' } & RuleLists)
  /** `/clear`: the conversation starts over; files are untouched. */
  | { type: 'transcript-cleared' }
  /** A summary of older turns is being requested (the UI shows "Compacting…"). */
  | { type: 'compaction-started'; turnId: string; trigger: CompactionTrigger }
  /**
   * The first `replacedMessages` messages of the transcript were replaced by `summary`; the rest
   * stay verbatim. `tokensAfter` is an estimate of the next request's size, for the context meter.
   */
  | {
      type: 'compacted';
      turnId: string;
      trigger: CompactionTrigger;
      summary: string;
      replacedMessages: number;
      tokensBefore: number;
      tokensAfter: number;
    }
  /** The workspace files as they were before this user message were saved; `/rewind` returns to them. */
  | { type: 'checkpoint-created'; turnId: string; checkpointId: string; fileCount: number }
  | { type: 'turn-ended'; turnId: string; reason: TurnEndReason };

export type AgentEventType = AgentEvent['type'];
