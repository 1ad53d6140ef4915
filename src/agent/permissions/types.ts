import type { Tool } from '../../tools/types';
import type { CommandReview, PermissionMode, RuleLists } from '../events';

export type RefusalDecision =
  | {
      behavior: 'ask';
      reason: string;
      suggestedRule: string;
      /** For shell commands: what the prompt shows. */
      review?: CommandReview;
    }
  | { behavior: 'deny'; reason: string; /** What the model reads. */ message: string };

export type PermissionDecision =
  | {
      behavior: 'allow';
      reason: string;
      /**
       * Allowed only because the analysis found it read-only: run it so that any write fails
       * (the lite workspace enforces this), and fall back to `ifWrites()` when one is attempted.
       */
      readOnly?: boolean;
      /** What to do instead when the read-only run tried to write (built only then: it costs a review). */
      ifWrites?: () => RefusalDecision;
    }
  | RefusalDecision;

export interface DecideArgs {
  tool: Tool;
  /** Already validated against tool.input. */
  input: unknown;
  mode: PermissionMode;
  rules: RuleLists;
  /** Absolute workspace root. */
  root: string;
  /** The shell's current directory (relative paths in a command start there); default the root. */
  cwd?: string;
  /** The shell's exported variables (some change what a command runs, e.g. PATH, CDPATH). */
  env?: Record<string, string>;
}
