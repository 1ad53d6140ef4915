import type { OpenState } from '../../app/git';
import { useApp } from '../use-store';

/**
 * "Keep in memory only" for a repository the browser's storage cannot hold: the same clone again,
 * into the open session, whose files are then not saved (the failure's `source` and `folder` are
 * what the user asked for, so the retry is the same request).
 */
export function MemoryOnlyRemedy({ open }: { open: Extract<OpenState, { kind: 'failed' }> }) {
  const git = useApp().git;
  if (!open.error.remedies?.includes('memory-only')) return null;
  return (
    <div className="git-row">
      <button
        type="button"
        onClick={() => void git.open(open.source ?? open.url, { folder: open.folder, memoryOnly: true })}
      >
        Keep in memory only
      </button>
      <span className="muted">Its files are not saved: a reload loses them.</span>
    </div>
  );
}
