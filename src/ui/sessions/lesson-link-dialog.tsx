import type { LessonLink } from '../../app/replay';
import { useApp } from '../use-store';
import { Modal } from './modal';

/** `?session=<url>`: a link asks before anything is fetched; the file is then checked like an import. */
export function LessonLinkDialog({ link }: { link: LessonLink }) {
  const replay = useApp().replay;
  const close = (): void => replay.dismissLink();
  if (link.kind === 'failed')
    return (
      <Modal title="This lesson could not be opened" onClose={close}>
        <p>
          <code className="git-confirm-url">{link.url}</code>
        </p>
        <p role="alert" className="error-text">
          {link.error}
        </p>
        <p className="muted">Nothing was loaded; your sessions, keys and settings are unchanged.</p>
      </Modal>
    );
  const loading = link.kind === 'loading';
  return (
    <Modal title="Open this lesson?" onClose={close}>
      <p>
        A link asks to open a recorded session from <strong>{link.host}</strong>:
      </p>
      <p>
        <code className="git-confirm-url">{link.url}</code>
      </p>
      <p className="muted">
        It plays in a new session, step by step, with your own permission answers; it cannot change your keys, mode or
        rules. Take over at any step to continue with your own model.
      </p>
      {loading && <p role="status">Loading the lesson…</p>}
      <div className="dialog-actions">
        <button type="button" className="ghost" onClick={close} disabled={loading}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={() => void replay.confirmLink()} disabled={loading}>
          Open lesson
        </button>
      </div>
    </Modal>
  );
}
