import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { buildTreeIndex, createFileTreeModel, type FileTreeIndex, type FileTreeModel } from '../../app/file-tree-model';
import { useApp, useStore } from '../use-store';
import type { Workspace } from '../../workspace/types';
import { TreeRows } from './tree-rows';

/** The workspace's tree model (src/app/file-tree-model.ts): one update per burst of changes. */
function useTreeIndex(workspace: Workspace): FileTreeIndex {
  const [model, setModel] = useState<FileTreeModel | null>(null);
  useEffect(() => {
    const next = createFileTreeModel(workspace);
    setModel(next);
    return () => next.dispose();
  }, [workspace]);
  const state = useSyncExternalStore(
    (listener) => model?.store.subscribe(listener) ?? (() => undefined),
    () => model?.store.get() ?? null,
  );
  const index = state?.index ?? EMPTY;
  // After a reload the stored files' names come before their contents: shown until the workspace has them.
  const restoring = useStore(useApp().sessions.store, (s) => s.restoring);
  const early = useMemo(() => (restoring ? buildTreeIndex(restoring.root, restoring.paths) : null), [restoring]);
  return index.fileCount === 0 && early ? early : index;
}

const EMPTY: FileTreeIndex = { root: '/', dirs: new Map(), fileCount: 0 };

type Editing = { mode: 'new' | 'rename'; value: string } | null;

/** Reads a dropped folder (or files) as [relative path, bytes] pairs. */
async function readDropped(items: DataTransferItemList): Promise<Array<[string, Uint8Array]>> {
  const out: Array<[string, Uint8Array]> = [];
  const fileOf = (entry: FileSystemFileEntry): Promise<File> =>
    new Promise((resolve, reject) => entry.file(resolve, reject));
  const readAll = async (dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> => {
    const reader = dir.createReader();
    const all: FileSystemEntry[] = [];
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) return all;
      all.push(...batch);
    }
  };
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await fileOf(entry as FileSystemFileEntry);
      out.push([prefix + entry.name, new Uint8Array(await file.arrayBuffer())]);
    } else if (entry.isDirectory) {
      for (const child of await readAll(entry as FileSystemDirectoryEntry))
        await walk(child, `${prefix}${entry.name}/`);
    }
  };
  const entries = [...items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  for (const entry of entries) await walk(entry, '');
  return out;
}

export function FileTreeView({
  workspace,
  selected,
  changed,
  onOpen,
  onRenamed,
}: {
  workspace: Workspace;
  selected: string | null;
  changed: ReadonlySet<string>;
  onOpen: (path: string) => void;
  onRenamed: (from: string, to: string | null) => void;
}) {
  const index = useTreeIndex(workspace);
  const scroller = useRef<HTMLElement>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const upload = useRef<HTMLInputElement>(null);
  const rel = (p: string): string => (p.startsWith(workspace.root + '/') ? p.slice(workspace.root.length + 1) : p);

  const run = async (label: string, work: () => Promise<void>): Promise<void> => {
    setError(null);
    setBusy(label);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const confirmEdit = (): void => {
    if (!editing) return;
    const name = editing.value.trim().replace(/^\/+/, '');
    if (!name) return setEditing(null);
    void run(editing.mode === 'new' ? 'Creating' : 'Renaming', async () => {
      const target = workspace.resolve(name);
      if (await workspace.stat(target)) throw new Error(`${name} already exists.`);
      if (editing.mode === 'new') {
        await workspace.writeFile(target, '');
        onOpen(target);
      } else if (selected) {
        await workspace.rename(selected, target);
        onRenamed(selected, target);
      }
      setEditing(null);
    });
  };

  const remove = (): void => {
    if (!selected || !confirm(`Delete ${rel(selected)}?`)) return;
    const path = selected;
    void run('Deleting', async () => {
      await workspace.remove(path);
      onRenamed(path, null);
    });
  };

  const writeAll = (pairs: Array<[string, Uint8Array]>): Promise<void> =>
    run('Uploading', async () => {
      for (const [path, data] of pairs) await workspace.writeFile(workspace.resolve(path), data);
    });

  const download = (): void => {
    void run('Zipping', async () => {
      const { zipWorkspace } = await import('./zip');
      const bytes = await zipWorkspace(workspace);
      const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'workspace.zip';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
  };

  return (
    <nav
      ref={scroller}
      className={`file-tree${dragging ? ' is-dropping' : ''}`}
      aria-label="Files"
      onDragOver={(e) => {
        if (![...e.dataTransfer.types].includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const items = e.dataTransfer.items;
        void readDropped(items).then(writeAll, (err: unknown) => setError(String(err)));
      }}
    >
      <div className="tree-toolbar" role="toolbar" aria-label="File actions">
        <button type="button" className="ghost small" onClick={() => setEditing({ mode: 'new', value: '' })}>
          New file
        </button>
        <button
          type="button"
          className="ghost small"
          disabled={!selected}
          onClick={() => selected && setEditing({ mode: 'rename', value: rel(selected) })}
        >
          Rename
        </button>
        <button type="button" className="ghost small" disabled={!selected} onClick={remove}>
          Delete
        </button>
        <button type="button" className="ghost small" onClick={() => upload.current?.click()}>
          Upload
        </button>
        <button type="button" className="ghost small" onClick={download} disabled={busy === 'Zipping'}>
          Download as zip
        </button>
        <input
          ref={upload}
          type="file"
          multiple
          hidden
          aria-label="Upload files"
          onChange={(e) => {
            const list = [...(e.target.files ?? [])];
            e.target.value = '';
            void Promise.all(
              list.map(
                async (f) =>
                  [f.webkitRelativePath || f.name, new Uint8Array(await f.arrayBuffer())] as [string, Uint8Array],
              ),
            ).then(writeAll);
          }}
        />
      </div>
      {editing && (
        <form
          className="tree-edit"
          onSubmit={(e) => {
            e.preventDefault();
            confirmEdit();
          }}
        >
          <input
            autoFocus
            aria-label={editing.mode === 'new' ? 'New file name' : 'Rename to'}
            placeholder={editing.mode === 'new' ? 'path/to/file.ts' : ''}
            value={editing.value}
            onChange={(e) => setEditing({ ...editing, value: e.target.value })}
            onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), setEditing(null))}
          />
        </form>
      )}
      {busy && (
        <p className="muted small pad" role="status">
          {busy}…
        </p>
      )}
      {error && (
        <p className="error-text small pad" role="alert">
          {error}
        </p>
      )}
      {index.fileCount === 0 ? (
        <p className="muted empty">No files yet. Ask the agent to create some, use the terminal, or drop files here.</p>
      ) : (
        <TreeRows index={index} scroller={scroller} selected={selected} changed={changed} onOpen={onOpen} />
      )}
    </nav>
  );
}
