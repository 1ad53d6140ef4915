import { useCallback, useEffect, useRef, useState } from 'react';
import type { Result } from '../../lib/result';
import type { StorageEstimate } from '../../store/quota';
import type { SessionSummary } from '../../store/session-store';
import { useApp, useStore } from '../use-store';
import { formatTokens } from '../format';
import { Modal } from './modal';

type Imported = { ok: true; id: string; title: string; text: string } | { ok: false; error: string };

function ago(at: number): string {
  const s = Math.max(0, (Date.now() - at) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(at).toLocaleDateString();
}

const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** Saved sessions, last used first: open, new, rename, delete, search; export and import. */
export function SessionsPanel() {
  const app = useApp();
  const { sessions: sessionsApp, view } = app;
  const current = useStore(sessionsApp.store, (s) => s.current);
  const [search, setSearch] = useState('');
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; title: string } | null>(null);
  const [confirming, setConfirming] = useState<SessionSummary | null>(null);
  const [imported, setImported] = useState<Imported | null>(null);
  const [error, setError] = useState('');
  const [storage, setStorage] = useState<StorageEstimate | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const currentId = current?.id;

  const refresh = useCallback(async () => {
    setSessions(await sessionsApp.listSessions(search));
  }, [sessionsApp, search]);
  // Damaged records are skipped, never fatal: say so rather than hide them.
  const damaged = sessions === null ? 0 : sessionsApp.problems().length;

  useEffect(() => {
    void refresh();
  }, [refresh, current]);

  useEffect(() => {
    void sessionsApp.storageInfo().then(setStorage);
  }, [sessionsApp, sessions]);

  /** Runs an action; `close` shuts the panel once it worked (a session was opened). */
  const act = async (work: () => Promise<Result<unknown>>, close = false): Promise<void> => {
    setBusy(true);
    setError('');
    const result = await work();
    setBusy(false);
    if (!result.ok) setError(result.error);
    else if (close) view.closeSessionDialog();
    void refresh();
  };

  const onImport = async (file: File): Promise<void> => {
    const text = await file.text();
    const result = await sessionsApp.importSession(text);
    setImported(result.ok ? { ok: true, ...result.value, text } : result);
    void refresh();
  };

  const close = (): void => view.closeSessionDialog();
  return (
    <Modal title="Sessions" onClose={close} wide>
      <div className="sessions-toolbar">
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => void act(() => sessionsApp.newSession(), true)}
        >
          New session
        </button>
        <button
          type="button"
          disabled={busy || !sessions?.some((s) => s.id !== currentId)}
          onClick={() => void act(() => sessionsApp.openLastSession(), true)}
        >
          Open last session
        </button>
        <input
          type="search"
          aria-label="Search sessions"
          placeholder="Search titles and content"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {sessions === null ? (
        <p className="muted">Loading…</p>
      ) : sessions.length === 0 ? (
        <p className="muted">{search ? 'No session matches.' : 'No saved sessions yet.'}</p>
      ) : (
        <ul className="session-list" aria-label="Saved sessions">
          {sessions.map((s) => {
            const title = s.title || 'Untitled session';
            const tokens = s.usage.inputTokens + s.usage.outputTokens;
            return (
              <li
                key={s.id}
                className={s.id === currentId ? 'is-current' : ''}
                aria-label={title}
                aria-current={s.id === currentId ? 'true' : undefined}
              >
                {renaming?.id === s.id ? (
                  <form
                    className="session-rename"
                    onSubmit={(e) => {
                      e.preventDefault();
                      const next = renaming.title;
                      setRenaming(null);
                      void act(() => sessionsApp.renameSession(s.id, next));
                    }}
                  >
                    <input
                      aria-label="New title"
                      value={renaming.title}
                      autoFocus
                      onChange={(e) => setRenaming({ id: s.id, title: e.target.value })}
                    />
                    <button type="submit">Save</button>
                    <button type="button" className="ghost" onClick={() => setRenaming(null)}>
                      Cancel
                    </button>
                  </form>
                ) : (
                  <button
                    type="button"
                    className="session-open"
                    disabled={busy}
                    onClick={() => void act(() => sessionsApp.openStoredSession(s.id), true)}
                  >
                    <span className="session-title">{title}</span>
                    <span className="muted session-sub">
                      {s.id === currentId ? 'open now · ' : ''}
                      {ago(s.lastUsedAt)}
                      {s.status === 'interrupted' ? ' · interrupted' : ''}
                      {tokens ? ` · ${formatTokens(tokens)} tok` : ''}
                      {s.forkedFrom ? ' · fork' : ''}
                    </span>
                  </button>
                )}
                {renaming?.id !== s.id && (
                  <span className="session-actions">
                    <button
                      type="button"
                      className="ghost"
                      aria-label={`Rename ${title}`}
                      onClick={() => setRenaming({ id: s.id, title })}
                    >
                      Rename
                    </button>
                    <button
                      type="button"
                      className="ghost danger"
                      aria-label={`Delete ${title}`}
                      onClick={() => setConfirming(s)}
                    >
                      Delete
                    </button>
                  </span>
                )}
                {confirming?.id === s.id && (
                  <div className="session-confirm" role="alertdialog" aria-label={`Delete ${title}?`}>
                    <span>
                      Delete “{title}” and its files from this browser? This cannot be undone
                      {s.id === currentId ? '; a new session opens in its place' : ''}.
                    </span>
                    <button
                      type="button"
                      className="danger-solid"
                      onClick={() => {
                        setConfirming(null);
                        void act(() => sessionsApp.deleteSession(s.id));
                      }}
                    >
                      Delete
                    </button>
                    <button type="button" className="ghost" onClick={() => setConfirming(null)}>
                      Cancel
                    </button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div className="sessions-io">
        <span className="muted">This session:</span>
        <button type="button" disabled={!currentId} onClick={() => view.openSessionDialog('export')}>
          Export session
        </button>
        <span className="spacer" />
        <button type="button" onClick={() => fileRef.current?.click()}>
          Import session…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".json,application/json"
          aria-label="Session file to import"
          className="sr-only"
          tabIndex={-1}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void onImport(file);
          }}
        />
      </div>
      {imported && !imported.ok && (
        <p role="alert" className="notice notice-error">
          {imported.error}
        </p>
      )}
      {imported?.ok && (
        <div role="status" className="notice notice-info imported">
          <span>Imported “{imported.title || 'Untitled session'}”.</span>
          <button
            type="button"
            className="primary"
            onClick={() => void act(() => sessionsApp.openStoredSession(imported.id), true)}
          >
            Open
          </button>
          <button type="button" onClick={() => void act(() => app.replay.start(imported.text), true)}>
            Replay
          </button>
        </div>
      )}
      {damaged > 0 && (
        <p className="muted" role="status">
          {damaged} saved record{damaged === 1 ? '' : 's'} could not be read and {damaged === 1 ? 'was' : 'were'}{' '}
          skipped; everything else is intact.
        </p>
      )}
      <p className="muted storage-line" aria-label="Storage use">
        {storage
          ? `Storage: ${mb(storage.usedBytes)}${storage.quotaBytes ? ` of ${mb(storage.quotaBytes)}` : ''} used · ${storage.persisted ? 'kept by the browser (persistent)' : 'not persistent: the browser may clear it under pressure'}`
          : 'Storage use: unknown in this browser'}
      </p>
    </Modal>
  );
}
