import type { FileChange } from '../workspace/types';
import type { DirListing, FileTreeIndex } from './file-tree-model';

// A burst of changes applied to the tree index where they happened, instead of folding every file
// again: a 20,000-file clone lands in a few hundred batches, and a rebuild per batch made the work
// grow with the square of the repository (each rebuild re-sorted everything so far). Only the
// folders a batch touched are copied and merged; the rest of the index is shared with the previous
// one, so a published index is never changed afterwards.
//
// What the rebuild shows is the rule: files (never empty folders), `.git` hidden, folders before
// files, each sorted by name. Anything a patch cannot follow cheaply (a folder deleted or renamed,
// a burst as large as the tree) returns null and the caller rebuilds.

const nameOf = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/';

/** Merges sorted `added` into sorted `into` (both by name), leaving out `removed`. */
function merge(into: readonly string[], added: string[], removed: ReadonlySet<string>): string[] {
  const keyed = added.map((path) => [nameOf(path), path] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const out: string[] = [];
  let i = 0;
  for (const path of into) {
    if (removed.has(path)) continue;
    const name = nameOf(path);
    while (i < keyed.length && keyed[i][0] < name) out.push(keyed[i++][1]);
    out.push(path);
  }
  while (i < keyed.length) out.push(keyed[i++][1]);
  return out;
}

interface Edit {
  addDirs: string[];
  addFiles: string[];
  removed: Set<string>;
}

/**
 * The index after `changes`, or null when a rebuild is the better way. `shown` is the set of files
 * the index shows; it is updated in place to match what is returned.
 */
export function patchTreeIndex(
  index: FileTreeIndex,
  shown: Set<string>,
  changes: readonly FileChange[],
  hidden: ReadonlySet<string>,
): FileTreeIndex | null {
  if (changes.length > Math.max(1_000, shown.size)) return null;
  const root = index.root;
  const prefix = root === '/' ? '/' : `${root}/`;
  const isShown = (path: string): boolean =>
    path.startsWith(prefix) &&
    !path
      .slice(prefix.length)
      .split('/')
      .some((part) => hidden.has(part));

  // First the net effect per file, so a file created and deleted in one burst never shows.
  const net = new Map<string, boolean>();
  for (const change of changes) {
    if (change.kind === 'dir') {
      // An empty folder is not shown; a folder that went (or moved) took files the events do not name.
      if (change.type === 'deleted' || change.type === 'renamed') return null;
      continue;
    }
    if (change.type === 'renamed') {
      net.set(change.from, false);
      net.set(change.to, true);
    } else if (change.type === 'created') net.set(change.path, true);
    else if (change.type === 'deleted') net.set(change.path, false);
  }

  const edits = new Map<string, Edit>();
  const edit = (dir: string): Edit => {
    let e = edits.get(dir);
    if (!e) edits.set(dir, (e = { addDirs: [], addFiles: [], removed: new Set() }));
    return e;
  };
  /** Folders that exist once this burst is in: the index's, and those it adds. */
  const added = new Set<string>();
  const ensureDir = (dir: string): void => {
    if (dir === root || index.dirs.has(dir) || added.has(dir)) return;
    added.add(dir);
    const parent = parentOf(dir);
    ensureDir(parent);
    edit(parent).addDirs.push(dir);
  };
  let fileCount = index.fileCount;
  for (const [path, present] of net) {
    if (!isShown(path) || present === shown.has(path)) continue;
    const dir = parentOf(path);
    if (present) {
      ensureDir(dir);
      edit(dir).addFiles.push(path);
      shown.add(path);
      fileCount++;
    } else {
      edit(dir).removed.add(path);
      shown.delete(path);
      fileCount--;
    }
  }
  if (!edits.size) return fileCount === index.fileCount ? index : { ...index, fileCount };

  const dirs = new Map(index.dirs);
  const EMPTY: DirListing = { dirs: [], files: [] };
  for (const [dir, e] of edits) {
    const before = dirs.get(dir) ?? EMPTY;
    dirs.set(dir, {
      dirs: e.addDirs.length || e.removed.size ? merge(before.dirs, e.addDirs, e.removed) : before.dirs,
      files: e.addFiles.length || e.removed.size ? merge(before.files, e.addFiles, e.removed) : before.files,
    });
  }
  // A folder left with nothing in it goes, and so may its parent.
  for (const dir of edits.keys()) {
    let at = dir;
    while (at !== root) {
      const listing = dirs.get(at);
      if (!listing || listing.dirs.length || listing.files.length) break;
      dirs.delete(at);
      const parent = parentOf(at);
      const up = dirs.get(parent);
      if (up) dirs.set(parent, { dirs: up.dirs.filter((d) => d !== at), files: up.files });
      at = parent;
    }
  }
  return { root, dirs, fileCount };
}
