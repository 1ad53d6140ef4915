import { analyseScript, readWord, type ParseOutcome } from './shell-syntax';

// Commands the page runs itself in place of a shell program, such as `git` (isomorphic-git over
// the workspace tree): the WebContainer shell has no git of its own, so a command line that is
// just `git …` (optionally after `cd <dir> &&`) is answered here instead of by `jsh`. Lines are
// read through just-bash's own parser (shell-syntax), the same one the permission gate uses.

export interface HostCommandContext {
  /** Absolute directory the command runs in. */
  cwd: string;
  /** Exported environment of the shell. */
  env: Record<string, string>;
  signal?: AbortSignal;
}

export interface HostCommand {
  name: string;
  run(args: string[], ctx: HostCommandContext): Promise<{ stdout: string; stderr: string; exitCode: number }>;
}

/** What a routed command line asks for: optional `cd` steps, then one host command's argv. */
export interface RoutedCommand {
  cds: string[];
  argv: string[];
}

/** `git status`, `cd app && git log -n 3`: the host command to run, or null to leave the line to the shell. */
export function routeCommand(parsed: ParseOutcome, names: string[]): RoutedCommand | null {
  // Only a plain list `cd <dir> && … && <host command> <words>`: anything a shell must interpret
  // (pipes, redirections, expansions, globs, other statements) still goes to the real shell.
  if (!parsed.ok || parsed.script.statements.length !== 1) return null;
  const [statement] = parsed.script.statements;
  if (statement.background || statement.operators.some((op) => op !== '&&')) return null;
  const steps: string[][] = [];
  for (const pipeline of statement.pipelines) {
    if (pipeline.negated || pipeline.timed || pipeline.commands.length !== 1) return null;
    const [command] = pipeline.commands;
    if (command.type !== 'SimpleCommand' || command.assignments.length || command.redirections.length) return null;
    const words = [command.name, ...command.args].map((w) => (w ? readWord(w) : null));
    if (words.some((w) => !w || w.value === null || w.glob || w.brace || w.expands)) return null;
    steps.push(words.map((w) => w!.value!));
  }
  const argv = steps.pop();
  if (!argv || !names.includes(argv[0])) return null;
  if (steps.some((step) => step[0] !== 'cd' || step.length !== 2)) return null;
  return { cds: steps.map((step) => step[1]), argv };
}

/** Built into every sh (jsh and just-bash alike), so never a reason to prefer one shell. */
export const SHELL_BUILTINS = new Set([
  'cd',
  'export',
  'unset',
  'set',
  'true',
  'false',
  'exit',
  'pwd',
  'echo',
  'printf',
  'test',
  '[',
  'read',
  'shift',
  ':',
]);

/**
 * The programs a command line runs, in order, wherever they sit (lists, pipelines, compound
 * commands, substitutions), so a caller can tell which shell has every program it needs. Null when
 * that cannot be known: a name that only expansion decides, a function of the line, or a parse error.
 */
export function commandWords(parsed: ParseOutcome): string[] | null {
  if (!parsed.ok) return null;
  const analysis = analyseScript(parsed.script, { cwd: '/' });
  if (analysis.functions.length) return null;
  const words: string[] = [];
  for (const command of analysis.commands) {
    const name = command.words[0];
    if (!name) continue;
    if (name.value === null) return null;
    words.push(name.value);
  }
  return words;
}
