import type { ToolCallView } from '../chat-state';
import { displayPath } from '../../lib/paths-and-urls';
import { lineCount } from '../format';
import { useController } from '../use-controller';
import { CardFrame, Output, ResultNote, inputOf } from './card-frame';

interface WriteInput {
  file_path: string;
  content: string;
}

export function WriteCard({ call }: { call: ToolCallView }) {
  const root = useController().workspace.root;
  const input = inputOf<WriteInput>(call);
  const content = typeof input.content === 'string' ? input.content : '';
  return (
    <CardFrame call={call} subject={<code>{displayPath(input.file_path ?? '', root)}</code>}>
      <Output text={content} label={`Content`} open={lineCount(content) <= 12} />
      {call.state === 'done' && call.result && <p className="muted">{call.result}</p>}
      <ResultNote call={call} />
    </CardFrame>
  );
}
