// The seam between the loop and its extension points (skills, custom commands, hooks, subagents;
// src/agent/extensions). The Agent calls these at fixed moments and works the same without them;
// everything they change goes through events, so the session log still rebuilds the transcript.
import type { Provider } from '../providers/types';
import type { Tool, ToolResult } from '../tools/types';
import type { Workspace } from '../workspace/types';
import type {
  AgentEvent,
  CompactionTrigger,
  PermissionAnswer,
  PermissionMode,
  RuleLists,
  TurnEndReason,
} from './events';
import type { Message } from '../providers/types';

/** What an extension may see and do of the agent that carries it. */
export interface AgentHost {
  readonly agent: {
    readonly workspace: Workspace;
    readonly mode: PermissionMode;
    readonly rules: RuleLists;
    readonly messages: Message[];
    readonly model: string;
    readonly toolList: readonly Tool[];
    readonly running: boolean;
  };
  provider(): Provider;
  /** Folds the event into the transcript and tells subscribers, like the agent's own events. */
  emit(event: AgentEvent): void;
  /** Waits for `answerPermission(callId)` in the running turn (the caller emits permission-asked); deny when no turn runs. */
  waitForAnswer(callId: string): Promise<PermissionAnswer>;
}

/** A validated tool call, as hooks see it. */
export interface HookedCall {
  callId: string;
  /** The name the model used (`Task` for `Agent`). */
  name: string;
  tool: Tool;
  input: unknown;
}

export interface ToolCallHooks {
  /** PreToolUse, before the permission decision: refuse, force or waive the ask, or replace the input. */
  before?(
    call: HookedCall,
    signal: AbortSignal,
  ): Promise<{ deny?: string; permission?: 'allow' | 'ask'; input?: unknown } | undefined>;
  /** PermissionRequest, when the user would be asked: answer instead of the dialog. */
  permissionRequest?(
    call: HookedCall,
    signal: AbortSignal,
  ): Promise<{ behavior: 'allow'; input?: unknown } | { behavior: 'deny'; message: string } | undefined>;
  /** PostToolUse / PostToolUseFailure: the result the model reads, with any context hooks add. */
  after?(call: HookedCall, result: ToolResult, durationMs: number, signal: AbortSignal): Promise<ToolResult>;
}

export interface AgentHooks {
  /** Called once, by the Agent's constructor. */
  attach?(host: AgentHost): void;
  /** After turn-started: UserPromptSubmit hooks, an invoked /command or skill. `blocked` ends the turn unsent. */
  turnStarted?(turnId: string, text: string, signal: AbortSignal): Promise<'blocked' | void>;
  /** Sections appended to the system prompt of each request (the skills listing, a subagent's role). */
  systemSections?(turnId: string): string[];
  /** False keeps the workspace's memory files (CLAUDE.md, AGENTS.md) out of the prompt: a project not trusted yet. */
  memoryFiles?(): boolean;
  /** The model for this turn's requests when a command or skill names one. */
  providerFor?(turnId: string): Provider | undefined;
  /** The permission rules for this turn's calls (an active skill's allowed and disallowed tools layered on). */
  rulesFor?(turnId: string, rules: RuleLists): RuleLists;
  toolCalls?(turnId: string): ToolCallHooks | undefined;
  /** After each model step: `continue` sends another request although the model stopped (Stop hook); `halt` ends the turn. */
  stepEnded?(turnId: string, willStop: boolean, signal: AbortSignal): Promise<'continue' | 'halt' | void>;
  /** PreCompact. */
  compacting?(
    turnId: string,
    trigger: CompactionTrigger,
    instructions: string | undefined,
    signal: AbortSignal,
  ): Promise<void>;
  turnEnded?(turnId: string, reason: TurnEndReason): void;
  /** An answer for a permission this agent did not ask (a subagent's). */
  answerPermission?(callId: string, answer: PermissionAnswer): void;
  /** The user pressed Stop: background work stops too. */
  aborted?(): void;
}
