import type { ToolCallView } from '../../app/chat/chat-fold';
import { lineCount } from '../format';
import { CardFrame, Output, ResultNote, detailsOf, inputOf, plural, useInputPath } from './card-frame';

interface WriteInput {
  file_path: string;
  content: string;
}

function size(bytes: number): string {
  if (bytes < 1024) return plural(bytes, 'byte');
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function WriteCard({ call }: { call: ToolCallView }) {
  const details = detailsOf(call, 'write');
  const input = inputOf<WriteInput>(call);
  const inputPath = useInputPath(input.file_path);
  const content = typeof input.content === 'string' ? input.content : '';
  return (
    <CardFrame call={call} subject={<code>{details?.path ?? inputPath}</code>}>
      <Output text={content} label="Content" open={lineCount(content) <= 12} />
      {details ? (
        <p className="muted">
          {details.created ? 'Created' : 'Updated'} · {plural(details.lines, 'line')} · {size(details.bytes)}
        </p>
      ) : (
        call.state === 'done' && call.result && <p className="muted">{call.result}</p>
      )}
      <ResultNote call={call} />
    </CardFrame>
  );
}
