import type { ScriptNode } from 'just-bash';

// Live output for the lite shell. just-bash hands a command's output on when the command ends,
// which is fine for `ls` but not for a program that runs for a minute. A runtime command whose
// output goes straight to the shell's own stdout (not into a pipe, a redirection or $(...)) is
// marked with an environment variable when the script is parsed; it then streams what it prints
// to the run's listener as it arrives and still returns it whole, for the command's result. At
// the end the workspace hands the listener only what was not streamed already.

export const LIVE_VARIABLE = '__TIDEPOOL_LIVE';

interface Node {
  type?: string;
  [key: string]: unknown;
}

/** Output operators: a command with one of these does not write to the shell's stdout. */
const OUTPUT_REDIRECT = new Set(['>', '>>', '>&', '&>', '&>>', '>|', '<>']);

/**
 * Marks the runtime commands of a top-level script whose output reaches the shell's stdout.
 * `run` is the variable's value: which run's listener hears them ('1' for the foreground shell;
 * each background command has its own).
 */
export function markLiveCommands(ast: ScriptNode, names: ReadonlySet<string>, run = '1'): void {
  visitStatements((ast as unknown as Node).statements, names, run);
}

function visitStatements(statements: unknown, names: ReadonlySet<string>, run: string): void {
  if (!Array.isArray(statements)) return;
  for (const statement of statements as Node[]) {
    if (statement.background) continue;
    for (const pipeline of (statement.pipelines as Node[] | undefined) ?? []) {
      const commands = (pipeline.commands as Node[] | undefined) ?? [];
      // Only the last command of a pipeline writes to the shell's stdout.
      const last = commands[commands.length - 1];
      if (last) visitCommand(last, names, run);
    }
  }
}

function visitCommand(command: Node, names: ReadonlySet<string>, run: string): void {
  const redirections = (command.redirections as Node[] | undefined) ?? [];
  if (redirections.some((r) => OUTPUT_REDIRECT.has(String(r.operator)))) return;
  if (command.type === 'SimpleCommand') {
    const name = command.name as { parts?: Node[] } | null;
    const part = name?.parts?.length === 1 ? name.parts[0] : null;
    if (part?.type === 'Literal' && names.has(String(part.value))) {
      (command.assignments as Node[]).push({
        type: 'Assignment',
        name: LIVE_VARIABLE,
        value: { type: 'Word', parts: [{ type: 'Literal', value: run }] },
        append: false,
        array: null,
      });
    }
    return;
  }
  if (command.type === 'FunctionDef') return; // its body runs wherever it is called from
  for (const key of ['condition', 'body', 'elseBody']) visitStatements(command[key], names, run);
  for (const clause of (command.clauses as Node[] | undefined) ?? []) {
    visitStatements(clause.condition, names, run);
    visitStatements(clause.body, names, run);
  }
  for (const item of (command.items as Node[] | undefined) ?? []) visitStatements(item.body, names, run);
}

/** One exec's live output: what was streamed, so the rest can be delivered once at the end. */
export class LiveOutput {
  private readonly streamed: Record<'stdout' | 'stderr', string[]> = { stdout: [], stderr: [] };

  constructor(private readonly listener: ((chunk: string, stream: 'stdout' | 'stderr') => void) | undefined) {}

  get active(): boolean {
    return !!this.listener;
  }

  /** A live command's output segment, passed on now (and kept: an abort can lose it from the result). */
  emit(stream: 'stdout' | 'stderr', text: string): void {
    if (!text) return;
    this.streamed[stream].push(text);
    this.listener?.(text, stream);
  }

  /**
   * A stream's final text and the part of it still to show. A command the shell abandoned (an
   * abort) may be missing from just-bash's result: what it streamed is added back, so the
   * caller's result holds what the user saw.
   */
  settle(stream: 'stdout' | 'stderr', final: string): { text: string; unshown: string } {
    const pieces = this.streamed[stream];
    if (!pieces.length) return { text: final, unshown: final };
    if (!this.listener) return { text: this.complete(pieces, final), unshown: '' };
    let unshown = '';
    let from = 0;
    for (const piece of pieces) {
      const at = final.indexOf(piece, from);
      if (at === -1) return { text: this.complete(pieces, final), unshown: final };
      unshown += final.slice(from, at);
      from = at + piece.length;
    }
    return { text: final, unshown: unshown + final.slice(from) };
  }

  private complete(pieces: string[], final: string): string {
    let from = 0;
    for (const piece of pieces) {
      const at = final.indexOf(piece, from);
      if (at === -1) return final + pieces.join('');
      from = at + piece.length;
    }
    return final;
  }
}
