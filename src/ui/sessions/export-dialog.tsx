import { useState } from 'react';
import { downloadText } from '../../app/download';
import { useApp } from '../use-store';
import { Modal } from './modal';

/** "Export session": the whole session as JSON (files included, to import or replay elsewhere), or the conversation as Markdown. */
export function ExportDialog() {
  const app = useApp();
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const download = async (format: 'json' | 'markdown'): Promise<void> => {
    setError('');
    const file = await app.sessions.exportSession(format);
    if (!file.ok) {
      setError(file.error);
      return;
    }
    downloadText(file.value.name, file.value.text, file.value.type);
    setDone(`Saved ${file.value.name}.`);
  };
  /** The session as a lesson: replayed step by step in a new session, where each step takes a note. */
  const makeLesson = async (): Promise<void> => {
    setError('');
    const file = await app.sessions.exportSession('json');
    const started = file.ok ? await app.replay.start(file.value.text, { lesson: true }) : file;
    if (!started.ok) setError(started.error);
  };
  return (
    <Modal title="Export session" onClose={() => app.view.closeSessionDialog()}>
      <p>Exports never contain your API keys.</p>
      <div className="export-choices">
        <button type="button" className="primary" onClick={() => void download('json')}>
          Download JSON (with files)
        </button>
        <span className="muted">To import on another browser, or to replay.</span>
        <button type="button" onClick={() => void download('markdown')}>
          Download Markdown
        </button>
        <span className="muted">The conversation, to read or share.</span>
        <button type="button" onClick={() => void makeLesson()}>
          Make a lesson
        </button>
        <span className="muted">
          Step through this session, add a note to any step, then Download lesson: students open it from a file or a
          link.
        </span>
      </div>
      {done && <p role="status">{done}</p>}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </Modal>
  );
}
