import { lazy, Suspense } from 'react';
import type { ToolCallView } from '../../app/chat/chat-fold';
import { HunksView } from '../hunks-view';
import { CardFrame, ResultNote, detailsOf, inputOf, plural, useInputPath } from './card-frame';

// `diff` loads with the first card that must compute a diff itself (a call still waiting or
// running, or a result stored before details), not with the page.
const SnippetDiffView = lazy(() => import('./diff-view').then((m) => ({ default: m.SnippetDiffView })));

interface EditInput {
  file_path: string;
  old_string: string;
  new_string: string;
  replace_all?: boolean;
}

interface MultiEditInput {
  file_path: string;
  edits: Array<Omit<EditInput, 'file_path'>>;
}

/** Edit and MultiEdit: the change with the file's line numbers once done, the requested change before. */
export function EditCard({ call }: { call: ToolCallView }) {
  const details = detailsOf(call, 'edit');
  const input = inputOf<EditInput & MultiEditInput>(call);
  const inputPath = useInputPath(input.file_path);
  const path = details?.path ?? inputPath;
  if (details) {
    const notes = [
      details.created && 'Created the file.',
      details.edits !== undefined && `${plural(details.edits, 'edit')} applied in order.`,
      details.replacements > 1 && `${plural(details.replacements, 'replacement')}.`,
    ].filter(Boolean);
    return (
      <CardFrame call={call} subject={<code>{path}</code>}>
        {details.hunks ? (
          <HunksView hunks={details.hunks} label={`Diff of ${path}`} />
        ) : (
          <p className="muted">The change is too large to show here; the file is in the editor.</p>
        )}
        {notes.length > 0 && <p className="muted">{notes.join(' ')}</p>}
      </CardFrame>
    );
  }
  const edits = call.name.toLowerCase() === 'multiedit' ? (Array.isArray(input.edits) ? input.edits : []) : [input];
  return (
    <CardFrame call={call} subject={<code>{path}</code>}>
      <Suspense fallback={null}>
        {edits.map((edit, i) =>
          typeof edit.old_string === 'string' && typeof edit.new_string === 'string' ? (
            <SnippetDiffView key={i} path={path} before={edit.old_string} after={edit.new_string} />
          ) : null,
        )}
      </Suspense>
      {edits.some((e) => e.replace_all) && <p className="muted">Every occurrence replaced.</p>}
      <ResultNote call={call} />
    </CardFrame>
  );
}
