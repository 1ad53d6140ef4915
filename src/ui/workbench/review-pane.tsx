import { structuredPatch } from 'diff';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DiffHandle } from './monaco-editor';
import { isDark, useDark } from './use-dark';
import type { WorkbenchApp, WorkbenchState } from '../../app/workbench';

const decoder = new TextDecoder();
const text = (bytes: Uint8Array | null): string => (bytes ? decoder.decode(bytes) : '');

/** What each turn changed, file by file, in Monaco's diff editor, with revert per file and per turn. */
export function ReviewPane({
  workbench,
  state,
  root,
}: {
  workbench: WorkbenchApp;
  state: WorkbenchState;
  root: string;
}) {
  const { turns, review } = state;
  const [turnId, setTurnId] = useState<string | null>(null);
  const [path, setPath] = useState<string | null>(null);
  const host = useRef<HTMLDivElement>(null);
  const diff = useRef<DiffHandle | null>(null);
  const [ready, setReady] = useState(false);
  const dark = useDark();
  const rel = (p: string): string => (p.startsWith(root + '/') ? p.slice(root.length + 1) : p);

  useEffect(() => {
    if (review) {
      setTurnId(review.turnId);
      setPath(review.path ?? null);
    }
  }, [review]);

  const turn = turns.find((t) => t.turnId === turnId) ?? turns[turns.length - 1];
  const file = turn?.files.find((f) => f.path === path) ?? turn?.files[0];

  const hasTurn = !!turn;
  useEffect(() => {
    if (!hasTurn) return;
    let live = true;
    void import('./monaco-editor').then(({ createDiff }) => {
      if (!live || !host.current) return;
      diff.current = createDiff(host.current, { dark: isDark() });
      setReady(true);
    });
    return () => {
      live = false;
      diff.current?.dispose();
      diff.current = null;
      setReady(false);
    };
  }, [hasTurn]);
  useEffect(() => diff.current?.setDark(dark), [dark]);
  useEffect(() => {
    if (ready && file) diff.current?.show(file.path, text(file.before), text(file.after));
  }, [ready, file]);

  const hunks = useMemo(
    () =>
      file
        ? structuredPatch(file.path, file.path, text(file.before), text(file.after), '', '', { context: 3 }).hunks
        : [],
    [file],
  );

  if (!turn) {
    return (
      <p className="muted pad">
        Nothing to review yet: files a turn changes (by any tool, shell commands too) show here when it ends.
      </p>
    );
  }
  const reverted = new Set(turn.reverted);
  return (
    <div className="review-pane">
      <div className="review-bar">
        <label>
          Turn{' '}
          <select value={turn.turnId} onChange={(e) => (setTurnId(e.target.value), setPath(null))}>
            {turns.map((t, i) => (
              <option key={t.turnId} value={t.turnId}>
                {i + 1}. {t.label.slice(0, 60)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="small"
          disabled={turn.files.every((f) => reverted.has(f.path))}
          onClick={() => void workbench.revert(turn.turnId)}
        >
          Revert this turn
        </button>
      </div>
      <ul className="review-files" aria-label="Changed files">
        {turn.files.map((f) => (
          <li key={f.path}>
            <button
              type="button"
              aria-current={f === file}
              className={f === file ? 'is-selected' : ''}
              onClick={() => setPath(f.path)}
            >
              <span className={`change-mark change-${f.change}`}>{f.change[0].toUpperCase()}</span> {rel(f.path)}
              {reverted.has(f.path) && <span className="muted"> (reverted)</span>}
            </button>
          </li>
        ))}
      </ul>
      {file && (
        <section className="review-file" aria-label={`Diff of ${rel(file.path)}`}>
          <div className="review-file-head">
            <code>{rel(file.path)}</code>
            <span className="muted">{file.change}</span>
            <button
              type="button"
              className="small"
              disabled={reverted.has(file.path)}
              onClick={() => void workbench.revert(turn.turnId, [file.path])}
            >
              Revert this file
            </button>
          </div>
          <ol className="hunks" aria-label="Hunks">
            {hunks.map((h) => (
              <li key={`${h.oldStart}-${h.newStart}`}>
                <code>{`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`}</code>{' '}
                <span className="muted">
                  +{h.lines.filter((l) => l.startsWith('+')).length} −{h.lines.filter((l) => l.startsWith('-')).length}
                </span>
              </li>
            ))}
          </ol>
        </section>
      )}
      <div ref={host} className="diff-host" hidden={!file} />
    </div>
  );
}
