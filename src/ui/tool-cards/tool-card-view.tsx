import type { ToolCallView } from '../../app/chat/chat-fold';
import { cardFor } from './index';

/** The card for one tool call; the transcript loads this module (and every card) on the first call it shows. */
export default function ToolCardView({ call }: { call: ToolCallView }) {
  const Card = cardFor(call);
  return <Card call={call} />;
}
