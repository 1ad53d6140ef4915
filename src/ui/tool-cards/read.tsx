import type { ToolCallView } from '../../app/chat/chat-fold';
import { displayPath } from '../format';
import { useApp } from '../use-store';
import { CardFrame, Output, ResultNote, inputOf } from './card-frame';

interface ReadInput {
  file_path: string;
  offset?: number;
  limit?: number;
}

export function ReadCard({ call }: { call: ToolCallView }) {
  const root = useApp().workspace.root;
  const input = inputOf<ReadInput>(call);
  const range =
    input.offset || input.limit
      ? ` · lines ${input.offset ?? 1}${input.limit ? `–${(input.offset ?? 1) + input.limit - 1}` : '+'}`
      : '';
  return (
    <CardFrame
      call={call}
      subject={
        <>
          <code>{displayPath(input.file_path ?? '', root)}</code>
          {range}
        </>
      }
    >
      {call.state === 'done' && <Output text={call.result ?? ''} label="What the agent read" open={false} />}
      <ResultNote call={call} />
    </CardFrame>
  );
}
