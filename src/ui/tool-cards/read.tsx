import type { ReadDetails } from '../../tools/read';
import type { ToolCallView } from '../../app/chat/chat-fold';
import { CardFrame, Output, ResultNote, detailsOf, inputOf, useInputPath } from './card-frame';

interface ReadInput {
  file_path: string;
  offset?: number;
  limit?: number;
}

/** The lines read, as the details say: `lines 10–14 of 50`, `all 50 lines`, `empty`. */
function rangeOf(details: ReadDetails): string {
  if (details.totalLines === 0) return 'empty';
  if (details.endLine === 0) return `past the end (${details.totalLines} lines)`;
  if (!details.truncated) return details.totalLines === 1 ? '1 line' : `all ${details.totalLines} lines`;
  return `lines ${details.startLine}–${details.endLine} of ${details.totalLines}`;
}

/** What was asked for, before the result (or for a result stored without details). */
function requestedRange(input: Partial<ReadInput>): string {
  if (!input.offset && !input.limit) return '';
  return `lines ${input.offset ?? 1}${input.limit ? `–${(input.offset ?? 1) + input.limit - 1}` : '+'}`;
}

export function ReadCard({ call }: { call: ToolCallView }) {
  const details = detailsOf(call, 'read');
  const input = inputOf<ReadInput>(call);
  const inputPath = useInputPath(input.file_path);
  const range = details ? rangeOf(details) : requestedRange(input);
  return (
    <CardFrame
      call={call}
      subject={
        <>
          <code>{details?.path ?? inputPath}</code>
          {range && <span className="muted"> · {range}</span>}
        </>
      }
    >
      {call.state === 'done' && <Output text={call.result ?? ''} label="What the agent read" open={false} />}
      <ResultNote call={call} />
    </CardFrame>
  );
}
