import { diffLines } from 'diff';
import { hunkHeader, type DiffHunk } from '../lib/diff-hunk';
import { plural, quotePath, short } from './format';

// Unified patches, --stat, --numstat and --name-status the way `git diff` prints them: same headers,
// same hunk ranges, same function-name context after `@@` (git's default: the nearest line above
// that starts with a letter, `_` or `$`), same stat scaling. Line matching is jsdiff's Myers diff;
// git's indent heuristic can place an ambiguous change a line differently.

export interface DiffSide {
  path: string;
  oid: string;
  mode: number;
  bytes: Uint8Array;
}

export interface FilePair {
  /** A: added, D: deleted, M: modified (content or mode), R: renamed (exact). */
  status: 'A' | 'D' | 'M' | 'R';
  old?: DiffSide;
  new?: DiffSide;
}

/**
 * One file's change as data: what `git diff` prints for it, before it is printed. The typed read
 * API hands these to the UI; `formatPatch` prints them for the shell.
 */
export interface FileDiff {
  status: FilePair['status'];
  /** Repo-relative; absent for an added file. */
  oldPath?: string;
  /** Repo-relative; absent for a deleted file. */
  newPath?: string;
  oldOid?: string;
  newOid?: string;
  oldMode?: number;
  newMode?: number;
  /** Either side holds a NUL in its first 8,000 bytes: no hunks, as git says `Binary files … differ`. */
  binary: boolean;
  hunks: DiffHunk[];
}

export interface Counted {
  pair: FilePair;
  added: number;
  deleted: number;
  binary: boolean;
}

const decoder = new TextDecoder();
const ZERO = '0000000';

export function isBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.byteLength, 8000);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

interface Line {
  text: string;
  /** False for a last line without a newline. */
  eol: boolean;
}

function splitLines(text: string): Line[] {
  if (!text) return [];
  const parts = text.split('\n');
  const endsWithNewline = parts[parts.length - 1] === '';
  if (endsWithNewline) parts.pop();
  return parts.map((t, i) => ({ text: t, eol: endsWithNewline || i < parts.length - 1 }));
}

type Op = { kind: ' ' | '-' | '+'; line: Line };

function editScript(oldText: string, newText: string): Op[] {
  const ops: Op[] = [];
  for (const change of diffLines(oldText, newText)) {
    const kind = change.added ? '+' : change.removed ? '-' : ' ';
    for (const line of splitLines(change.value)) ops.push({ kind, line });
  }
  return ops;
}

const modeText = (mode: number) => mode.toString(8).padStart(6, '0');

/** git's default funcname rule (no diff driver): starts with a letter, `_` or `$`; 80 bytes, trailing space cut. */
function funcName(line: string): string | null {
  const c = line.charCodeAt(0);
  const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
  if (!ok) return null;
  let s = line;
  const bytes = new TextEncoder().encode(s);
  if (bytes.byteLength > 80) s = decoder.decode(bytes.subarray(0, 80));
  return s.replace(/\s+$/, '');
}

