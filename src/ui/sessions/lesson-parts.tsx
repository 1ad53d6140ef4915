import { useEffect, useState } from 'react';
import { downloadText } from '../../app/download';
import type { ReplayView } from '../../app/replay';
import { useApp } from '../use-store';

// The lesson half of the replay player: the timeline of recorded model responses (click one to
// jump there) and the teacher's note on the current step, with its small editor. Notes are text.

/** One entry per recorded model response; the current one is marked, a click jumps to it. */
export function Timeline({ replay, enabled }: { replay: ReplayView; enabled: boolean }) {
  const controls = useApp().replay;
  const current = replay.played - 1;
  return (
    <ol className="lesson-timeline" aria-label="Timeline">
      {replay.steps.map((step, index) => (
        <li key={index} className={index < replay.played ? 'is-played' : undefined}>
          <button
            type="button"
            className="ghost"
            aria-current={index === current ? 'step' : undefined}
            disabled={!enabled}
            onClick={() => controls.goTo(index + 1)}
          >
            <span className="lesson-step-number">{index + 1}</span> {step.label}
            {replay.notes[index] !== undefined && <span className="lesson-has-note"> · note</span>}
          </button>
        </li>
      ))}
    </ol>
  );
}

/** The note on the step last played, beside the chat; "Edit note" opens the teacher's editor. */
export function StepNote({ replay }: { replay: ReplayView }) {
  const controls = useApp().replay;
  const index = replay.played - 1;
  const note = index >= 0 ? replay.notes[index] : undefined;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [saved, setSaved] = useState('');
  useEffect(() => setEditing(false), [index]);
  const download = async (): Promise<void> => {
    const file = await controls.lessonFile();
    if (!file.ok) setSaved(file.error);
    else {
      downloadText(file.value.name, file.value.text, 'application/json');
      setSaved(`Saved ${file.value.name}.`);
    }
  };
  return (
    <aside className="lesson-note" aria-label="Teacher's note">
      <h3>{index >= 0 ? `Step ${index + 1} of ${replay.steps.length}` : 'Before the first step'}</h3>
      {editing ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            controls.setNote(index, draft);
            setEditing(false);
          }}
        >
          <label>
            Note for step {index + 1}
            <textarea value={draft} rows={4} onChange={(e) => setDraft(e.target.value)} />
          </label>
          <span className="dialog-actions">
            <button type="button" className="ghost" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <button type="submit" className="primary">
              Save note
            </button>
          </span>
        </form>
      ) : (
        <>
          {note !== undefined ? (
            <p className="lesson-note-text">{note}</p>
          ) : (
            <p className="muted">{index >= 0 ? 'No note on this step.' : 'Step forward to start the lesson.'}</p>
          )}
          <span className="lesson-note-actions">
            {index >= 0 && (
              <button
                type="button"
                className="ghost"
                onClick={() => {
                  setDraft(note ?? '');
                  setEditing(true);
                }}
              >
                {note !== undefined ? 'Edit note' : 'Add note'}
              </button>
            )}
            <button type="button" className="ghost" onClick={() => void download()}>
              Download lesson
            </button>
          </span>
          {saved && <span className="muted">{saved}</span>}
        </>
      )}
    </aside>
  );
}
