// What an Agent is built from, and the state of the turn it is running: kept apart from agent.ts
// so the loop's file holds the loop.
import type { Provider } from '../providers/types';
import type { BackgroundTasks } from '../tools/background/tasks';
import type { Tool } from '../tools/types';
import type { Workspace } from '../workspace/types';
import type { AgentHooks } from './agent-hooks';
import type { PermissionAnswer, PermissionMode, RuleLists } from './events';
import type { SessionServiceOptions } from './tool-services';
import type { TranscriptState } from './transcript';

export interface AgentOptions extends SessionServiceOptions {
  workspace: Workspace;
  provider: Provider;
  tools: Tool[];
  mode?: PermissionMode;
  rules?: RuleLists;
  /** Model requests per turn before the turn ends with `max-turns` (default 200); `continue()` goes on from there. */
  maxSteps?: number;
  /** A restored session's state (from replayed events). */
  initialState?: TranscriptState;
  /** Overrides the catalog's context window for the model (custom endpoints, tests). */
  contextWindow?: number;
  /** Summarize older turns before a request would pass 80% of the context window (default true). */
  autoCompact?: boolean;
  /** Saves the workspace files before every user message (see checkpoints.ts), for /rewind and fork. */
  checkpoints?: CheckpointHook;
  /** Skills, custom commands, hooks and subagents (agent-hooks.ts; built by src/agent/extensions). */
  hooks?: AgentHooks;
  /** The session's background commands; default a registry of the agent's own. */
  background?: BackgroundTasks;
}

/** Model requests per turn by default: long tasks need room; the UI offers Continue when it is reached. */
export const DEFAULT_MAX_STEPS = 200;

export interface CheckpointHook {
  snapshot(turnId: string, label: string): Promise<{ id: string; files: readonly unknown[] }>;
}

export interface ActiveTurn {
  turnId: string;
  controller: AbortController;
  permissionWaits: Map<string, (answer: PermissionAnswer) => void>;
  /** Set once a context-too-long error was answered by compaction: a second one ends the turn. */
  compactedForContext?: boolean;
}
