import type { Cwds, ShellWord } from '../../workspace/shell-syntax';
import { normalizePath } from '../../workspace/paths';
import { relativeToRoot } from './rules';

// Where a path a command names really lands, and whether a mode may change it without asking.

/** Writes here are never approved by a mode (bypassPermissions aside): repository state and agent config. */
const PROTECTED_DIRS = ['.git', '.claude', '.vscode', '.idea'];
/** The Write/Edit tools may change these without asking in acceptEdits, as in Claude Code. Bash writes may not. */
const TOOL_EDITABLE_CLAUDE_DIRS = ['.claude/commands', '.claude/agents', '.claude/skills'];

/** Output that goes nowhere or back to the command's own streams. */
export const DISCARD_TARGETS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr']);

/** Inside the workspace, not the root itself, and outside the protected directories. */
export function editableByMode(path: string, root: string, options: { shell?: boolean } = {}): boolean {
  const rel = relativeToRoot(path, root);
  if (rel === null || rel === '' || rel.startsWith('..')) return false;
  return !isProtected(rel, !!options.shell);
}

export function isProtected(rel: string, shell: boolean): boolean {
  const inside = (dir: string): boolean => rel === dir || rel.startsWith(`${dir}/`);
  if (!PROTECTED_DIRS.some(inside)) return false;
  return shell || !TOOL_EDITABLE_CLAUDE_DIRS.some(inside);
}

/** A path a command names, resolved against each directory it may run in. */
export type Resolved = { ok: true; paths: string[] } | { ok: false; why: string };

export function resolveWord(word: ShellWord, cwds: Cwds): Resolved {
  if (word.value === null) {
    if (word.glob || word.brace)
      return { ok: false, why: `${word.text} is a pattern, so the files it names are not known` };
    return { ok: false, why: `${word.text} is only known when the line runs` };
  }
  const value = word.value;
  if (value === '') return { ok: false, why: 'an empty path' };
  if (value.startsWith('/')) return { ok: true, paths: [normalizePath(value)] };
  if (cwds === null) return { ok: false, why: `the directory ${word.text} is relative to is not known` };
  return { ok: true, paths: [...new Set(cwds.map((c) => normalizePath(`${c}/${value}`)))] };
}

/** Display form of a path: relative to the root when inside it. */
export function displayPath(path: string, root: string): string {
  const rel = relativeToRoot(path, root);
  return rel === null ? path : rel || '.';
}
