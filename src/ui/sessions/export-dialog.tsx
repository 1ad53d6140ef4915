import { useState } from 'react';
import type { Controller } from '../controller';
import { downloadText } from './download';
import { Modal } from './modal';

/** "Export session": the whole session as JSON (files included, to import or replay elsewhere), or the conversation as Markdown. */
export function ExportDialog({ controller }: { controller: Controller }) {
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const download = async (format: 'json' | 'markdown'): Promise<void> => {
    setError('');
    try {
      const file = await controller.exportSession(format);
      downloadText(file.name, file.text, file.type);
      setDone(`Saved ${file.name}.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Modal title="Export session" onClose={() => controller.closeSessionDialog()}>
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
