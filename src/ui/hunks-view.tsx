import { hunkHeader, type DiffHunk } from '../lib/diff-hunk';

// A unified diff as data, rendered: the `@@` line, then each line with its old and new line
// numbers, coloured by kind. Text only, never HTML. The Edit card and the Source control panel
// both show diffs through this, from typed hunks, so neither parses patch text.

function lineClass(line: string): string {
  if (line[0] === '+') return 'diff-line diff-add';
  if (line[0] === '-') return 'diff-line diff-del';
  if (line[0] === '\\') return 'diff-line diff-meta';
  return 'diff-line';
}

function Hunk({ hunk, positions }: { hunk: DiffHunk; positions: boolean }) {
  let oldNo = hunk.oldStart;
  let newNo = hunk.newStart;
  return (
    <pre className="diff-hunk">
      {positions && <span className="diff-line diff-meta">{hunkHeader(hunk)}</span>}
      {hunk.lines.map((line, i) => {
        const kind = line[0];
        const shownOld = kind === ' ' || kind === '-' ? oldNo++ : '';
        const shownNew = kind === ' ' || kind === '+' ? newNo++ : '';
        return (
          <span key={i} className={lineClass(line)}>
            {positions && (
              <>
                <span className="diff-no" aria-hidden="true">
                  {shownOld}
                </span>
                <span className="diff-no" aria-hidden="true">
                  {shownNew}
                </span>
              </>
            )}
            {line}
          </span>
        );
      })}
    </pre>
  );
}

/**
 * `label` names the group for assistive tech and tests, e.g. `Diff of src/app.ts`. Without
 * `positions` (hunks of a snippet, not of a file) the `@@` lines and line numbers are left out.
 */
export function HunksView({
  hunks,
  label,
  positions = true,
}: {
  hunks: DiffHunk[];
  label: string;
  positions?: boolean;
}) {
  if (!hunks.length) return <p className="muted">No textual change.</p>;
  return (
    <div className="diff" role="group" aria-label={label}>
      {hunks.map((hunk, i) => (
        <Hunk key={i} hunk={hunk} positions={positions} />
      ))}
    </div>
  );
}