/** The hunks of a text diff, with git's context and merging rules and its function-name sections. */
export function diffHunks(oldText: string, newText: string, context = 3): DiffHunk[] {
  const ops = editScript(oldText, newText);
  const oldLines = splitLines(oldText);
  const changes: number[] = [];
  ops.forEach((op, i) => op.kind !== ' ' && changes.push(i));
  const out: DiffHunk[] = [];
  if (!changes.length) return out;
  let funcSearchLimit = -1;
  let func = '';
  let i = 0;
  while (i < changes.length) {
    // Grow the hunk while the next change is within 2*context unchanged lines.
    let end = changes[i];
    let j = i + 1;
    while (j < changes.length) {
      let gap = 0;
      for (let k = end + 1; k < changes[j]; k++) if (ops[k].kind === ' ') gap++;
      if (gap > 2 * context) break;
      end = changes[j];
      j++;
    }
    let from = changes[i];
    for (let c = 0; c < context && from > 0 && ops[from - 1].kind === ' '; c++) from--;
    let to = end;
    for (let c = 0; c < context && to + 1 < ops.length && ops[to + 1].kind === ' '; c++) to++;
    // Line numbers at `from`.
    let oldStart = 1;
    let newStart = 1;
    for (let k = 0; k < from; k++) {
      if (ops[k].kind !== '+') oldStart++;
      if (ops[k].kind !== '-') newStart++;
    }
    let oldCount = 0;
    let newCount = 0;
    const lines: string[] = [];
    for (let k = from; k <= to; k++) {
      const op = ops[k];
      if (op.kind !== '+') oldCount++;
      if (op.kind !== '-') newCount++;
      lines.push(`${op.kind}${op.line.text}`);
      if (!op.line.eol) lines.push('\\ No newline at end of file');
    }
    // The function line: searched upward from the line above the hunk, no further than the previous hunk's search.
    for (let l = oldStart - 2; l > funcSearchLimit && l >= 0; l--) {
      const name = funcName(oldLines[l]?.text ?? '');
      if (name !== null) {
        func = name;
        break;
      }
    }
    funcSearchLimit = oldStart - 2;
    const hunk: DiffHunk = { oldStart, oldLines: oldCount, newStart, newLines: newCount, lines };
    if (func) hunk.section = func;
    out.push(hunk);
    i = j;
  }
  return out;
}

/** Hunks as a patch prints them. */
export function formatHunks(hunks: DiffHunk[]): string {
  let out = '';
  for (const hunk of hunks) {
    out += `${hunkHeader(hunk)}\n`;
    for (const line of hunk.lines) out += `${line}\n`;
  }
  return out;
}

function countText(oldText: string, newText: string): { added: number; deleted: number } {
  let added = 0;
  let deleted = 0;
  for (const change of diffLines(oldText, newText)) {
    const n = splitLines(change.value).length;
    if (change.added) added += n;
    else if (change.removed) deleted += n;
  }
  return { added, deleted };
}

export function count(pair: FilePair): Counted {
  const oldBytes = pair.old?.bytes ?? new Uint8Array();
  const newBytes = pair.new?.bytes ?? new Uint8Array();
  if (isBinary(oldBytes) || isBinary(newBytes)) return { pair, added: 0, deleted: 0, binary: true };
  if (pair.old && pair.new && pair.old.oid === pair.new.oid) return { pair, added: 0, deleted: 0, binary: false };
  return { pair, ...countText(decoder.decode(oldBytes), decoder.decode(newBytes)), binary: false };
}

/** One file pair as data: its sides, whether it is binary, and its hunks. */
export function fileDiffOf(pair: FilePair, context = 3): FileDiff {
  const oldBytes = pair.old?.bytes ?? new Uint8Array();
  const newBytes = pair.new?.bytes ?? new Uint8Array();
  const binary = isBinary(oldBytes) || isBinary(newBytes);
  const sameContent = !!pair.old && !!pair.new && pair.old.oid === pair.new.oid;
  const diff: FileDiff = {
    status: pair.status,
    binary,
    hunks: binary || sameContent ? [] : diffHunks(decoder.decode(oldBytes), decoder.decode(newBytes), context),
  };
  if (pair.old) Object.assign(diff, { oldPath: pair.old.path, oldOid: pair.old.oid, oldMode: pair.old.mode });
  if (pair.new) Object.assign(diff, { newPath: pair.new.path, newOid: pair.new.oid, newMode: pair.new.mode });
  return diff;
}

