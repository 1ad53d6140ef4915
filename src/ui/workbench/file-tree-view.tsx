import { useEffect, useMemo, useRef, useState } from 'react';
import type { Workspace } from '../../workspace/types';

interface DirNode {
  name: string;
  path: string;
  dirs: Map<string, DirNode>;
  files: string[];
}

/** Never shown: git's own store is not the user's files. */
const HIDDEN = new Set(['.git']);
/** Shown closed until asked: huge, and rarely what you want to read. */
const COLLAPSED = new Set(['node_modules']);

function buildTree(root: string, files: string[]): DirNode {
  const top: DirNode = { name: '', path: root, dirs: new Map(), files: [] };
  for (const file of files) {
    const rel = file.startsWith(root + '/') ? file.slice(root.length + 1) : file;
    const parts = rel.split('/');
    if (parts.some((p) => HIDDEN.has(p))) continue;
    let node = top;
    for (const part of parts.slice(0, -1)) {
      let next = node.dirs.get(part);
      if (!next) {
        next = { name: part, path: `${node.path}/${part}`, dirs: new Map(), files: [] };
        node.dirs.set(part, next);
      }
      node = next;
    }
    node.files.push(file);
  }
  return top;
}

/** Every file path in the workspace, refreshed on change (coalesced, so a big `npm install` is one update). */
export function useFileList(workspace: Workspace): string[] {
  const [files, setFiles] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = (): void => {
      void workspace.listFiles().then(
        (list) => live && setFiles(list),
        () => undefined,
      );
    };
    refresh();
    const off = workspace.watch(() => {
      timer ??= setTimeout(() => {
        timer = null;
        refresh();
      }, 30);
    });
    return () => {
      live = false;
      off();
      if (timer) clearTimeout(timer);
    };
  }, [workspace]);
  return files;
}

interface TreeProps {
  selected: string | null;
  changed: ReadonlySet<string>;
  onOpen: (path: string) => void;
}

function Dir({ node, depth, ...props }: TreeProps & { node: DirNode; depth: number }) {
  const [open, setOpen] = useState(depth < 1 && !COLLAPSED.has(node.name));
  const dirs = [...node.dirs.values()].sort((a, b) => a.name.localeCompare(b.name));
  const files = [...node.files].sort((a, b) => a.localeCompare(b));
  const { selected, changed, onOpen } = props;
  const items = (
    <>
      {dirs.map((d) => (
        <Dir key={d.path} node={d} depth={depth + 1} {...props} />
      ))}
      {files.map((f) => {
        const name = f.slice(f.lastIndexOf('/') + 1);
        const isChanged = changed.has(f);
        return (
          <li
            key={f}
            role="treeitem"
            aria-label={name}
            aria-selected={f === selected}
            aria-description={isChanged ? 'changed in this session' : undefined}
          >
            <button
              type="button"
              className={`tree-file${f === selected ? ' is-selected' : ''}${isChanged ? ' is-changed' : ''}`}
              style={{ paddingLeft: `${depth * 12 + 18}px` }}
              onClick={() => onOpen(f)}
            >
              {name}
              {isChanged && (
                <span className="changed-dot" title="Changed in this session" aria-hidden="true">
                  ●
                </span>
              )}
            </button>
          </li>
        );
      })}
    </>
  );
  if (depth === 0) return items;
  return (
    <li role="treeitem" aria-label={node.name} aria-expanded={open} aria-selected={false}>
      <button
        type="button"
        className="tree-dir"
        style={{ paddingLeft: `${(depth - 1) * 12 + 6}px` }}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'} </span>
        {node.name}
      </button>
      {open && <ul role="group">{items}</ul>}
    </li>
  );
}

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
  const files = useFileList(workspace);
  const tree = useMemo(() => buildTree(workspace.root, files), [workspace.root, files]);
  const shownCount = useMemo(
    () =>
      files.filter(
        (f) =>
          !f
            .slice(workspace.root.length)
            .split('/')
            .some((p) => HIDDEN.has(p)),
      ).length,
    [files, workspace.root],
  );
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
      {shownCount === 0 ? (
        <p className="muted empty">No files yet. Ask the agent to create some, use the terminal, or drop files here.</p>
      ) : (
        <ul role="tree" aria-label="Workspace files">
          <Dir node={tree} depth={0} selected={selected} changed={changed} onOpen={onOpen} />
        </ul>
      )}
    </nav>
  );
}
