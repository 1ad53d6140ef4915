import type { ToolCallView } from '../../app/chat/chat-fold';
import { CardFrame, Output } from './card-frame';

/** Any tool without its own card: the input as JSON and the result. */
export function GenericCard({ call }: { call: ToolCallView }) {
  const input = call.input === undefined ? call.argsText : JSON.stringify(call.input, null, 2);
  return (
    <CardFrame call={call}>
      <Output text={input} label="Input" open={false} />
      <Output text={call.result ?? call.progress} label="Result" error={call.state === 'error'} />
    </CardFrame>
  );
}
