import type { CheckpointStorage } from '../../agent/checkpoints';
import { turnChangesFromLog, workspaceSide, type TurnChanges } from '../../session/turn-changes';
import type { AgentEvent } from '../../agent/events';
import type { FileChange, Workspace } from '../../workspace/types';
import type { LocalAction } from '../chat-state';

// The workbench's own state beside the chat: files changed this session, what each turn changed
// (from the checkpoint taken before it, so shell commands count like Edit), and the agent's Bash log.

export type { ChangeKind, TurnChanges, TurnFileChange } from '../../session/turn-changes';

export interface BashEntry {
  callId: string;
  command: string;
  output: string;
  done: boolean;
  isError: boolean;
}

export interface WorkbenchState {
  /** Files created or changed since the page opened the session (deleted ones drop out). */
  changed: ReadonlySet<string>;
  turns: TurnChanges[];
  bash: BashEntry[];
  /** Ask the panel to show the review of a turn (a nonce so the same turn can be asked twice). */
  review: { turnId: string; path?: string; nonce: number } | null;
}

export interface WorkbenchSource {
  workspace: Workspace;
  onEvent(listener: (event: AgentEvent | LocalAction) => void): () => void;
  checkpointStorage(): CheckpointStorage | null;
  post(action: LocalAction): void;
  /** The open session's past turns, derived from its checkpoints: null when a session is attached, the list once derived. */
  onSessionTurns?(listener: (turns: TurnChanges[] | null) => void): () => void;
}

const BASH_LOG_MAX = 200;

export class Workbench {
  private state: WorkbenchState = { changed: new Set(), turns: [], bash: [], review: null };
  private readonly listeners = new Set<() => void>();
  private readonly source: WorkbenchSource;
  /** Paths touched while each running turn ran (watch events: agent tools, shell, editor alike). */
  private readonly touched = new Map<string, { label: string; paths: Set<string> }>();

  constructor(source: WorkbenchSource) {
    this.source = source;
    source.workspace.watch((changes) => this.onChanges(changes));
    source.onEvent((event) => this.onEvent(event));
    source.onSessionTurns?.((turns) => {
      // Another session: its turns replace these. Turns that ended meanwhile stay after the derived ones.
      if (!turns) this.set({ turns: [] });
      else
        this.set({ turns: [...turns, ...this.state.turns.filter((t) => !turns.some((r) => r.turnId === t.turnId))] });
    });
  }

  get workspace(): Workspace {
    return this.source.workspace;
  }

  getState = (): WorkbenchState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<WorkbenchState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  openReview(turnId: string, path?: string): void {
    this.set({ review: { turnId, path, nonce: Date.now() } });
  }

  private onChanges(changes: FileChange[]): void {
    const changed = new Set(this.state.changed);
    for (const c of changes) {
      if (c.kind === 'dir') continue;
      const paths = c.type === 'renamed' ? [c.from, c.to] : [c.path];
      for (const turn of this.touched.values()) for (const p of paths) turn.paths.add(p);
      if (c.type === 'renamed') {
        changed.delete(c.from);
        changed.add(c.to);
      } else if (c.type === 'deleted') changed.delete(c.path);
      else changed.add(c.path);
    }
    this.set({ changed });
  }

  private onEvent(event: AgentEvent | LocalAction): void {
    switch (event.type) {
      case 'turn-started':
        this.touched.set(event.turnId, { label: event.text, paths: new Set() });
        break;
      case 'turn-ended':
        void this.finishTurn(event.turnId);
        break;
      case 'tool-call':
        if (event.name === 'Bash') {
          const command = String((event.input as { command?: unknown } | null)?.command ?? '');
          const bash = [
            ...this.state.bash,
            { callId: event.callId, command, output: '', done: false, isError: false },
          ].slice(-BASH_LOG_MAX);
          this.set({ bash });
        }
        break;
      case 'tool-progress':
        this.updateBash(event.callId, (e) => ({ ...e, output: e.output + event.chunk }));
        break;
      case 'tool-result':
        if (event.name === 'Bash')
          this.updateBash(event.callId, (e) => ({
            ...e,
            done: true,
            isError: event.isError,
            output: e.output || event.content,
          }));
        break;
    }
  }

  private updateBash(callId: string, update: (entry: BashEntry) => BashEntry): void {
    const index = this.state.bash.findIndex((e) => e.callId === callId);
    if (index < 0) return;
    const bash = this.state.bash.slice();
    bash[index] = update(bash[index]);
    this.set({ bash });
  }

  /** Compares the touched paths with the checkpoint taken before the turn. */
  private async finishTurn(turnId: string): Promise<void> {
    const turn = this.touched.get(turnId);
    this.touched.delete(turnId);
    const storage = this.source.checkpointStorage();
    if (!turn || !storage || turn.paths.size === 0) return;
    const [derived] = await turnChangesFromLog(
      [{ type: 'files-changed', turnId, files: [...turn.paths].map((path) => ({ path, change: 'modified' })) }],
      storage,
      workspaceSide(this.source.workspace),
    );
    const files =
      derived?.files
        .filter((f) => f.before !== f.after && (!f.before || !f.after || f.before.join() !== f.after.join()))
        .map((f) => ({
          ...f,
          change: !f.before ? ('added' as const) : !f.after ? ('deleted' as const) : ('modified' as const),
        })) ?? [];
    if (!files.length) return;
    this.set({ turns: [...this.state.turns, { turnId, label: turn.label, files, reverted: [] }] });
    this.source.post({
      type: 'local-turn-changes',
      turnId,
      files: files.map((f) => ({ path: f.path, change: f.change })),
    });
  }

  /** Puts files back as they were before the turn (added ones are removed). */
  async revert(turnId: string, paths?: string[]): Promise<void> {
    const turn = this.state.turns.find((t) => t.turnId === turnId);
    if (!turn) return;
    const ws = this.source.workspace;
    const targets = turn.files.filter((f) => !paths || paths.includes(f.path));
    for (const f of targets) {
      if (f.before) await ws.writeFile(f.path, f.before);
      else if (await ws.stat(f.path)) await ws.remove(f.path);
    }
    const reverted = [...new Set([...turn.reverted, ...targets.map((f) => f.path)])];
    this.set({ turns: this.state.turns.map((t) => (t.turnId === turnId ? { ...t, reverted } : t)) });
  }
}

const instances = new WeakMap<object, Workbench>();

/** One workbench per controller, made on first use. */
export function workbenchFor(key: object, make: () => WorkbenchSource): Workbench {
  let wb = instances.get(key);
  if (!wb) {
    wb = new Workbench(make());
    instances.set(key, wb);
  }
  return wb;
}
