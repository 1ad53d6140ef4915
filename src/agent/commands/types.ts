import type { Usage } from '../../providers/types';
import type { Workspace } from '../../workspace/types';
import type { PermissionMode, RuleLists } from '../events';

/** What a command can see. Plain data plus read access to the workspace: no DOM, no agent internals. */
export interface CommandContext {
  /** Everything after the command name, trimmed. */
  args: string;
  commands: readonly SlashCommand[];
  /** Empty when no provider is configured yet. */
  model: string;
  providerLabel: string;
  baseUrl: string;
  backend: { kind: 'lite' | 'webcontainer'; reason: string };
  mode: PermissionMode;
  rules: RuleLists;
  usage: Usage;
  usageByModel: Record<string, Usage>;
  /** Dollars for `usage`, null when the model's price is unknown. */
  costUsd: number | null;
  costOf(model: string, usage: Usage): number | null;
  contextWindow: number | null;
  lastInputTokens: number;
  running: boolean;
  workspace: Pick<Workspace, 'root' | 'stat'>;
  /** The open session's title, when sessions are stored. */
  sessionTitle?: string;
  /** Browser storage used by this origin, when the browser tells. */
  storage?: { usedBytes: number; quotaBytes: number; persisted: boolean };
}

/** What the UI does with a command's answer. A command never touches the page itself. */
export type CommandOutcome =
  /** Show markdown in the transcript as a local note (never sent to the model). */
  | { type: 'notice'; markdown: string; tone?: 'info' | 'error' }
  | { type: 'clear' }
  /** Send `prompt` to the agent as a user turn. */
  | { type: 'send'; prompt: string }
  | { type: 'open-settings' }
  | { type: 'set-model'; model: string }
  | { type: 'set-mode'; mode: PermissionMode }
  | { type: 'set-rules'; rules: RuleLists }
  /** Summarise older turns now (the agent's compaction), optionally steered by instructions. */
  | { type: 'compact'; instructions?: string }
  /** Open a workspace file in the editor, creating it from `template` when missing. */
  | { type: 'open-file'; path: string; template?: string }
  /** Show the session list (to resume, rename, delete, import). */
  | { type: 'open-sessions' }
  /** Show the rewind dialog: pick an earlier message to go back to. */
  | { type: 'open-rewind' }
  /** Download the open session: JSON (with files) or Markdown; `ask` shows the choice. */
  | { type: 'export'; format: 'json' | 'markdown' | 'ask' };

export interface SlashCommand {
  /** Without the slash: `help`. */
  name: string;
  aliases?: string[];
  /** One line for /help and completion. */
  summary: string;
  /** Argument hint shown in completion, e.g. `[model-id]`. */
  argHint?: string;
  /** The file a custom command or skill comes from; unset for built-ins. */
  origin?: string;
  run(ctx: CommandContext): CommandOutcome[] | Promise<CommandOutcome[]>;
}
