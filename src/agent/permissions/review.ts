import type { ShellAnalysis } from '../../workspace/shell-syntax';
import type { CommandReview } from '../events';
import type { LineParts } from './shell-parts';

// What the permission prompt shows for a shell command beyond the command itself: each part it
// runs, with what the analysis found, and the warnings worth a second look.

/** A line longer than this is flagged: the end of it is easy to miss. */
export const LONG_LINE = 200;
const MAX_PARTS = 60;
/** Control characters (tab and newline aside), zero-width and bidirectional marks. */
const INVISIBLE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

/** Exported variables that change what a command runs or where it reads from. */
const RISKY_ENV =
  /^(BASH_ENV|ENV|GLOBIGNORE|SHELLOPTS|BASHOPTS|IFS|PS4|PROMPT_COMMAND|LD_PRELOAD|LD_LIBRARY_PATH|BASH_ALIAS_.*|BASH_FUNC_.*)$/;
const DEFAULT_PATH = '/usr/bin:/bin';

/** Why the shell's exported variables make a command's effect uncertain. */
export function environmentProblems(env: Record<string, string> | undefined): string[] {
  if (!env) return [];
  const out: string[] = [];
  for (const name of Object.keys(env)) {
    if (RISKY_ENV.test(name)) out.push(`the shell exports ${name}, which changes what commands do`);
  }
  if (env.PATH !== undefined && env.PATH !== DEFAULT_PATH) out.push(`the shell's PATH was changed (${env.PATH})`);
  return out;
}

export function buildReview(
  command: string,
  analysis: ShellAnalysis | null,
  parts: LineParts | null,
  parseError: string | undefined,
  problems: readonly string[],
): CommandReview {
  const warnings: string[] = [];
  const lines = command.replace(/\n+$/, '').split('\n');
  if (lines.length > 1) warnings.push(`Runs ${lines.length} lines: check every one.`);
  const longest = Math.max(...lines.map((l) => l.length));
  if (longest > LONG_LINE) warnings.push(`A line of ${longest} characters: read it to the end.`);
  if (INVISIBLE.test(command)) warnings.push('Contains invisible or control characters.');
  if (parseError) warnings.push(`Could not be analysed: ${parseError}.`);
  for (const problem of problems) warnings.push(`Not resolved: ${problem}.`);
  const out: CommandReview['parts'] = [];
  if (analysis && parts) {
    for (const part of parts.parts) {
      const c = part.command;
      const where = [
        c.inSubstitution && 'in a substitution',
        c.inFunction && 'in a function',
        c.background && 'in the background',
      ]
        .filter(Boolean)
        .join(', ');
      let note: string;
      if (part.writes.length) note = `writes ${part.writes.map((w) => w.text).join(', ')}`;
      else if (part.readOnly.ok) note = 'read-only';
      else note = part.change && !part.change.ok ? part.change.why : (part.readOnly.why ?? 'not read-only');
      out.push({ text: c.display || '(empty)', note: where ? `${note} (${where})` : note });
      for (const w of part.writes) if (!w.resolved.ok) warnings.push(`Not resolved: ${w.text}: ${w.resolved.why}.`);
    }
    for (const w of parts.compoundWrites) {
      out.push({ text: w.text, note: 'writes' });
      if (!w.resolved.ok) warnings.push(`Not resolved: ${w.text}: ${w.resolved.why}.`);
    }
  }
  const shown = out.slice(0, MAX_PARTS);
  if (out.length > MAX_PARTS) shown.push({ text: `… and ${out.length - MAX_PARTS} more`, note: '' });
  return { command, parts: shown, warnings: [...new Set(warnings)] };
}
