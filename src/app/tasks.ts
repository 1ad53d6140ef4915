import type { AgentEvent } from '../agent/events';
import type { BackgroundStatus, BackgroundTasks } from '../tools/background/tasks';
import { lastLines } from '../tools/background/output-tail';
import type { TaskRecord } from '../tools/task-graph/graph';
import type { Conversation } from './sessions/conversation';
import { createStore, type ReadonlyStore } from './store';

// The open session's work beside the chat: its background commands (Bash run_in_background) with
// their last lines and a Stop, and its task graph (TaskCreate/TaskUpdate) as the agent holds it.
// Output arrives per chunk; the list is refreshed at most once per `schedule` tick, so a chatty dev
// server does not render the page per line.

export interface BackgroundTaskView {
  id: string;
  command: string;
  description?: string;
  status: BackgroundStatus;
  exitCode?: number;
  /** The last lines of its output. */
  tail: string;
  stoppedBy?: 'model' | 'user';
}

export interface TasksState {
  background: BackgroundTaskView[];
  /** The task graph's tasks, in creation order. */
  graph: TaskRecord[];
}

export interface TasksDeps {
  /** How a refresh of the background list is put off (default 100 ms); tests pass one that runs at once. */
  schedule?: (refresh: () => void) => void;
}

export type TasksApp = ReturnType<typeof createTasks>;

const TAIL_LINES = 3;

function viewsOf(background: BackgroundTasks): BackgroundTaskView[] {
  return background.list().map((task) => ({
    id: task.id,
    command: task.command,
    ...(task.description ? { description: task.description } : {}),
    status: task.status,
    ...(task.exitCode !== undefined ? { exitCode: task.exitCode } : {}),
    tail: lastLines(task.output, TAIL_LINES),
    ...(task.stoppedBy ? { stoppedBy: task.stoppedBy } : {}),
  }));
}

export function createTasks(deps: TasksDeps = {}) {
  const store = createStore<TasksState>({ background: [], graph: [] });
  const schedule = deps.schedule ?? ((refresh: () => void) => void setTimeout(refresh, 100));
  let current: Conversation | null = null;
  let detach = (): void => undefined;

  return {
    store: store as ReadonlyStore<TasksState>,

    /** Follows `conversation`'s background commands and task graph (null: nothing is open). */
    attach(conversation: Conversation | null): void {
      if (conversation === current) return;
      detach();
      current = conversation;
      if (!conversation) {
        detach = () => undefined;
        store.set({ background: [], graph: [] });
        return;
      }
      const { agent } = conversation;
      let pending = false;
      const refresh = (): void => {
        pending = false;
        if (current === conversation) store.set({ background: viewsOf(agent.background) });
      };
      store.set({ background: viewsOf(agent.background), graph: agent.taskGraph.tasks });
      const offBackground = agent.background.subscribe((event) => {
        // A start or an end shows at once; output is batched.
        if (event.type !== 'output') return refresh();
        if (pending) return;
        pending = true;
        schedule(refresh);
      });
      const offEvents = conversation.subscribe((event: AgentEvent) => {
        if (event.type === 'tasks-updated' || event.type === 'transcript-cleared')
          store.set({ graph: agent.taskGraph.tasks });
      });
      const offRewind = conversation.onRewind(() => store.set({ graph: agent.taskGraph.tasks }));
      detach = () => {
        offBackground();
        offEvents();
        offRewind();
      };
    },

    /** The list's Stop: the model hears that the user stopped it in its next request. */
    async stop(id: string): Promise<void> {
      await current?.agent.background.stop(id, 'user');
    },
  };
}
