import type { FileChange, Workspace } from '../workspace/types';
import { patchTreeIndex } from './file-tree-patch';
import { createStore, type ReadonlyStore } from './store';

// The file tree beside the editor, as data: the workspace's files folded into directories, and the
// rows a view shows for a set of open folders. Changes arrive from `watch` in batches of any size
// (one write, a 20,000-file restore, an `npm install`) and are coalesced: however many batches land
// before the next refresh, the model is rebuilt and published once. The view renders only the rows
// in sight (src/ui/workbench/file-tree-view.tsx), so a 20,000-entry folder costs one pass here.

/** Never shown: git's own store is not the user's files. */
export const HIDDEN_NAMES: ReadonlySet<string> = new Set(['.git']);

export interface DirListing {
  /** Child directories (absolute paths), sorted by name. */
  dirs: string[];
  /** Files (absolute paths), sorted by name. */
  files: string[];
}

export interface FileTreeIndex {
  root: string;
  /** Every shown directory (the root included) and what it holds. */
  dirs: Map<string, DirListing>;
  /** Files shown (hidden ones left out). */
  fileCount: number;
}

export interface TreeRow {
  kind: 'dir' | 'file';
  path: string;
  name: string;
  /** 1 for the root's entries (aria-level). */
  level: number;
  /** Directories: shown open. */
  open?: boolean;
  /** Position among its siblings and their count (aria-posinset / aria-setsize). */
  pos: number;
  size: number;
}

export interface FileTreeModelState {
  index: FileTreeIndex;
  /** Bumped on each published update. */
  version: number;
}

const nameOf = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
const byName = (a: string, b: string): number => {
  const x = nameOf(a);
  const y = nameOf(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Folds a file list (absolute paths under `root`) into directories; one pass, then one sort per directory. */
export function buildTreeIndex(root: string, files: readonly string[]): FileTreeIndex {
  const dirs = new Map<string, DirListing>([[root, { dirs: [], files: [] }]]);
  const prefix = root === '/' ? '/' : `${root}/`;
  let fileCount = 0;
  for (const file of files) {
    if (!file.startsWith(prefix)) continue;
    const rel = file.slice(prefix.length);
    if (rel.split('/').some((part) => HIDDEN_NAMES.has(part))) continue;
    fileCount++;
    let parent = root;
    let at = 0;
    for (let slash = rel.indexOf('/'); slash >= 0; slash = rel.indexOf('/', at)) {
      const dir = prefix + rel.slice(0, slash);
      if (!dirs.has(dir)) {
        dirs.set(dir, { dirs: [], files: [] });
        dirs.get(parent)!.dirs.push(dir);
      }
      parent = dir;
      at = slash + 1;
    }
    dirs.get(parent)!.files.push(file);
  }
  for (const listing of dirs.values()) {
    listing.dirs.sort(byName);
    listing.files.sort(byName);
  }
  return { root, dirs, fileCount };
}

/** The rows shown with `open` folders expanded: directories first, then files, depth first. */
export function visibleRows(index: FileTreeIndex, open: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (dir: string, level: number): void => {
    const listing = index.dirs.get(dir);
    if (!listing) return;
    const size = listing.dirs.length + listing.files.length;
    let pos = 0;
    for (const child of listing.dirs) {
      const isOpen = open.has(child);
      rows.push({ kind: 'dir', path: child, name: nameOf(child), level, open: isOpen, pos: ++pos, size });
      if (isOpen) walk(child, level + 1);
    }
    for (const file of listing.files)
      rows.push({ kind: 'file', path: file, name: nameOf(file), level, pos: ++pos, size });
  };
  walk(index.root, 1);
  return rows;
}

export interface FileTreeModel {
  store: ReadonlyStore<FileTreeModelState>;
  /** Rebuilds now (a view that must be current). */
  refresh(): Promise<void>;
  /** Resolves once the rebuild under way (if any) is published. */
  settled(): Promise<void>;
  dispose(): void;
}

/**
 * Follows `workspace`: the changes that arrive before the next frame are applied at once, where
 * they happened (src/app/file-tree-patch.ts), and published once; a full rebuild only at the start,
 * on `refresh`, or for what a patch cannot follow (a folder deleted or moved, a burst as big as the
 * tree). `schedule` decides when (default: the next frame, or 16 ms where there are no frames).
 */
export function createFileTreeModel(
  workspace: Pick<Workspace, 'root' | 'listFiles' | 'watch'>,
  schedule: (run: () => void) => void = nextFrame,
): FileTreeModel {
  const store = createStore<FileTreeModelState>({ index: buildTreeIndex(workspace.root, []), version: 0 });
  let live = true;
  let queued = false;
  let running: Promise<void> | null = null;
  /** Changes not in the published index yet; a rebuild takes them all. */
  let pending: FileChange[] = [];
  /** The files the published index shows (what a patch checks a change against). */
  let shown = new Set<string>();
  let built = false;
  let rebuilding = false;

  const publish = (index: FileTreeIndex): void => {
    if (index !== store.get().index) store.set({ index, version: store.get().version + 1 });
  };
  const rebuild = async (): Promise<void> => {
    queued = false;
    // Changes until now are in the list; later ones are applied after it (they are idempotent).
    pending = [];
    rebuilding = true;
    let files: string[] | null;
    try {
      files = await workspace.listFiles().catch(() => null);
    } finally {
      rebuilding = false;
    }
    if (!live || !files) return;
    const index = buildTreeIndex(workspace.root, files);
    shown = new Set();
    for (const listing of index.dirs.values()) for (const file of listing.files) shown.add(file);
    built = true;
    publish(index);
    if (pending.length) apply();
  };
  const refresh = (): Promise<void> => {
    running = (running ?? Promise.resolve()).then(rebuild);
    return running;
  };
  const apply = (): void => {
    queued = false;
    if (!live || !built) return;
    const changes = pending;
    pending = [];
    const patched = patchTreeIndex(store.get().index, shown, changes, HIDDEN_NAMES);
    if (patched) publish(patched);
    else void refresh();
  };
  const off = workspace.watch((changes) => {
    for (const change of changes) pending.push(change);
    if (queued) return;
    queued = true;
    schedule(() => {
      // Behind a rebuild under way: it applies them when it is done.
      if (live && queued && !rebuilding) apply();
    });
  });
  void refresh();
  return {
    store,
    refresh,
    settled: () => running ?? Promise.resolve(),
    dispose() {
      live = false;
      off();
    },
  };
}

function nextFrame(run: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => run());
  else setTimeout(run, 16);
}
