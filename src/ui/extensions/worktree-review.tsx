import { useState } from 'react';
import type { WorktreeReview } from '../../agent/extensions/subagents/worktree-review';
import { HunksView } from '../hunks-view';

// A worktree subagent's changes, waiting for the user: each file with its diff and a checkbox,
// then Apply (the checked files, merged three-way into the workspace) or Discard. Nothing reaches
// the workspace before the user decides.

const KIND: Record<WorktreeReview['changes'][number]['kind'], string> = {
  added: 'new',
  modified: 'modified',
  deleted: 'deleted',
};

export function WorktreeReviewPanel({
  review,
  root,
  onDecide,
}: {
  review: WorktreeReview;
  root: string;
  onDecide: (apply: 'all' | 'none' | string[]) => void;
}) {
  const [unchecked, setUnchecked] = useState<ReadonlySet<string>>(new Set());
  const rel = (path: string) => (path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path);
  const chosen = review.changes.filter((c) => !unchecked.has(c.path)).map((c) => c.path);
  const toggle = (path: string) =>
    setUnchecked((prev) => {
      const next = new Set(prev);
      if (!next.delete(path)) next.add(path);
      return next;
    });
  const count = review.changes.length;
  return (
    <section className="worktree-review" aria-label={`Review worktree changes: ${review.description}`}>
      <p className="trust-title">
        The {review.agentType} subagent changed {count} file{count === 1 ? '' : 's'} in its own copy:{' '}
        {review.description}
      </p>
      <p className="muted">Nothing is in your workspace yet. Choose the files to apply.</p>
      <ul className="worktree-files">
        {review.changes.map((change) => (
          <li key={change.path}>
            <label>
              <input type="checkbox" checked={!unchecked.has(change.path)} onChange={() => toggle(change.path)} />{' '}
              <code>{rel(change.path)}</code>
            </label>{' '}
            <span className="muted">({KIND[change.kind]})</span>
            <details open={count <= 3}>
              <summary>Diff</summary>
              {change.binary ? (
                <p className="muted">Binary file.</p>
              ) : (
                <HunksView hunks={change.hunks} label={`Diff of ${rel(change.path)}`} />
              )}
            </details>
          </li>
        ))}
      </ul>
      <div className="trust-actions">
        <button
          type="button"
          className="primary"
          disabled={chosen.length === 0}
          onClick={() => onDecide(chosen.length === count ? 'all' : chosen)}
        >
          Apply
        </button>
        <button type="button" onClick={() => onDecide('none')}>
          Discard
        </button>
      </div>
    </section>
  );
}
