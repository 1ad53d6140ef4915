import { useEffect, useRef, useState } from 'react';
import type { Workspace } from '../../workspace/types';
import type { EditorHandle } from './monaco-editor';
import { isDark, useDark } from './use-dark';
import { useApp } from '../use-store';

const isBinary = (bytes: Uint8Array): boolean => bytes.subarray(0, 8000).includes(0);
const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

type Status = 'loading' | 'ready' | 'binary' | 'missing' | 'failed';

/**
 * Open files in Monaco (loaded on first use), one tab each. Ctrl/Cmd+S writes into the workspace,
 * where the agent's next Read sees it. A file changed on disk while open updates the tab, or, when
 * the tab has unsaved edits, keeps them and says so with a choice: nothing is lost silently.
 */
export function EditorPane({
  workspace,
  tabs,
  active,
  onActivate,
  onClose,
}: {
  workspace: Workspace;
  tabs: string[];
  active: string | null;
  onActivate: (path: string) => void;
  onClose: (path: string) => void;
}) {
  const sessions = useApp().sessions;
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<EditorHandle | null>(null);
  const [loaded, setLoaded] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [status, setStatus] = useState<Record<string, Status>>({});
  const [dirty, setDirty] = useState<Record<string, boolean>>({});
  /** Disk text that arrived while the tab had unsaved edits; `null` when the file was deleted. */
  const [conflicts, setConflicts] = useState<Record<string, string | null>>({});
  const dark = useDark();
  const tabsRef = useRef(tabs);
  tabsRef.current = tabs;

  const save = (path: string, text: string): void => {
    void workspace.writeFile(path, text).then(
      () => {
        editor.current?.markSaved(path, text);
        setConflicts(({ [path]: _gone, ...rest }) => rest);
      },
      (error: unknown) => console.warn('[tidepool] save failed', error),
    );
  };
  const saveRef = useRef(save);
  saveRef.current = save;

  useEffect(() => {
    let live = true;
    void import('./monaco-editor')
      .then(async ({ createEditor, warmUp }) => {
        await warmUp();
        if (!live || !host.current) return;
        editor.current = createEditor(host.current, {
          dark: isDark(),
          onDirty: (path, d) => setDirty((all) => (all[path] === d ? all : { ...all, [path]: d })),
          onSave: (path, text) => saveRef.current(path, text),
        });
        setLoaded('ready');
      })
      .catch(() => live && setLoaded('failed'));
    return () => {
      live = false;
      editor.current?.dispose();
      editor.current = null;
    };
  }, [workspace]);

  useEffect(() => editor.current?.setDark(dark), [dark]);

  // Show the active tab, reading it the first time.
  useEffect(() => {
    if (loaded !== 'ready' || !active || !editor.current) return;
    const ed = editor.current;
    if (ed.has(active)) {
      ed.show(active, '');
      return;
    }
    let live = true;
    // A file picked from the tree's early names (after a reload) is read once the files are in.
    void sessions.ready
      .catch(() => undefined)
      .then(() => workspace.readFile(active))
      .then(
        (bytes) => {
          if (!live) return;
          if (isBinary(bytes)) return setStatus((s) => ({ ...s, [active]: 'binary' }));
          ed.show(active, new TextDecoder().decode(bytes));
          setStatus((s) => ({ ...s, [active]: 'ready' }));
        },
        () => live && setStatus((s) => ({ ...s, [active]: 'missing' })),
      );
    return () => {
      live = false;
    };
  }, [workspace, active, loaded, sessions]);

  // Closed tabs drop their model.
  const shown = useRef<string[]>([]);
  useEffect(() => {
    for (const path of shown.current) if (!tabs.includes(path)) editor.current?.close(path);
    shown.current = tabs;
  }, [tabs]);

  // Changes on disk (the agent, the shell, git) reach open tabs.
  useEffect(
    () =>
      workspace.watch((changes) => {
        const ed = editor.current;
        if (!ed) return;
        for (const c of changes) {
          const path = c.type === 'renamed' ? c.to : c.path;
          const gone = c.type === 'deleted' ? c.path : c.type === 'renamed' ? c.from : null;
          if (gone && ed.has(gone)) {
            if (ed.isDirty(gone)) setConflicts((all) => ({ ...all, [gone]: null }));
            else setStatus((s) => ({ ...s, [gone]: 'missing' }));
          }
          if (c.type === 'deleted' || !ed.has(path)) continue;
          void workspace.readText(path).then(
            (text) => {
              if (ed.disk(path, text) === 'conflict') setConflicts((all) => ({ ...all, [path]: text }));
              else {
                setConflicts(({ [path]: _gone, ...rest }) => rest);
                setStatus((s) => ({ ...s, [path]: 'ready' }));
              }
            },
            () => undefined,
          );
        }
      }),
    [workspace],
  );

  const rel = (p: string): string => (p.startsWith(workspace.root + '/') ? p.slice(workspace.root.length + 1) : p);
  const current = active ? (status[active] ?? 'loading') : null;
  const conflict = active && active in conflicts ? conflicts[active] : undefined;

  return (
    <div className="editor-pane">
      <div className="editor-tabs" role="tablist" aria-label="Open files">
        {tabs.map((path) => (
          <div key={path} className={`editor-tab${path === active ? ' is-active' : ''}`}>
            <button
              type="button"
              role="tab"
              aria-selected={path === active}
              aria-label={baseName(path)}
              title={rel(path)}
              onClick={() => onActivate(path)}
            >
              {baseName(path)}
              {dirty[path] && (
                <span className="dirty-dot" aria-hidden="true">
                  {' '}
                  ●
                </span>
              )}
            </button>
            <button
              type="button"
              className="tab-close"
              aria-label={`Close ${baseName(path)}`}
              onClick={() => onClose(path)}
            >
              ×
            </button>
          </div>
        ))}
      </div>
      {active && (
        <div className="editor-head">
          <code>{rel(active)}</code>
          <span className="muted" role="status">
            {current === 'ready' ? (dirty[active] ? 'Unsaved (Ctrl+S saves)' : 'Saved') : ''}
          </span>
        </div>
      )}
      {conflict !== undefined && active && (
        <div className="notice notice-warning editor-conflict" role="alert">
          <p>
            {conflict === null
              ? `${baseName(active)} was deleted on disk while you had unsaved edits.`
              : `${baseName(active)} changed on disk while you had unsaved edits. Your edits are kept here.`}
          </p>
          <div className="row">
            {conflict !== null && (
              <button
                type="button"
                className="small"
                onClick={() => {
                  editor.current?.reset(active, conflict);
                  setConflicts(({ [active]: _gone, ...rest }) => rest);
                }}
              >
                Load the disk version
              </button>
            )}
            <button
              type="button"
              className="small"
              onClick={() => {
                const text = editor.current?.value(active);
                if (text != null) save(active, text);
              }}
            >
              Save mine over it
            </button>
          </div>
        </div>
      )}
      {loaded === 'loading' && active && <p className="muted pad">Loading the editor…</p>}
      {loaded === 'failed' && (
        <p className="error-text pad">The editor failed to load. Reload the page to try again.</p>
      )}
      {current === 'binary' && <p className="muted pad">A binary file: not shown.</p>}
      {current === 'missing' && <p className="muted pad">This file no longer exists.</p>}
      {!active && <p className="muted pad">Open a file from the tree.</p>}
      <div
        ref={host}
        className="editor-host"
        hidden={!active || current === 'binary' || current === 'missing' || loaded === 'failed'}
      />
    </div>
  );
}
