import type { ToolCallView } from '../../app/chat/chat-fold';
import { displayPath } from '../format';
import { useApp } from '../use-store';
import { CardFrame, Output, ResultNote, inputOf } from './card-frame';

interface SearchInput {
  pattern: string;
  path?: string;
  glob?: string;
  type?: string;
  output_mode?: string;
}

/** Grep, Glob and LS: what was searched, where, and the matches (folded when long). */
export function SearchCard({ call }: { call: ToolCallView }) {
  const root = useApp().workspace.root;
  const input = inputOf<SearchInput>(call);
  const where = input.path ? displayPath(input.path, root) : '.';
  const filters = [input.glob && `glob ${input.glob}`, input.type && `type ${input.type}`, input.output_mode]
    .filter(Boolean)
    .join(' · ');
  const subject =
    call.name === 'LS' ? (
      <code>{where}</code>
    ) : (
      <>
        <code>{input.pattern ?? ''}</code> in <code>{where}</code>
        {filters && <span className="muted"> · {filters}</span>}
      </>
    );
  return (
    <CardFrame call={call} subject={subject}>
      {call.state === 'done' && <Output text={call.result ?? ''} label="Results" />}
      <ResultNote call={call} />
    </CardFrame>
  );
}
