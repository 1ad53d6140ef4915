// Events of the extension points (skills, custom commands, hooks, subagents). Part of the one
// AgentEvent stream: stored in the session log like any other and folded by applyEvent, so a
// reload or a replay rebuilds the context they added and each subagent's own transcript.
import type { Usage } from '../providers/types';
import type { AgentEvent, TurnEndReason } from './events';

/** The hook events Tidepool fires, named and shaped as Claude Code's (sdk.d.ts `HookEvent`). */
export type HookEventName =
  | 'PreToolUse'
  | 'PostToolUse'
  | 'PostToolUseFailure'
  | 'UserPromptSubmit'
  | 'Stop'
  | 'SubagentStart'
  | 'SubagentStop'
  | 'SessionStart'
  | 'SessionEnd'
  | 'PreCompact'
  | 'PermissionRequest'
  | 'Notification';

/** What one hook run came to: `blocked` stopped the action; `error`/`timeout` were reported and the action went on. */
export type HookRunOutcome = 'success' | 'blocked' | 'error' | 'timeout' | 'cancelled';

/** Where text for the model that is not the user's own words came from. */
/** Where added context came from; `mcp-resource`: an `@server:uri` mention in the user's message. */
export type ContextSource = 'command' | 'skill' | 'hook' | 'subagent' | 'mcp-resource';

/** Text sent with a user message for the model (shown folded in the chat), e.g. an attached MCP resource. */
export interface TurnContext {
  source: ContextSource;
  label: string;
  text: string;
}

/** One file a worktree subagent changed, and what became of it in the main tree. */
export interface WorktreeChangeRecord {
  path: string;
  kind: 'added' | 'modified' | 'deleted';
  /** applied: written as is; merged: combined with main-tree edits; conflict/declined/pending: not written. */
  status: 'applied' | 'merged' | 'conflict' | 'declined' | 'pending';
  /** Unified diff from the snapshot the subagent started from to its version. */
  diff: string;
  /** The subagent's version of a text file that was not written, so nothing is lost. */
  content?: string;
}

export type ExtensionEvent =
  /**
   * Text for the model that the user did not type: an expanded /command or skill, a hook's
   * additional context, a finished background agent's report. Appended to the last user message
   * (or a new one after an assistant message), so it is part of the transcript.
   */
  | { type: 'context-added'; turnId: string; source: ContextSource; label: string; text: string }
  /** A UserPromptSubmit hook refused the prompt: its text leaves the transcript; `reason` is for the user. */
  | { type: 'prompt-blocked'; turnId: string; text: string; reason: string }
  /** One hook handler ran (a small line in the transcript). */
  | {
      type: 'hook-ran';
      turnId?: string;
      hookEvent: HookEventName;
      handler: 'command' | 'http' | 'prompt';
      /** The command, URL or prompt, shortened. */
      label: string;
      /** The settings file it came from. */
      file: string;
      outcome: HookRunOutcome;
      /** The reason, error or system message the hook gave. */
      message?: string;
      durationMs: number;
      /** The tool call it ran for (tool events). */
      callId?: string;
    }
  | {
      type: 'subagent-started';
      turnId: string;
      /** The Agent tool call that started it. */
      callId: string;
      agentId: string;
      agentType: string;
      description: string;
      prompt: string;
      model: string;
      background: boolean;
      isolation?: 'worktree';
    }
  /** An event of the subagent's own stream; folded into its transcript, not the parent's. */
  | { type: 'subagent-event'; agentId: string; event: AgentEvent }
  | {
      type: 'subagent-ended';
      turnId: string;
      callId: string;
      agentId: string;
      reason: TurnEndReason;
      /** Its final answer (what the Agent tool returned, or the background notification). */
      result: string;
      usage: Usage;
      /** Dollars at list price; null when a model's price is unknown. */
      costUsd: number | null;
      durationMs: number;
      toolUses: number;
    }
  /** A worktree subagent's changes after review: which were written, merged, refused or left in conflict. */
  | { type: 'worktree-reviewed'; turnId: string; agentId: string; changes: WorktreeChangeRecord[] };
