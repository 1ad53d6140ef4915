import type {
  CommandNode,
  ScriptNode,
  StatementNode,
  TransformContext,
  TransformPlugin,
  TransformResult,
} from 'just-bash';

// How the lite shell's cwd and exported variables carry across `exec` calls: each run's script is
// rewritten through just-bash's transform hook to export the carried variables first and report
// the state last (and before any `exit` the main shell could take; just-bash has no `trap EXIT`).

export interface RunFragments {
  preamble: StatementNode[];
  trailer: StatementNode;
  /** `if __tidepool_state ID "$?"; then exit; else exit; fi`: both exits are replaced by the user's. */
  exitWrap: CommandNode;
}

/**
 * Rewrites the top-level script of one run: exports the carried variables first, reports the state
 * last, and reports it before every `exit` the main shell could take (just-bash has no `trap EXIT`).
 */
export class StatePlugin implements TransformPlugin {
  readonly name = 'tidepool-shell-state';
  private pending: RunFragments | null = null;

  /** `markLive` flags the commands whose output may stream as it is printed (runtimes/live-output.ts). */
  constructor(private readonly markLive?: (ast: ScriptNode) => void) {}

  arm(fragments: RunFragments): void {
    this.pending = fragments;
  }

  disarm(): void {
    this.pending = null;
  }

  transform(context: TransformContext): TransformResult {
    const fragments = this.pending;
    this.pending = null; // only the outermost parse of this run; nested `bash -c` stays untouched
    if (!fragments) return { ast: context.ast };
    const ast: ScriptNode = context.ast;
    wrapExits(ast, fragments.exitWrap);
    this.markLive?.(ast);
    ast.statements = [...fragments.preamble, ...ast.statements, fragments.trailer];
    return { ast };
  }
}

/** Replaces each `exit …` that would end the main shell with the capture-then-exit wrapper. */
function wrapExits(node: unknown, wrap: CommandNode): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) wrapExits(item, wrap);
    return;
  }
  const n = node as { type?: string; commands?: CommandNode[] };
  // Words hold command substitutions and subshells run apart: an exit there leaves the main shell running.
  if (n.type === 'Word' || n.type === 'Subshell') return;
  if (n.type === 'Pipeline' && n.commands) {
    if (n.commands.length !== 1) return; // each side of a pipe is a subshell in bash
    const command = n.commands[0];
    if (isExit(command)) {
      const wrapper = structuredClone(wrap) as Extract<CommandNode, { type: 'If' }>;
      wrapper.clauses[0].body[0].pipelines[0].commands[0] = structuredClone(command);
      wrapper.elseBody![0].pipelines[0].commands[0] = structuredClone(command);
      n.commands[0] = wrapper;
      return;
    }
  }
  for (const value of Object.values(node)) wrapExits(value, wrap);
}

function isExit(command: CommandNode): boolean {
  if (command.type !== 'SimpleCommand' || !command.name) return false;
  const word = (w: { parts: { type: string; value?: string }[] } | undefined) =>
    w && w.parts.length === 1 && w.parts[0].type === 'Literal' ? w.parts[0].value : undefined;
  const name = word(command.name);
  return name === 'exit' || (name === 'builtin' && word(command.args[0]) === 'exit');
}
