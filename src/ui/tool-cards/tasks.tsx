import type { ToolCallView } from '../../app/chat/chat-fold';
import { CardFrame, FoldList, Output, ResultNote, detailsOf, plural } from './card-frame';

// The task graph tools (TaskCreate, TaskGet, TaskUpdate, TaskList) and LSP: one line of what
// happened, the rest as text. The graph itself is the chat's task panel.

export function TaskCard({ call }: { call: ToolCallView }) {
  const created = detailsOf(call, 'task-create');
  const got = detailsOf(call, 'task-get');
  const updated = detailsOf(call, 'task-update');
  const listed = detailsOf(call, 'task-list');
  const task = created?.task ?? got?.task;
  let subject: string = call.summary;
  if (task) subject = `#${task.id} ${task.subject}`;
  else if (updated)
    subject = updated.success
      ? `#${updated.taskId}${updated.statusChange ? ` ${updated.statusChange.from} → ${updated.statusChange.to}` : ''}${
          updated.updatedFields.length ? ` · ${updated.updatedFields.join(', ')}` : ''
        }`
      : `#${updated.taskId} not updated`;
  else if (listed) subject = plural(listed.tasks.length, 'task');
  return (
    <CardFrame call={call} subject={subject}>
      {listed && (
        <FoldList label={plural(listed.tasks.length, 'task')} count={listed.tasks.length}>
          {listed.tasks.map((t) => (
            <li key={t.id}>
              #{t.id} {t.subject} <span className="muted">· {t.status.replace('_', ' ')}</span>
              {t.owner && <span className="muted"> · {t.owner}</span>}
              {t.blockedBy.length > 0 && (
                <span className="muted"> · blocked by {t.blockedBy.map((id) => `#${id}`).join(', ')}</span>
              )}
            </li>
          ))}
        </FoldList>
      )}
      {task?.description && <Output text={task.description} label="Description" open={false} />}
      {updated?.error && <p className="tool-status is-error">{updated.error}</p>}
      <ResultNote call={call} />
    </CardFrame>
  );
}

export function LspCard({ call }: { call: ToolCallView }) {
  const details = detailsOf(call, 'lsp');
  return (
    <CardFrame
      call={call}
      subject={details ? `${details.operation} · ${details.filePath}:${details.line}:${details.character}` : undefined}
    >
      {call.state === 'done' && <Output text={call.result ?? ''} label="Answer" />}
      <ResultNote call={call} />
    </CardFrame>
  );
}
