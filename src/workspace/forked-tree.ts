// A copy-on-write view of a FileTree for a subagent working in isolation: a second tree that starts
// with the same file arrays (never copied: a write replaces a node's array, so sharing is safe), and
// the snapshot it started from, so its changes can later be applied three-way against the main tree.
import { FileTree, type TreeSnapshot } from './file-tree';

export interface TreeFork {
  tree: FileTree;
  /** The files when the fork was made (shared arrays). */
  base: TreeSnapshot;
}

/** One file the fork changed: absent `base` = added, absent `next` = deleted. */
export interface ForkChange {
  path: string;
  base?: Uint8Array;
  next?: Uint8Array;
}

export type ApplyResult = 'applied' | 'merged' | 'conflict';

/** Merges a text change: the base, the main tree's version now, the fork's; null when they collide. */
export type TextMerge = (base: string, ours: string, theirs: string) => string | null;

export function forkTree(main: FileTree): TreeFork {
  const base = main.snapshot();
  const tree = new FileTree(main.root);
  tree.restore(base);
  return { tree, base };
}

/** What the fork changed since it was made, by path (unchanged arrays are skipped without reading them). */
export function forkChanges(fork: TreeFork): ForkChange[] {
  const now = fork.tree.snapshot();
  const out: ForkChange[] = [];
  for (const [path, next] of Object.entries(now)) {
    const base = fork.base[path];
    if (base === next || (base && sameBytes(base, next))) continue;
    out.push(base ? { path, base, next } : { path, next });
  }
  for (const [path, base] of Object.entries(fork.base)) if (!(path in now)) out.push({ path, base });
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Applies one change to the main tree when the main tree still holds the fork's starting version
 * (or already holds its result); otherwise merges text with `merge`, or reports a conflict and
 * leaves the main tree's file as it is.
 */
export function applyForkChange(main: FileTree, change: ForkChange, merge?: TextMerge): ApplyResult {
  const node = main.get(change.path);
  const current = node?.kind === 'file' ? node.bytes : undefined;
  if (node?.kind === 'dir') return 'conflict';
  if (same(current, change.next)) return 'applied';
  if (same(current, change.base)) {
    if (change.next) main.writeFile(change.path, change.next);
    else main.remove(change.path, { force: true });
    return 'applied';
  }
  if (merge && change.base && change.next && current) {
    const texts = [change.base, current, change.next].map(asText);
    if (texts.every((t): t is string => t !== null)) {
      const merged = merge(texts[0], texts[1], texts[2]);
      if (merged !== null) {
        main.writeFile(change.path, merged);
        return 'merged';
      }
    }
  }
  return 'conflict';
}

/** UTF-8 text, or null for bytes that are not (binary files are never merged). */
export function asText(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function same(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return a === b;
  return sameBytes(a, b);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
