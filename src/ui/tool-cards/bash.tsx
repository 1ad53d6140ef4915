import type { ToolCallView } from '../../app/chat/chat-fold';
import { CardFrame, Output, inputOf } from './card-frame';

interface BashInput {
  command: string;
  description?: string;
  timeout?: number;
}

export function BashCard({ call }: { call: ToolCallView }) {
  const input = inputOf<BashInput>(call);
  const output = call.result ?? call.progress;
  return (
    <CardFrame call={call} subject={input.description ?? 'shell command'}>
      <pre className="tool-command">
        <span className="prompt" aria-hidden="true">
          ${' '}
        </span>
        {input.command ?? call.argsText}
      </pre>
      <Output text={output} error={call.state === 'error'} open={call.state === 'running' ? true : undefined} />
    </CardFrame>
  );
}
