import { useApp, useStore } from '../use-store';

/** Storage full (with Retry) and "open in another tab" (Take over / Open a new session). */
export function SessionBanners() {
  const app = useApp();
  const { sessions } = app;
  const storageFull = useStore(sessions.store, (s) => s.storageFull);
  const elsewhere = useStore(sessions.store, (s) => s.elsewhere);
  return (
    <>
      {storageFull && (
        <div className="notice notice-error banner" role="alert" aria-label="Storage is full">
          <strong>Storage is full.</strong> {storageFull} Nothing in this tab is lost.{' '}
          <button type="button" className="link" onClick={() => void sessions.retryWrites()}>
            Retry
          </button>{' '}
          <button type="button" className="link" onClick={() => app.view.openSessionDialog('sessions')}>
            Manage sessions
          </button>
        </div>
      )}
      {elsewhere && (
        <div className="notice notice-warning banner" role="alert" aria-label="Session open in another tab">
          {elsewhere.reason === 'taken'
            ? `Another tab took over “${elsewhere.title || 'this session'}”; this tab no longer saves it.`
            : `“${elsewhere.title || 'That session'}” is open in another tab.`}{' '}
          <button
            type="button"
            className="link"
            onClick={() => void sessions.openStoredSession(elsewhere.sessionId, { takeOver: true })}
          >
            Take over
          </button>{' '}
          {!elsewhere.startedNew ? (
            <button type="button" className="link" onClick={() => void sessions.newSession()}>
              Open a new session
            </button>
          ) : (
            <button type="button" className="link" onClick={() => sessions.dismissElsewhere()}>
              Open a new session
            </button>
          )}
        </div>
      )}
    </>
  );
}
