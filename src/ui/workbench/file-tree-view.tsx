import { useEffect, useMemo, useState } from 'react';
import type { Workspace } from '../../workspace/types';

interface DirNode {
  name: string;
  path: string;
  dirs: Map<string, DirNode>;
  files: string[];
}

function buildTree(root: string, files: string[]): DirNode {
  const top: DirNode = { name: '', path: root, dirs: new Map(), files: [] };
  for (const file of files) {
    const rel = file.startsWith(root + '/') ? file.slice(root.length + 1) : file;
    const parts = rel.split('/');
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
      void workspace.listFiles().then((list) => live && setFiles(list), () => undefined);
    };
    refresh();
    const off = workspace.watch(() => {
      timer ??= setTimeout(() => {
        timer = null;
        refresh();
      }, 60);
    });
    return () => {
      live = false;
      off();
      if (timer) clearTimeout(timer);
    };
  }, [workspace]);
  return files;
}

function Dir({ node, depth, selected, onOpen, hidden }: { node: DirNode; depth: number; selected: string | null; onOpen: (path: string) => void; hidden: Set<string> }) {
  const [open, setOpen] = useState(depth < 1 && !hidden.has(node.name));
  const dirs = [...node.dirs.values()].sort((a, b) => a.name.localeCompare(b.name));
  const files = [...node.files].sort((a, b) => a.localeCompare(b));
  const items = (
    <>
      {dirs.map((d) => (
        <Dir key={d.path} node={d} depth={depth + 1} selected={selected} onOpen={onOpen} hidden={hidden} />
      ))}
      {files.map((f) => (
        <li key={f} role="treeitem" aria-label={f.slice(f.lastIndexOf('/') + 1)} aria-selected={f === selected}>
          <button type="button" className={`tree-file${f === selected ? ' is-selected' : ''}`} style={{ paddingLeft: `${depth * 12 + 18}px` }} onClick={() => onOpen(f)}>
            {f.slice(f.lastIndexOf('/') + 1)}
          </button>
        </li>
      ))}
    </>
  );
  if (depth === 0) return items;
  return (
    <li role="treeitem" aria-label={node.name} aria-expanded={open} aria-selected={false}>
      <button type="button" className="tree-dir" style={{ paddingLeft: `${(depth - 1) * 12 + 6}px` }} onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true">{open ? '▾' : '▸'} </span>
        {node.name}
      </button>
      {open && <ul role="group">{items}</ul>}
    </li>
  );
}

export function FileTreeView({ workspace, selected, onOpen }: { workspace: Workspace; selected: string | null; onOpen: (path: string) => void }) {
  const files = useFileList(workspace);
  const tree = useMemo(() => buildTree(workspace.root, files), [workspace.root, files]);
  const hidden = useMemo(() => new Set(['node_modules', '.git']), []);
  return (
    <nav className="file-tree" aria-label="Files">
      {files.length === 0 ? (
        <p className="muted empty">No files yet. Ask the agent to create some, or use the terminal.</p>
      ) : (
        <ul role="tree" aria-label="Workspace files">
          <Dir node={tree} depth={0} selected={selected} onOpen={onOpen} hidden={hidden} />
        </ul>
      )}
    </nav>
  );
}
