import { useApp, useStore } from '../use-store';

/**
 * The open session keeps its files in memory only (a repository too big for the browser's
 * storage): a quiet note while it is open, and after a reload a notice that its files are gone,
 * so an empty workspace is never taken for the session's own.
 */
export function MemoryOnlyNotices() {
  const app = useApp();
  const memoryOnly = app.sessions.memoryOnly;
  const { kept, lost } = useStore(memoryOnly.store, (s) => s);
  const busy = useStore(app.git.store, (s) => s.open.kind === 'cloning');
  if (lost)
    return (
      <div className="notice notice-warning banner" role="status" aria-label="Files not saved">
        <strong>This session’s files are gone.</strong> The repository
        {lost.source ? (
          <>
            {' '}
            <code>{lost.source}</code>
          </>
        ) : null}{' '}
        was kept in memory only, so its files were not saved and the reload lost them; the conversation is still here.{' '}
        {lost.source && (
          <button
            type="button"
            className="link"
            disabled={busy}
            onClick={() => void app.git.open(lost.source!, { folder: lost.folder, memoryOnly: true })}
          >
            Clone again
          </button>
        )}{' '}
        <button type="button" className="link" onClick={() => memoryOnly.dismissLost()}>
          Dismiss
        </button>
      </div>
    );
  if (!kept) return null;
  return (
    <div className="notice banner" role="note" aria-label="Files kept in memory only">
      <span className="muted">
        Files kept in memory only: they are not saved, and a reload loses them. To keep your work, export the session or
        commit and push.
      </span>{' '}
      <button type="button" className="link" onClick={() => app.view.openSessionDialog('export')}>
        Export
      </button>
    </div>
  );
}
