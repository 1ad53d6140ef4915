import type { z } from 'zod';
import type { JsonSchema, MediaBlock } from '../providers/types';
import type { Workspace } from '../workspace/types';
import type { AnyToolDetails } from './details';
import type { SessionMode, ToolServices } from './services';
import type { TaskGraph } from './task-graph/graph';

/** What a tool may do; drives permissions and concurrency (read tools of one step run in parallel). */
export type ToolKind = 'read' | 'write' | 'exec' | 'network' | 'agent' | 'meta';

export interface TodoItem {
  content: string;
  status: 'pending' | 'in_progress' | 'completed';
  activeForm: string;
}

/** What the agent remembers about each file it has read, so stale writes are caught. */
export interface FileReadRecord {
  mtimeMs: number;
  size: number;
  /** True when only part of the file was read (offset/limit). */
  partial: boolean;
}

/** The session's services (services.ts) come with the context; each is optional. */
export interface ToolContext extends ToolServices {
  workspace: Workspace;
  signal: AbortSignal;
  /** The model's id for this call (a subagent is tagged with the Agent call that started it). */
  callId?: string;
  /** Keyed by absolute resolved path. Read adds; Write/Edit check and refresh it. */
  readFiles: Map<string, FileReadRecord>;
  /** Streams partial output (Bash) so an abort can keep what was produced so far. */
  onProgress?: (chunk: string) => void;
  /**
   * True for paths a `Read(...)` deny rule covers. Tools that walk the tree (Glob, Grep, LS)
   * skip them, so a denied folder cannot be read around by searching it.
   */
  isReadDenied?: (absPath: string) => boolean;
  /** The permission gate allowed the call only as read-only: run it so that any write fails (Bash). */
  readOnly?: boolean;
}

export interface ToolResult {
  /** What the model reads. */
  content: string;
  isError?: boolean;
  /** Absolute paths the tool created or changed (for review, checkpoints, the file tree). */
  changed?: string[];
  /** What the UI reads: typed data for the tool's card (never sent to the model). */
  details?: AnyToolDetails;
  /** A `readOnly` run tried to change these paths and was stopped (nothing changed): ask, then run it again. */
  writeBlocked?: string[];
  /** Images and PDFs for the model (Read), sent as blocks where the provider accepts them. */
  media?: MediaBlock[];
  /** The task graph after a Task* tool changed it, forwarded as an event (so replay rebuilds it). */
  taskGraph?: TaskGraph;
  /** Switch the permission mode after this call (ExitPlanMode approved, EnterPlanMode agreed). */
  mode?: SessionMode;
}

/** How permission rules see a call: `Edit(src/**)` has rule name `Edit` and matches the subject path. */
export interface PermissionSubject {
  /** The rule family: Read rules cover Read/Glob/Grep/LS; Edit rules cover Write/Edit/MultiEdit. */
  ruleName: string;
  /** The path, command or URL the rule's specifier is matched against; undefined when there is none. */
  value?: string;
}

export interface Tool<I = any> {
  name: string;
  /** Other names models use for the same tool (e.g. `Task` for `Agent`). */
  aliases?: string[];
  kind: ToolKind;
  description: string;
  input: z.ZodType<I>;
  /** JSON Schema sent to the provider, derived from `input`. */
  inputSchema: JsonSchema;
  permission(input: I): PermissionSubject;
  /** A one-line summary for cards and permission prompts, e.g. `Bash: npm test`. */
  summary(input: I): string;
  run(input: I, ctx: ToolContext): Promise<ToolResult>;
  /** False leaves the tool out of the session's tool list (its service is not configured). Default: present. */
  available?(services: ToolServices): boolean;
}
