import type { BashDetails } from '../../tools/bash';
import type { ToolCallView } from '../../app/chat/chat-fold';
import { CardFrame, Output, ResultNote, detailsOf, inputOf } from './card-frame';

interface BashInput {
  command: string;
  description?: string;
  timeout?: number;
}

/** How the command ended, when that is news: a non-zero exit, a timeout, a stop. */
function outcomeOf(details: BashDetails): string | null {
  if (details.timedOut) return `Timed out after ${details.timeoutMs / 1000} s`;
  if (details.interrupted) return 'Stopped';
  if (details.exitCode === null) return 'The shell failed';
  return details.exitCode === 0 ? null : `Exit code ${details.exitCode}`;
}

export function BashCard({ call }: { call: ToolCallView }) {
  const details = detailsOf(call, 'bash');
  const input = inputOf<BashInput>(call);
  const failed = call.state === 'error';
  const outcome = details && outcomeOf(details);
  return (
    <CardFrame call={call} subject={input.description ?? 'shell command'}>
      <pre className="tool-command">
        <span className="prompt" aria-hidden="true">
          {details && details.cwd !== '.' ? `${details.cwd} ` : ''}${' '}
        </span>
        {details?.command ?? input.command ?? call.argsText}
      </pre>
      {details ? (
        <>
          <Output text={details.stdout} />
          <Output text={details.stderr} label="Errors" error={failed} />
          {outcome && <p className={failed ? 'tool-status is-error' : 'tool-status'}>{outcome}</p>}
          {!details.stdout && !details.stderr && !outcome && <p className="muted">No output.</p>}
          {details.exitCode === null && <ResultNote call={call} />}
        </>
      ) : (
        <Output text={call.result ?? call.progress} error={failed} open={call.state === 'running' ? true : undefined} />
      )}
    </CardFrame>
  );
}