/** `diff --git` header lines plus the hunks (or `Binary files … differ`), as git prints one file. */
export function formatPatch(diff: FileDiff): string {
  const oldPath = diff.oldPath ?? diff.newPath!;
  const newPath = diff.newPath ?? diff.oldPath!;
  const hasOld = diff.oldPath !== undefined;
  const hasNew = diff.newPath !== undefined;
  const a = quotePath(`a/${oldPath}`);
  const b = quotePath(`b/${newPath}`);
  let out = `diff --git ${a} ${b}\n`;
  const oldOid = hasOld ? short(diff.oldOid!) : ZERO;
  const newOid = hasNew ? short(diff.newOid!) : ZERO;
  if (diff.status === 'A') out += `new file mode ${modeText(diff.newMode!)}\nindex ${ZERO}..${newOid}\n`;
  else if (diff.status === 'D') out += `deleted file mode ${modeText(diff.oldMode!)}\nindex ${oldOid}..${ZERO}\n`;
  else {
    if (diff.oldMode !== diff.newMode)
      out += `old mode ${modeText(diff.oldMode!)}\nnew mode ${modeText(diff.newMode!)}\n`;
    if (diff.status === 'R')
      out += `similarity index 100%\nrename from ${quotePath(oldPath)}\nrename to ${quotePath(newPath)}\n`;
    if (diff.oldOid === diff.newOid) return out;
    out += `index ${oldOid}..${newOid}${diff.oldMode === diff.newMode ? ` ${modeText(diff.newMode!)}` : ''}\n`;
  }
  if (diff.binary) return `${out}Binary files ${hasOld ? a : '/dev/null'} and ${hasNew ? b : '/dev/null'} differ\n`;
  if (!diff.hunks.length) return out;
  return `${out}--- ${hasOld ? a : '/dev/null'}\n+++ ${hasNew ? b : '/dev/null'}\n${formatHunks(diff.hunks)}`;
}

/** One file pair as `git diff` prints it. */
export function patch(pair: FilePair, context = 3): string {
  return formatPatch(fileDiffOf(pair, context));
}

/** `a/b/c => a/d/c` shown as git does: `a/{b => d}/c` (a port of diff.c's pprint_rename). */
export function renameLabel(a: string, b: string): string {
  let pfx = 0;
  for (let i = 0; i < a.length && i < b.length && a[i] === b[i]; i++) if (a[i] === '/') pfx = i + 1;
  // With a common prefix the suffix scan may run one into it, to see the prefix's slash.
  const adjust = pfx ? 1 : 0;
  let sfx = 0;
  for (
    let o = a.length, n = b.length;
    pfx - adjust <= o && pfx - adjust <= n && (a[o] ?? '') === (b[n] ?? '');
    o--, n--
  ) {
    if (a[o] === '/') sfx = a.length - o;
  }
  const aMid = Math.max(0, a.length - pfx - sfx);
  const bMid = Math.max(0, b.length - pfx - sfx);
  const mid = `${a.slice(pfx, pfx + aMid)} => ${b.slice(pfx, pfx + bMid)}`;
  return pfx + sfx ? `${a.slice(0, pfx)}{${mid}}${a.slice(a.length - sfx)}` : mid;
}

function statName(c: Counted): string {
  const p = c.pair;
  if (p.status === 'R') return renameLabel(p.old!.path, p.new!.path);
  return quotePath((p.new ?? p.old)!.path);
}

const width = (n: number) => String(n).length;

