import type { ToolCallView } from '../../app/chat/chat-fold';
import { displayPath } from '../../lib/paths-and-urls';
import { useApp } from '../use-store';
import { CardFrame, Output, ResultNote, detailsOf, inputOf, useInputPath } from './card-frame';

interface NotebookInput {
  notebook_path: string;
  cell_id?: string;
  edit_mode?: string;
}

const verbs = { replace: 'Replaced', insert: 'Inserted', delete: 'Deleted' } as const;

/** NotebookEdit: which cell of which notebook, and its source before and after, as text. */
export function NotebookEditCard({ call }: { call: ToolCallView }) {
  const details = detailsOf(call, 'notebook-edit');
  const input = inputOf<NotebookInput>(call);
  const root = useApp().workspace.root;
  const inputPath = useInputPath(input.notebook_path);
  const path = details ? displayPath(details.notebook_path, root) : inputPath;
  const what = details
    ? `${verbs[details.edit_mode]} ${details.cell_type ?? ''} cell ${details.cell_id}`.replace('  ', ' ')
    : [input.edit_mode ?? 'replace', input.cell_id && `cell ${input.cell_id}`].filter(Boolean).join(' ');
  return (
    <CardFrame
      call={call}
      subject={
        <>
          <code>{path}</code> <span className="muted">· {what}</span>
        </>
      }
    >
      {details?.old_source !== undefined && <Output text={details.old_source} label="Before" open={false} />}
      {details && details.edit_mode !== 'delete' && <Output text={details.new_source} label="Cell source" />}
      <ResultNote call={call} />
    </CardFrame>
  );
}
