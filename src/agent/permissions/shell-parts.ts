import type { ShellAnalysis, ShellCommand, ShellWord } from '../../workspace/shell-syntax';
import { fileChange, type FileChangeVerdict } from './file-commands';
import { DISCARD_TARGETS, resolveWord, type Resolved } from './paths';
import { readOnlyVerdict, type ReadOnlyVerdict } from './read-only';
import { normalizePath } from './rules';

// Each command of an analysed line with what it would do to files: whether it is read-only,
// which paths it writes (redirections and file commands) and reads, resolved against the
// directories it may run in.

export interface PathUse {
  /** How the path reads in the command, e.g. `> .git/config`, `src/a.ts`. */
  text: string;
  resolved: Resolved;
}

export interface ReadUse extends PathUse {
  /** It reads below a directory recursively. */
  recursive: boolean;
  /** It lists or describes the path without reading its contents. */
  listOnly: boolean;
}

export interface Part {
  command: ShellCommand;
  readOnly: ReadOnlyVerdict;
  /** Set for mkdir, touch, rm, rmdir, mv, cp, tee and sed -i. */
  change: FileChangeVerdict | null;
  /** Everything it writes: its redirections and, for a file command, the paths it changes. */
  writes: PathUse[];
  /** The redirections alone: an allow rule for the command does not cover these. */
  redirectWrites: PathUse[];
  reads: ReadUse[];
}

export interface LineParts {
  parts: Part[];
  /** Redirections of compound commands: `{ …; } > f`, `for …; done >> f`. */
  compoundWrites: PathUse[];
  compoundReads: ReadUse[];
}

const isDiscard = (word: ShellWord | null): boolean => !!word?.value && DISCARD_TARGETS.has(word.value);

export function lineParts(analysis: ShellAnalysis, root: string): LineParts {
  const parts = analysis.commands.map((command) => commandPart(command, analysis.functions, root));
  const compoundWrites: PathUse[] = [];
  const compoundReads: ReadUse[] = [];
  for (const r of analysis.redirects) {
    if (!r.compound || !r.target || isDiscard(r.target)) continue;
    const use = { text: `${r.text} (of ${r.compound})`, resolved: resolveWord(r.target, r.cwds) };
    if (r.kind === 'write') compoundWrites.push(use);
    else if (r.kind === 'read') compoundReads.push({ ...use, recursive: false, listOnly: false });
  }
  return { parts, compoundWrites, compoundReads };
}

function commandPart(command: ShellCommand, functions: readonly string[], root: string): Part {
  const readOnly = readOnlyVerdict(command.assignments, command.words, functions);
  const change = fileChange(command.words);
  const writes: PathUse[] = [];
  const reads: ReadUse[] = [];
  for (const r of command.redirects) {
    if (!r.target || isDiscard(r.target)) continue;
    if (r.kind === 'write') writes.push({ text: r.text, resolved: resolveWord(r.target, r.cwds) });
    else if (r.kind === 'read')
      reads.push({ text: r.text, resolved: resolveWord(r.target, r.cwds), recursive: false, listOnly: false });
  }
  const redirectWrites = [...writes];
  if (readOnly.ok) {
    readUses(reads, readOnly.reads, command, readOnly.recursive, false);
    readUses(reads, readOnly.lists, command, false, true);
    // Recursive with no operand: it reads the directory it runs in.
    if (readOnly.recursive && readOnly.reads.length + readOnly.lists.length === 0) {
      reads.push({ text: '.', resolved: cwdsResolved(command), recursive: true, listOnly: false });
    }
  }
  if (change?.ok) {
    for (const target of change.change.targets)
      writes.push({ text: target.text, resolved: resolveWord(target, command.cwds) });
    readUses(reads, change.change.reads, command, false, false);
    const dest = change.change.destination;
    if (dest) writes.push({ text: dest.word.text, resolved: destination(dest.word, dest.sources, command, root) });
  }
  return { command, readOnly, change, writes, redirectWrites, reads };
}

function readUses(
  out: ReadUse[],
  words: ShellWord[],
  command: ShellCommand,
  recursive: boolean,
  listOnly: boolean,
): void {
  for (const w of words) out.push({ text: w.text, resolved: resolveWord(w, command.cwds), recursive, listOnly });
}

function cwdsResolved(command: ShellCommand): Resolved {
  return command.cwds
    ? { ok: true, paths: [...command.cwds] }
    : { ok: false, why: 'the directory it runs in is not known' };
}

/** mv/cp into a directory writes `dir/<name>`; the root itself is only ever such a directory. */
function destination(word: ShellWord, sources: ShellWord[], command: ShellCommand, root: string): Resolved {
  const resolved = resolveWord(word, command.cwds);
  if (!resolved.ok) return resolved;
  const base = normalizePath(root);
  const paths: string[] = [];
  for (const p of resolved.paths) {
    if (p !== base) {
      paths.push(p);
      continue;
    }
    for (const source of sources) {
      if (source.value === null) return { ok: false, why: `${source.text} is only known when the line runs` };
      const name = source.value.replace(/\/+$/, '').split('/').pop() ?? '';
      if (!name || name === '.' || name === '..') return { ok: false, why: `${source.text} has no name to copy under` };
      paths.push(`${base === '/' ? '' : base}/${name}`);
    }
  }
  return { ok: true, paths };
}
