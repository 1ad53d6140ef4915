import type { TodoItem } from '../tools/types';

const marks: Record<TodoItem['status'], string> = { pending: '○', in_progress: '◐', completed: '●' };

/** The agent's plan from TodoWrite: done items struck through, the current one named by its activeForm. */
export function TodoList({ todos, label = 'Tasks' }: { todos: TodoItem[]; label?: string }) {
  if (!todos.length) return null;
  const done = todos.filter((t) => t.status === 'completed').length;
  return (
    <section className="todo-list" aria-label={label}>
      <h3>
        {label}{' '}
        <span className="muted">
          {done}/{todos.length}
        </span>
      </h3>
      <ul>
        {todos.map((todo, i) => (
          <li key={i} className={`todo todo-${todo.status}`}>
            <span className="todo-mark" aria-hidden="true">
              {marks[todo.status]}
            </span>
            <span className="sr-only">{todo.status.replace('_', ' ')}: </span>
            {todo.status === 'in_progress' ? todo.activeForm || todo.content : todo.content}
          </li>
        ))}
      </ul>
    </section>
  );
}