/** `--stat` lines and the summary, for an 80-column non-terminal as git assumes. */
export function stat(counted: Counted[], columns = 80): string {
  if (!counted.length) return '';
  const names = counted.map(statName);
  const maxLen = Math.max(...names.map((n) => n.length));
  let maxChange = 0;
  let numberWidth = 0;
  for (const c of counted) {
    if (c.binary) numberWidth = Math.max(numberWidth, 3);
    else maxChange = Math.max(maxChange, c.added + c.deleted);
  }
  numberWidth = Math.max(numberWidth, width(maxChange));
  let graphWidth = maxChange;
  let nameWidth = maxLen;
  if (nameWidth + numberWidth + 6 + graphWidth > columns) {
    if (graphWidth > Math.floor((columns * 3) / 8) - numberWidth - 6)
      graphWidth = Math.max(6, Math.floor((columns * 3) / 8) - numberWidth - 6);
    if (nameWidth > columns - numberWidth - 6 - graphWidth) nameWidth = columns - numberWidth - 6 - graphWidth;
    else graphWidth = columns - numberWidth - 6 - nameWidth;
  }
  const scale = (it: number) => (it === 0 ? 0 : 1 + Math.floor((it * (graphWidth - 1)) / maxChange));
  let out = '';
  let ins = 0;
  let del = 0;
  counted.forEach((c, i) => {
    let name = names[i];
    if (name.length > nameWidth) {
      // Too long: keep the tail, after a `...`, cut at a directory boundary when one is near.
      let tail = name.slice(name.length - (nameWidth - 3));
      const slash = tail.indexOf('/');
      if (slash >= 0) tail = tail.slice(slash);
      name = `...${tail}`;
    }
    const padded = name.padEnd(nameWidth);
    if (c.binary) {
      const oldSize = c.pair.old?.bytes.byteLength ?? 0;
      const newSize = c.pair.new?.bytes.byteLength ?? 0;
      out += ` ${padded} | ${'Bin'.padStart(numberWidth)}`;
      out += oldSize === newSize && c.pair.old?.oid === c.pair.new?.oid ? '\n' : ` ${oldSize} -> ${newSize} bytes\n`;
      return;
    }
    ins += c.added;
    del += c.deleted;
    let add = c.added;
    let rem = c.deleted;
    if (graphWidth <= maxChange) {
      let total = scale(add + rem);
      if (total < 2 && add && rem) total = 2;
      if (add < rem) {
        add = scale(add);
        rem = total - add;
      } else {
        rem = scale(rem);
        add = total - rem;
      }
    }
    const total = c.added + c.deleted;
    out += ` ${padded} | ${String(total).padStart(numberWidth)}${total ? ' ' : ''}${'+'.repeat(add)}${'-'.repeat(rem)}\n`;
  });
  return out + summary(counted.length, ins, del);
}

/** ` 2 files changed, 3 insertions(+), 1 deletion(-)` */
export function summary(files: number, insertions: number, deletions: number): string {
  let out = ` ${plural(files, 'file')} changed`;
  if (insertions || !deletions) out += `, ${plural(insertions, 'insertion')}(+)`;
  if (deletions || !insertions) out += `, ${plural(deletions, 'deletion')}(-)`;
  return `${out}\n`;
}

/** `--shortstat`: the summary line alone. */
export function shortstat(counted: Counted[]): string {
  if (!counted.length) return '';
  let ins = 0;
  let del = 0;
  for (const c of counted) {
    ins += c.added;
    del += c.deleted;
  }
  return summary(counted.length, ins, del);
}

export function numstat(counted: Counted[]): string {
  return counted
    .map((c) => {
      const name =
        c.pair.status === 'R'
          ? renameLabel(c.pair.old!.path, c.pair.new!.path)
          : quotePath((c.pair.new ?? c.pair.old)!.path);
      return c.binary ? `-\t-\t${name}\n` : `${c.added}\t${c.deleted}\t${name}\n`;
    })
    .join('');
}

export function nameStatus(pairs: FilePair[]): string {
  return pairs
    .map((p) =>
      p.status === 'R'
        ? `R100\t${quotePath(p.old!.path)}\t${quotePath(p.new!.path)}\n`
        : `${p.status}\t${quotePath((p.new ?? p.old)!.path)}\n`,
    )
    .join('');
}

export function nameOnly(pairs: FilePair[]): string {
  return pairs.map((p) => `${quotePath((p.new ?? p.old)!.path)}\n`).join('');
}

/** The `create mode`/`delete mode`/`rename` lines `git commit` and `git show --stat --summary` print. */
export function changeSummary(pairs: FilePair[]): string {
  let out = '';
  for (const p of pairs) {
    if (p.status === 'A') out += ` create mode ${modeText(p.new!.mode)} ${quotePath(p.new!.path)}\n`;
    else if (p.status === 'D') out += ` delete mode ${modeText(p.old!.mode)} ${quotePath(p.old!.path)}\n`;
    else if (p.status === 'R') out += ` rename ${renameLabel(p.old!.path, p.new!.path)} (100%)\n`;
    else if (p.old!.mode !== p.new!.mode)
      out += ` mode change ${modeText(p.old!.mode)} => ${modeText(p.new!.mode)} ${quotePath(p.new!.path)}\n`;
  }
  return out;
}
