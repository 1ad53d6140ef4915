import { structuredPatch } from 'diff';
import { useMemo } from 'react';

const withNewline = (text: string): string => (text.endsWith('\n') ? text : text + '\n');

/**
 * A unified diff of one replacement, coloured by line; text only, never HTML. The strings are
 * snippets, not whole files, so hunk headers (snippet-relative line numbers) are left out.
 */
export function DiffView({ path, before, after }: { path: string; before: string; after: string }) {
  const hunks = useMemo(
    () => structuredPatch(path, path, withNewline(before), withNewline(after), '', '', { context: 3 }).hunks,
    [path, before, after],
  );
  if (!hunks.length) return <p className="muted">No change.</p>;
  return (
    <div className="diff" role="group" aria-label={`Diff of ${path}`}>
      {hunks.map((hunk, h) => (
        <pre key={h} className="diff-hunk">
          {hunk.lines.map((line, i) => (
            <span key={i} className={`diff-line ${line[0] === '+' ? 'diff-add' : line[0] === '-' ? 'diff-del' : ''}`}>
              {line}
            </span>
          ))}
        </pre>
      ))}
    </div>
  );
}
