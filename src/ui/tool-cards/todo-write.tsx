import type { TodoItem } from '../../tools/types';
import type { ToolCallView } from '../../app/chat/chat-fold';
import { TodoList } from '../todo-list';
import { CardFrame, ResultNote, detailsOf, inputOf } from './card-frame';

export function TodoWriteCard({ call }: { call: ToolCallView }) {
  // The list the tool accepted; while the call runs, the list the model sent.
  const details = detailsOf(call, 'todos');
  const input = inputOf<{ todos: TodoItem[] }>(call);
  const todos =
    details?.todos ?? (Array.isArray(input.todos) ? input.todos.filter((t) => t && typeof t.content === 'string') : []);
  return (
    <CardFrame call={call} subject="updated the plan">
      <TodoList todos={todos} label="Plan" />
      <ResultNote call={call} />
    </CardFrame>
  );
}
