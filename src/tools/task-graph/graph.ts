// The session's task graph (TaskCreate/TaskGet/TaskUpdate/TaskList): plain data, changed by pure
// functions. The agent keeps the current graph in its transcript state, folded from `tasks-updated`
// events, so a replayed session has the same graph.
import { err, ok, type Result } from '../../lib/result';

export type TaskStatus = 'pending' | 'in_progress' | 'completed';

export interface TaskRecord {
  /** "1", "2", …: never reused within a session. */
  id: string;
  subject: string;
  description: string;
  /** Present continuous, for a spinner while in progress ("Running tests"). */
  activeForm?: string;
  status: TaskStatus;
  /** Who works on it: a subagent's name, or absent for the main agent. */
  owner?: string;
  /** Tasks that cannot start before this one is done. */
  blocks: string[];
  /** Tasks this one waits for. */
  blockedBy: string[];
  metadata?: Record<string, unknown>;
}

export interface TaskGraph {
  tasks: TaskRecord[];
  nextId: number;
}

export const emptyTaskGraph = (): TaskGraph => ({ tasks: [], nextId: 1 });

/** "#3", "3" or " 3 " all name task 3. */
export function normalizeTaskId(id: string): string {
  return id.trim().replace(/^#/, '');
}

export function findTask(graph: TaskGraph, id: string): TaskRecord | undefined {
  const want = normalizeTaskId(id);
  return graph.tasks.find((t) => t.id === want);
}

export function createTask(
  graph: TaskGraph,
  input: { subject: string; description: string; activeForm?: string; metadata?: Record<string, unknown> },
): { graph: TaskGraph; task: TaskRecord } {
  const task: TaskRecord = {
    id: String(graph.nextId),
    subject: input.subject,
    description: input.description,
    ...(input.activeForm ? { activeForm: input.activeForm } : {}),
    status: 'pending',
    blocks: [],
    blockedBy: [],
    ...(input.metadata && Object.keys(input.metadata).length ? { metadata: { ...input.metadata } } : {}),
  };
  return { graph: { tasks: [...graph.tasks, task], nextId: graph.nextId + 1 }, task };
}

export interface TaskChange {
  taskId: string;
  subject?: string;
  description?: string;
  activeForm?: string;
  status?: TaskStatus | 'deleted';
  addBlocks?: string[];
  addBlockedBy?: string[];
  owner?: string;
  metadata?: Record<string, unknown>;
}

export interface TaskUpdateOutcome {
  graph: TaskGraph;
  /** The task after the change; absent when it was deleted. */
  task?: TaskRecord;
  updatedFields: string[];
  statusChange?: { from: string; to: string };
  /** Tasks whose last open blocker this change completed. */
  unblocked: string[];
}

/** Applies one TaskUpdate; unknown ids, self-dependencies and cycles are refused with a reason. */
export function updateTask(graph: TaskGraph, change: TaskChange): Result<TaskUpdateOutcome> {
  const id = normalizeTaskId(change.taskId);
  const current = graph.tasks.find((t) => t.id === id);
  if (!current) return err(`Task #${id} not found. ${knownIds(graph)}`);

  if (change.status === 'deleted') {
    const tasks = graph.tasks
      .filter((t) => t.id !== id)
      .map((t) => ({ ...t, blocks: t.blocks.filter((b) => b !== id), blockedBy: t.blockedBy.filter((b) => b !== id) }));
    return ok({
      graph: { tasks, nextId: graph.nextId },
      updatedFields: ['deleted'],
      statusChange: { from: current.status, to: 'deleted' },
      unblocked: unblockedBy(graph, { tasks, nextId: graph.nextId }),
    });
  }

  const blocks = (change.addBlocks ?? []).map(normalizeTaskId);
  const blockedBy = (change.addBlockedBy ?? []).map(normalizeTaskId);
  const unknown = [...blocks, ...blockedBy].filter((other) => !graph.tasks.some((t) => t.id === other));
  if (unknown.length)
    return err(
      `No such task: ${unique(unknown)
        .map((u) => `#${u}`)
        .join(', ')}. ${knownIds(graph)}`,
    );
  if (blocks.includes(id) || blockedBy.includes(id)) return err(`Task #${id} cannot block or wait for itself.`);

  // Edges as "a blocks b"; both lists of both tasks are kept in step.
  const edges: [string, string][] = [
    ...blocks.map((b): [string, string] => [id, b]),
    ...blockedBy.map((b): [string, string] => [b, id]),
  ];
  const byId = new Map(graph.tasks.map((t) => [t.id, { ...t, blocks: [...t.blocks], blockedBy: [...t.blockedBy] }]));
  for (const [from, to] of edges) {
    const a = byId.get(from)!;
    const b = byId.get(to)!;
    if (!a.blocks.includes(to)) a.blocks.push(to);
    if (!b.blockedBy.includes(from)) b.blockedBy.push(from);
  }
  const cycle = findCycle(byId);
  if (cycle)
    return err(
      `That dependency would make a cycle: ${cycle.map((c) => `#${c}`).join(' → ')}. Tasks must form a graph without cycles.`,
    );

  const task = byId.get(id)!;
  const updatedFields: string[] = [];
  let statusChange: TaskUpdateOutcome['statusChange'];
  if (change.subject !== undefined && change.subject !== task.subject) {
    task.subject = change.subject;
    updatedFields.push('subject');
  }
  if (change.description !== undefined && change.description !== task.description) {
    task.description = change.description;
    updatedFields.push('description');
  }
  if (change.activeForm !== undefined && change.activeForm !== task.activeForm) {
    task.activeForm = change.activeForm;
    updatedFields.push('activeForm');
  }
  if (change.status !== undefined && change.status !== task.status) {
    statusChange = { from: task.status, to: change.status };
    task.status = change.status;
    updatedFields.push('status');
  }
  if (change.owner !== undefined && change.owner !== task.owner) {
    if (change.owner) task.owner = change.owner;
    else delete task.owner;
    updatedFields.push('owner');
  }
  if (blocks.length) updatedFields.push('blocks');
  if (blockedBy.length) updatedFields.push('blockedBy');
  if (change.metadata && Object.keys(change.metadata).length) {
    const merged: Record<string, unknown> = { ...task.metadata };
    for (const [key, value] of Object.entries(change.metadata)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    if (Object.keys(merged).length) task.metadata = merged;
    else delete task.metadata;
    updatedFields.push('metadata');
  }
  const next: TaskGraph = { tasks: graph.tasks.map((t) => byId.get(t.id)!), nextId: graph.nextId };
  return ok({ graph: next, task, updatedFields, statusChange, unblocked: unblockedBy(graph, next) });
}

/** The blockers of a task that are not completed yet. */
export function openBlockers(graph: TaskGraph, task: TaskRecord): string[] {
  return task.blockedBy.filter((b) => graph.tasks.find((t) => t.id === b)?.status !== 'completed');
}

/** Pending tasks that had an open blocker before and have none after. */
function unblockedBy(before: TaskGraph, after: TaskGraph): string[] {
  return after.tasks
    .filter((t) => t.status === 'pending' && openBlockers(after, t).length === 0)
    .filter((t) => {
      const old = before.tasks.find((o) => o.id === t.id);
      return !!old && openBlockers(before, old).length > 0;
    })
    .map((t) => t.id);
}

/** A cycle in the "blocks" edges, as a path that starts and ends at the same task, or null. */
function findCycle(byId: Map<string, TaskRecord>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of byId.get(id)?.blocks ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of byId.keys()) {
    const found = visit(id);
    if (found) return found;
  }
  return null;
}

function knownIds(graph: TaskGraph): string {
  return graph.tasks.length
    ? `Known tasks: ${graph.tasks.map((t) => `#${t.id}`).join(', ')}.`
    : 'There are no tasks yet; create one with TaskCreate.';
}

const unique = (items: string[]): string[] => [...new Set(items)];

/** One line per task, as TaskList shows them: `#2 [pending] Write tests (owner: tester) [blocked by #1]`. */
export function formatTaskLine(graph: TaskGraph, task: TaskRecord): string {
  const owner = task.owner ? ` (owner: ${task.owner})` : '';
  const open = openBlockers(graph, task);
  const blocked = open.length ? ` [blocked by ${open.map((b) => `#${b}`).join(', ')}]` : '';
  return `#${task.id} [${task.status}] ${task.subject}${owner}${blocked}`;
}
