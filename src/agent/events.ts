import type { AnyToolDetails } from '../tools/details';
import type { MediaBlock, ProviderError, StopReason, Usage } from '../providers/types';
import type { BackgroundStatus } from '../tools/background/tasks';
import type { TaskGraph } from '../tools/task-graph/graph';
import type { TodoItem } from '../tools/types';
import type { ExtensionEvent } from './extension-events';

/** Claude Code's modes (sdk.d.ts PermissionMode, minus the classifier's `auto`). */
export type PermissionMode = 'default' | 'acceptEdits' | 'plan' | 'dontAsk' | 'bypassPermissions';

/**
 * How much a mode lets run without the user, least first: plan changes nothing, dontAsk runs only
 * what was approved in advance. A project may not raise the user's mode; a subagent may only lower its parent's.
 */
export const MODE_PERMISSIVENESS: Readonly<Record<PermissionMode, number>> = {
  plan: 0,
  dontAsk: 1,
  default: 2,
  acceptEdits: 3,
  bypassPermissions: 4,
};

/** Every mode, in the order Shift+Tab cycles them. */
export const PERMISSION_MODES: readonly PermissionMode[] = [
  'default',
  'acceptEdits',
  'plan',
  'dontAsk',
  'bypassPermissions',
];

/** What a permission prompt shows for a shell command, so the user sees what will really run. */
export interface CommandReview {
  /** The whole command, as the model sent it. */
  command: string;
  /** Each command the line runs (substitutions, pipelines and compound commands included), with a note. */
  parts: { text: string; note: string }[];
  /** What to look at twice: several lines, very long lines, invisible characters, what the analysis could not resolve. */
  warnings: string[];
}

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

/** A subagent, as a permission dialog names it. */
export interface AgentLabel {
  id: string;
  name: string;
}

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
      /** Set when a subagent asks: the dialog names it, and the answer goes back to it. */
      agent?: AgentLabel;
      /** Why the gate asks. */
      reason?: string;
      /** For shell commands: the whole command, its parts and warnings. */
      review?: CommandReview;
    }
  | { type: 'permission-answered'; turnId: string; callId: string; answer: PermissionAnswer; agent?: AgentLabel }
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
      /**
       * The tool's typed data for its card (ToolDetails); the model never sees it. Absent in
       * sessions stored before it existed and for results that never ran: cards then show \`content\`.
       */
      details?: AnyToolDetails;
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
  | { type: 'turn-ended'; turnId: string; reason: TurnEndReason }
  /**
   * What a turn changed in the workspace, by any tool or command: appended by the session right
   * after `turn-ended` (the agent never emits it). Paths and kinds only; the bytes are in checkpoints.
   */
  | { type: 'files-changed'; turnId: string; files: FileChangeSummary[] }
  | ExtensionEvent;

export type FileChangeKind = 'added' | 'modified' | 'deleted';

export interface FileChangeSummary {
  path: string;
  change: FileChangeKind;
}

export type AgentEventType = AgentEvent['type'];
