import { diffLines } from 'diff';
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

function range(start: number, count: number): string {
  // A zero-length range names the line before it; a one-line range drops the count.
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

/** The hunks of a text diff, with git's context and merging rules. */
export function hunks(oldText: string, newText: string, context = 3): string {
  const ops = editScript(oldText, newText);
  const oldLines = splitLines(oldText);
  const changes: number[] = [];
  ops.forEach((op, i) => op.kind !== ' ' && changes.push(i));
  if (!changes.length) return '';
  let out = '';
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
    let body = '';
    for (let k = from; k <= to; k++) {
      const op = ops[k];
      if (op.kind !== '+') oldCount++;
      if (op.kind !== '-') newCount++;
      body += `${op.kind}${op.line.text}\n`;
      if (!op.line.eol) body += '\\ No newline at end of file\n';
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
    out += `@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@${func ? ` ${func}` : ''}\n${body}`;
    i = j;
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

/** `diff --git` header lines plus the hunks (or `Binary files … differ`). */
export function patch(pair: FilePair, context = 3): string {
  const oldPath = pair.old?.path ?? pair.new!.path;
  const newPath = pair.new?.path ?? pair.old!.path;
  const a = quotePath(`a/${oldPath}`);
  const b = quotePath(`b/${newPath}`);
  let out = `diff --git ${a} ${b}\n`;
  const oldOid = pair.old ? short(pair.old.oid) : ZERO;
  const newOid = pair.new ? short(pair.new.oid) : ZERO;
  if (pair.status === 'A') out += `new file mode ${modeText(pair.new!.mode)}\nindex ${ZERO}..${newOid}\n`;
  else if (pair.status === 'D') out += `deleted file mode ${modeText(pair.old!.mode)}\nindex ${oldOid}..${ZERO}\n`;
  else {
    if (pair.old!.mode !== pair.new!.mode)
      out += `old mode ${modeText(pair.old!.mode)}\nnew mode ${modeText(pair.new!.mode)}\n`;
    if (pair.status === 'R')
      out += `similarity index 100%\nrename from ${quotePath(oldPath)}\nrename to ${quotePath(newPath)}\n`;
    if (pair.old!.oid === pair.new!.oid) return out;
    out += `index ${oldOid}..${newOid}${pair.old!.mode === pair.new!.mode ? ` ${modeText(pair.new!.mode)}` : ''}\n`;
  }
  const oldBytes = pair.old?.bytes ?? new Uint8Array();
  const newBytes = pair.new?.bytes ?? new Uint8Array();
  if (isBinary(oldBytes) || isBinary(newBytes)) {
    return `${out}Binary files ${pair.old ? a : '/dev/null'} and ${pair.new ? b : '/dev/null'} differ\n`;
  }
  const body = hunks(decoder.decode(oldBytes), decoder.decode(newBytes), context);
  if (!body) return out;
  return `${out}--- ${pair.old ? a : '/dev/null'}\n+++ ${pair.new ? b : '/dev/null'}\n${body}`;
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
