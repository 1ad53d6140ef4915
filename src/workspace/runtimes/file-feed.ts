import type { FileTree } from '../file-tree';
import { isUnder } from '../paths';
import type { FileChange } from '../types';
import type { FilesDelta, MirrorEntry } from './protocol';

// Keeps one worker's copy of the workspace current: the whole tree on the first `next()`, then
// only what changed since. A worker outlives a run (a warm spare, Python's interpreter host), so
// a run sends a few changed files instead of the tree. `.git` stays out: programs do not read it,
// and a cloned repo's pack would be copied into every worker.

const GIT_SEGMENT = /(^|\/)\.git(\/|$)/;

export class FileFeed {
  private whole = true;
  private readonly changed = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly tree: FileTree) {
    this.unsubscribe = tree.subscribe((changes) => this.note(changes));
  }

  /** What the worker needs to match the tree now; the structured clone on posting copies the bytes. */
  next(): FilesDelta {
    if (this.whole) {
      this.whole = false;
      this.changed.clear();
      return { put: this.entries(this.tree.root), remove: [] };
    }
    const put: MirrorEntry[] = [];
    const remove: string[] = [];
    for (const path of [...this.changed].sort()) {
      if (GIT_SEGMENT.test(path.slice(this.tree.root.length))) continue;
      if (!this.tree.has(path)) remove.push(path);
      else put.push(...this.entries(path));
    }
    this.changed.clear();
    return { put, remove };
  }

  dispose(): void {
    this.unsubscribe();
  }

  private note(changes: FileChange[]): void {
    for (const change of changes) {
      if (change.type === 'renamed') {
        this.changed.add(change.from);
        this.changed.add(change.to);
      } else this.changed.add(change.path);
    }
  }

  /** The entry at `path` and, for a directory, everything under it (a renamed dir brings its files). */
  private entries(path: string): MirrorEntry[] {
    const out: MirrorEntry[] = [];
    const node = this.tree.get(path);
    if (!node) return out;
    if (node.kind === 'file') return [{ path, data: node.bytes, mtimeMs: node.mtimeMs }];
    const root = this.tree.root;
    for (const p of this.tree.allPaths()) {
      if (!isUnder(path, p) || GIT_SEGMENT.test(p.slice(root.length))) continue;
      const n = this.tree.get(p);
      if (!n) continue;
      out.push(n.kind === 'file' ? { path: p, data: n.bytes, mtimeMs: n.mtimeMs } : { path: p, mtimeMs: n.mtimeMs });
    }
    return out;
  }
}
