import type { ToolCallView } from '../../app/chat/chat-fold';
import { displayPath } from '../format';
import { useApp } from '../use-store';
import { CardFrame, ResultNote, inputOf } from './card-frame';
import { lazy, Suspense } from 'react';

// `diff` loads with the first edit card, not with the page.
const DiffView = lazy(() => import('./diff-view').then((m) => ({ default: m.DiffView })));

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

export function EditCard({ call }: { call: ToolCallView }) {
  const root = useApp().workspace.root;
  const input = inputOf<EditInput & MultiEditInput>(call);
  const path = displayPath(input.file_path ?? '', root);
  const edits = call.name === 'MultiEdit' ? (Array.isArray(input.edits) ? input.edits : []) : [input];
  return (
    <CardFrame call={call} subject={<code>{path}</code>}>
      <Suspense fallback={null}>
        {edits.map((edit, i) =>
          typeof edit.old_string === 'string' && typeof edit.new_string === 'string' ? (
            <DiffView key={i} path={path} before={edit.old_string} after={edit.new_string} />
          ) : null,
        )}
      </Suspense>
      {edits.some((e) => e.replace_all) && <p className="muted">Every occurrence replaced.</p>}
      <ResultNote call={call} />
    </CardFrame>
  );
}
