import type { TodoItem } from '../../tools/types';
import type { ToolCallView } from '../../app/chat/chat-fold';
import { TodoList } from '../todo-list';
import { CardFrame, ResultNote, inputOf } from './card-frame';

export function TodoWriteCard({ call }: { call: ToolCallView }) {
  const input = inputOf<{ todos: TodoItem[] }>(call);
  const todos = Array.isArray(input.todos) ? input.todos.filter((t) => t && typeof t.content === 'string') : [];
  return (
    <CardFrame call={call} subject="updated the plan">
      <TodoList todos={todos} label="Plan" />
      <ResultNote call={call} />
    </CardFrame>
  );
}
