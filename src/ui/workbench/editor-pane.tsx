import { useEffect, useRef, useState } from 'react';
import type { Workspace } from '../../workspace/types';
import type { EditorHandle } from './monaco-editor';

const isBinary = (bytes: Uint8Array): boolean => bytes.subarray(0, 8000).includes(0);

/** The open file in Monaco (loaded on first use); edits are saved to the workspace as you type. */
export function EditorPane({ workspace, path }: { workspace: Workspace; path: string }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<EditorHandle | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'binary' | 'missing' | 'failed'>('loading');
  const [saved, setSaved] = useState(true);
  const pathRef = useRef(path);
  pathRef.current = path;

  useEffect(() => {
    let live = true;
    let saveTimer: ReturnType<typeof setTimeout> | null = null;
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    void import('./monaco-editor')
      .then(({ createEditor }) => {
        if (!live || !host.current) return;
        editor.current = createEditor(host.current, {
          dark,
          onChange: (text) => {
            setSaved(false);
            if (saveTimer) clearTimeout(saveTimer);
            const target = pathRef.current;
            saveTimer = setTimeout(() => {
              void workspace.writeFile(target, text).then(() => setSaved(true));
            }, 300);
          },
        });
        setStatus('ready');
      })
      .catch(() => live && setStatus('failed'));
    return () => {
      live = false;
      if (saveTimer) clearTimeout(saveTimer);
      editor.current?.dispose();
      editor.current = null;
    };
  }, [workspace]);

  useEffect(() => {
    if (!editor.current && status !== 'ready') return;
    let live = true;
    const load = (first: boolean): void => {
      void workspace.readFile(path).then(
        (bytes) => {
          if (!live || !editor.current) return;
          if (isBinary(bytes)) return setStatus('binary');
          const text = new TextDecoder().decode(bytes);
          if (first) editor.current.open(path, text);
          else editor.current.update(text);
          setStatus('ready');
        },
        () => live && setStatus('missing'),
      );
    };
    load(true);
    const off = workspace.watch((changes) => {
      if (changes.some((c) => (c.type === 'renamed' ? c.to === path : c.path === path))) load(false);
    });
    return () => {
      live = false;
      off();
    };
  }, [workspace, path, status === 'ready']); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div className="editor-pane">
      <div className="editor-head">
        <code>{path.startsWith(workspace.root + '/') ? path.slice(workspace.root.length + 1) : path}</code>
        <span className="muted">{status === 'ready' ? (saved ? 'saved' : 'saving…') : ''}</span>
      </div>
      {status === 'loading' && <p className="muted pad">Loading the editor…</p>}
      {status === 'binary' && <p className="muted pad">A binary file: not shown.</p>}
      {status === 'missing' && <p className="muted pad">This file no longer exists.</p>}
      {status === 'failed' && <p className="error-text pad">The editor failed to load. Reload the page to try again.</p>}
      <div ref={host} className="editor-host" hidden={status === 'binary' || status === 'missing' || status === 'failed'} />
    </div>
  );
}
