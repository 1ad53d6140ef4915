import { useEffect, useState } from 'react';
import type { RewindPoint } from '../../agent/checkpoints';
import type { Result } from '../../lib/result';
import { useApp } from '../use-store';
import { Modal } from './modal';

type Choice = 'both' | 'conversation' | 'files';

/** /rewind and Esc Esc: pick an earlier message; restore files, conversation or both; or fork from there. */
export function RewindDialog() {
  const { sessions, view } = useApp();
  const [points, setPoints] = useState<RewindPoint[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [choice, setChoice] = useState<Choice>('both');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void sessions.rewindPoints().then((p) => {
      setPoints(p);
      const last = p.at(-1);
      if (last) {
        setSelected(last.turnId);
        setChoice(last.hasCheckpoint ? 'both' : 'conversation');
      }
    });
  }, [sessions]);

  const point = points?.find((p) => p.turnId === selected);
  const run = async (work: () => Promise<Result<void>>): Promise<void> => {
    setBusy(true);
    setError('');
    const result = await work();
    setBusy(false);
    if (!result.ok) setError(result.error);
  };

  return (
    <Modal title="Rewind" onClose={() => view.closeSessionDialog()} wide>
      {points === null ? (
        <p className="muted">Loading…</p>
      ) : points.length === 0 ? (
        <p className="muted">No earlier messages in this session yet.</p>
      ) : (
        <>
          <p className="muted">Go back to just before one of your messages. Its text returns to the message box.</p>
          <div role="radiogroup" aria-label="Messages" className="rewind-points">
            {points.map((p, i) => (
              <label key={p.turnId} className={p.turnId === selected ? 'is-selected' : ''}>
                <input
                  type="radio"
                  name="rewind-point"
                  checked={p.turnId === selected}
                  onChange={() => {
                    setSelected(p.turnId);
                    if (!p.hasCheckpoint) setChoice('conversation');
                  }}
                />
                <span className="rewind-text">{p.text.length > 140 ? `${p.text.slice(0, 140)}…` : p.text}</span>
                <span className="muted rewind-meta">
                  #{i + 1} · {new Date(p.at).toLocaleTimeString()}
                  {p.hasCheckpoint ? '' : ' · no file checkpoint'}
                </span>
              </label>
            ))}
          </div>
          <fieldset className="rewind-choice">
            <legend>Restore</legend>
            {point?.hasCheckpoint !== false && (
              <>
                <label>
                  <input
                    type="radio"
                    name="rewind-choice"
                    checked={choice === 'both'}
                    onChange={() => setChoice('both')}
                  />{' '}
                  Files and conversation
                </label>
                <label>
                  <input
                    type="radio"
                    name="rewind-choice"
                    checked={choice === 'files'}
                    onChange={() => setChoice('files')}
                  />{' '}
                  Files only
                </label>
              </>
            )}
            <label>
              <input
                type="radio"
                name="rewind-choice"
                checked={choice === 'conversation'}
                onChange={() => setChoice('conversation')}
              />{' '}
              Conversation only
            </label>
            {point && !point.hasCheckpoint && (
              <span className="muted">
                No checkpoint was saved before this message, so its files cannot be restored.
              </span>
            )}
          </fieldset>
          {error && (
            <p role="alert" className="error-text">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button
              type="button"
              disabled={!selected || busy || !point?.hasCheckpoint}
              title="A new, independent session with the conversation and files as they were before this message"
              onClick={() => selected && void run(() => sessions.forkFrom(selected))}
            >
              Fork from here
            </button>
            <button
              type="button"
              className="primary"
              disabled={!selected || busy}
              onClick={() =>
                selected &&
                void run(() =>
                  sessions.rewindTo(selected, { files: choice !== 'conversation', conversation: choice !== 'files' }),
                )
              }
            >
              Rewind
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}
