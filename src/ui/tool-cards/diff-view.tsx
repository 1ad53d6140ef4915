import { structuredPatch } from 'diff';
import { useMemo } from 'react';
import { HunksView } from '../hunks-view';

const withNewline = (text: string): string => (text.endsWith('\n') ? text : text + '\n');

/**
 * The diff of one replacement from the call's input, while the call runs or waits for
 * permission (and for results stored before details existed). The strings are snippets, not the
 * file, so the line numbers count from the snippet; the finished Edit shows its details' hunks.
 */
export function SnippetDiffView({ path, before, after }: { path: string; before: string; after: string }) {
  const hunks = useMemo(
    () => structuredPatch(path, path, withNewline(before), withNewline(after), '', '', { context: 3 }).hunks,
    [path, before, after],
  );
  return <HunksView hunks={hunks} label={`Diff of ${path}`} positions={false} />;
}
