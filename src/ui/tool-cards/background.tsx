import type { ToolCallView } from '../../app/chat/chat-fold';
import { CardFrame, Output, ResultNote, detailsOf, inputOf } from './card-frame';

// Background work: Bash with run_in_background (the task id it started), TaskOutput (the output so
// far and the state) and TaskStop. The running list with its Stop buttons is in the workbench.

const statusLabel: Record<string, string> = {
  running: 'still running',
  completed: 'finished',
  failed: 'failed',
  killed: 'stopped',
  'timed-out': 'timed out',
};

export function BashBackgroundCard({ call }: { call: ToolCallView }) {
  const details = detailsOf(call, 'bash-background');
  const input = inputOf<{ command: string; description?: string }>(call);
  return (
    <CardFrame call={call} subject={details?.description ?? input.description ?? 'background command'}>
      <pre className="tool-command">
        <span className="prompt" aria-hidden="true">
          ${' '}
        </span>
        {details?.command ?? input.command ?? ''}
      </pre>
      {details && <p className="tool-status">Running in the background as {details.backgroundTaskId}</p>}
      <ResultNote call={call} />
    </CardFrame>
  );
}

export function TaskOutputCard({ call }: { call: ToolCallView }) {
  const details = detailsOf(call, 'task-output');
  const stop = detailsOf(call, 'task-stop');
  const id = details?.taskId ?? stop?.task_id ?? String(inputOf<{ task_id: string }>(call).task_id ?? '');
  const status = details?.status ?? stop?.status;
  return (
    <CardFrame call={call} subject={id}>
      {(details?.command ?? stop?.command) && <pre className="tool-command">{details?.command ?? stop?.command}</pre>}
      {status && (
        <p className="tool-status">
          {statusLabel[status] ?? status}
          {details?.exitCode !== undefined ? ` · exit code ${details.exitCode}` : ''}
        </p>
      )}
      {details && <Output text={details.tail} label="Output" />}
      <ResultNote call={call} />
    </CardFrame>
  );
}
