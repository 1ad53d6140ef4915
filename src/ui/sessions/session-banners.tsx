import type { AppState, Controller } from '../controller';

/** Storage full (with Retry) and "open in another tab" (Take over / Open a new session). */
export function SessionBanners({ state, controller }: { state: AppState; controller: Controller }) {
  const { storageFull, elsewhere } = state;
  return (
    <>
      {storageFull && (
        <div className="notice notice-error banner" role="alert" aria-label="Storage is full">
          <strong>Storage is full.</strong> {storageFull} Nothing in this tab is lost.{' '}
          <button type="button" className="link" onClick={() => void controller.retryWrites()}>
            Retry
          </button>{' '}
          <button type="button" className="link" onClick={() => controller.openSessionDialog('sessions')}>
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
            onClick={() => void controller.openStoredSession(elsewhere.sessionId, { takeOver: true })}
          >
            Take over
          </button>{' '}
          {!elsewhere.startedNew ? (
            <button type="button" className="link" onClick={() => void controller.newSession()}>
              Open a new session
            </button>
          ) : (
            <button type="button" className="link" onClick={() => controller.dismissElsewhere()}>
              Open a new session
            </button>
          )}
        </div>
      )}
    </>
  );
}
