import type { FileChangeKind, FileChangeSummary } from '../../agent/events';
import { useApp } from '../use-store';

const marks: Record<FileChangeKind, string> = { added: 'A', modified: 'M', deleted: 'D' };

/** The files a turn changed, under its answer in the chat; each opens the turn's diff. */
export function TurnChangesCard({ turnId, files }: { turnId: string; files: FileChangeSummary[] }) {
  const { workbench, workspace } = useApp();
  const root = workspace.root;
  const rel = (p: string): string => (p.startsWith(root + '/') ? p.slice(root.length + 1) : p);
  return (
    <section className="turn-changes" role="group" aria-label="Files changed in this turn">
      <div className="turn-changes-head">
        <span>
          {files.length} file{files.length === 1 ? '' : 's'} changed
        </span>
        <button type="button" className="ghost small" onClick={() => workbench.openReview(turnId)}>
          Review changes
        </button>
      </div>
      <ul>
        {files.map((f) => (
          <li key={f.path}>
            <span className={`change-mark change-${f.change}`} title={f.change} aria-label={f.change}>
              {marks[f.change]}
            </span>{' '}
            <button type="button" className="link" onClick={() => workbench.openReview(turnId, f.path)}>
              {rel(f.path)}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
