import type { ToolCallView } from '../../app/chat/chat-fold';
import { displayPath, lineCount } from '../format';
import { useApp } from '../use-store';
import { CardFrame, Output, ResultNote, inputOf } from './card-frame';

interface WriteInput {
  file_path: string;
  content: string;
}

export function WriteCard({ call }: { call: ToolCallView }) {
  const root = useApp().workspace.root;
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
