import type { BackgroundTaskView } from '../app/tasks';
import type { TaskRecord } from '../tools/task-graph/graph';

// The task graph (TaskCreate/TaskUpdate) as the chat's task panel, with what each waits for and
// which subagent owns it; and the background commands with their last lines and a Stop each.

const marks: Record<TaskRecord['status'], string> = { pending: '○', in_progress: '◐', completed: '●' };

export function TaskGraphList({ tasks }: { tasks: readonly TaskRecord[] }) {
  if (!tasks.length) return null;
  const done = tasks.filter((t) => t.status === 'completed').length;
  const open = new Set(tasks.filter((t) => t.status !== 'completed').map((t) => t.id));
  return (
    <section className="todo-list task-graph" aria-label="Task graph">
      <h3>
        Tasks{' '}
        <span className="muted">
          {done}/{tasks.length}
        </span>
      </h3>
      <ul>
        {tasks.map((task) => {
          const waiting = task.blockedBy.filter((id) => open.has(id));
          return (
            <li key={task.id} className={`todo todo-${task.status}`}>
              <span className="todo-mark" aria-hidden="true">
                {marks[task.status]}
              </span>
              <span className="sr-only">{task.status.replace('_', ' ')}: </span>
              <span className="muted">#{task.id}</span>{' '}
              {task.status === 'in_progress' ? task.activeForm || task.subject : task.subject}
              {task.owner && <span className="task-owner"> · {task.owner}</span>}
              {waiting.length > 0 && (
                <span className="muted"> · blocked by {waiting.map((id) => `#${id}`).join(', ')}</span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

const statusLabel: Record<BackgroundTaskView['status'], string> = {
  running: 'running',
  completed: 'done',
  failed: 'failed',
  killed: 'stopped',
  'timed-out': 'timed out',
};

export function BackgroundTaskList({
  tasks,
  onStop,
}: {
  tasks: readonly BackgroundTaskView[];
  onStop: (id: string) => void;
}) {
  if (!tasks.length) return null;
  return (
    <section className="background-tasks" aria-label="Background tasks">
      <h3>Background tasks</h3>
      <ul>
        {tasks.map((task) => (
          <li key={task.id} className={`background-task is-${task.status}`} aria-label={task.command}>
            <div className="background-task-head">
              <code className="background-task-command">{task.description || task.command}</code>
              <span className="muted">
                {task.id} · {statusLabel[task.status]}
                {task.exitCode !== undefined && task.status !== 'killed' ? ` (exit ${task.exitCode})` : ''}
              </span>
              {task.status === 'running' && (
                <button type="button" onClick={() => onStop(task.id)}>
                  Stop
                </button>
              )}
            </div>
            {task.tail && <pre className="background-task-tail">{task.tail}</pre>}
          </li>
        ))}
      </ul>
    </section>
  );
}
