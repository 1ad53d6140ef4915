import type { AgentEvent } from '../agent/events';
import type { TurnChanges } from '../session/turn-changes';
import type { FileChange, Workspace } from '../workspace/types';
import type { Conversation } from './sessions/conversation';
import { createStore, type ReadonlyStore } from './store';

// The workbench beside the chat: files changed since the session opened, what each turn changed
// (the session's `files-changed` events, with the bytes from its checkpoints, so the Review pane
// shows and reverts the same turns live and after a reload), and the agent's Bash log.

export type { ChangeKind, TurnChanges, TurnFileChange } from '../session/turn-changes';

export interface BashEntry {
  callId: string;
  command: string;
  output: string;
  done: boolean;
  isError: boolean;
}

export interface WorkbenchState {
  /** Files created or changed since the page opened (deleted ones drop out). */
  changed: ReadonlySet<string>;
  turns: TurnChanges[];
  bash: BashEntry[];
  /** Ask the panel to show the review of a turn (a nonce so the same turn can be asked twice). */
  review: { turnId: string; path?: string; nonce: number } | null;
}

export type WorkbenchApp = ReturnType<typeof createWorkbench>;

const BASH_LOG_MAX = 200;

export function createWorkbench(workspace: () => Workspace) {
  const store = createStore<WorkbenchState>({ changed: new Set(), turns: [], bash: [], review: null });
  let current: Conversation | null = null;
  let detach = (): void => undefined;
  let nonce = 0;
  /** Derivations in flight, so a test (or a caller) can wait for them. */
  let pending: Promise<unknown> = Promise.resolve();

  const track = (work: Promise<unknown>): void => {
    pending = Promise.all([pending, work.catch((error: unknown) => console.warn('[tidepool] workbench:', error))]);
  };

  // Writes come one event each (a 20,000-file clone is 20,000 events): they are folded into the
  // set once per task, not a copy of the whole set per file.
  let unsettled: FileChange[] = [];
  const settleChanges = (): void => {
    const changes = unsettled;
    unsettled = [];
    const changed = new Set(store.get().changed);
    for (const c of changes) {
      if (c.kind === 'dir') continue;
      if (c.type === 'renamed') {
        changed.delete(c.from);
        changed.add(c.to);
      } else if (c.type === 'deleted') changed.delete(c.path);
      else changed.add(c.path);
    }
    store.set({ changed });
  };
  const onChanges = (changes: FileChange[]): void => {
    if (!unsettled.length) queueMicrotask(settleChanges);
    for (const c of changes) unsettled.push(c);
  };
  workspace().watch(onChanges);

  const updateBash = (callId: string, update: (entry: BashEntry) => BashEntry): void => {
    const bash = store.get().bash;
    const index = bash.findIndex((e) => e.callId === callId);
    if (index < 0) return;
    const next = bash.slice();
    next[index] = update(next[index]);
    store.set({ bash: next });
  };

  /** All of the conversation's turns, derived again (a session opened, files rewound). */
  const deriveAll = (conversation: Conversation): void => {
    track(
      conversation.turnChanges().then((derived) => {
        if (current !== conversation) return;
        // Turns that ended while this was derived stay after the derived ones.
        const later = store.get().turns.filter((t) => !derived.some((d) => d.turnId === t.turnId));
        store.set({ turns: [...derived, ...later] });
      }),
    );
  };

  const onEvent = (conversation: Conversation, event: AgentEvent): void => {
    switch (event.type) {
      case 'files-changed':
        track(
          conversation.turnChanges(event.turnId).then(([turn]) => {
            if (current !== conversation || !turn || store.get().turns.some((t) => t.turnId === turn.turnId)) return;
            store.set({ turns: [...store.get().turns, turn] });
          }),
        );
        break;
      case 'tool-call':
        if (event.name === 'Bash') {
          const command = String((event.input as { command?: unknown } | null)?.command ?? '');
          const entry = { callId: event.callId, command, output: '', done: false, isError: false };
          store.set({ bash: [...store.get().bash, entry].slice(-BASH_LOG_MAX) });
        }
        break;
      case 'tool-progress':
        updateBash(event.callId, (e) => ({ ...e, output: e.output + event.chunk }));
        break;
      case 'tool-result':
        if (event.name === 'Bash')
          updateBash(event.callId, (e) => ({
            ...e,
            done: true,
            isError: event.isError,
            output: e.output || event.content,
          }));
        break;
    }
  };

  return {
    store: store as ReadonlyStore<WorkbenchState>,

    /** Follows `conversation`: its turns replace the previous session's (which must not be reverted here). */
    attach(conversation: Conversation | null): void {
      if (conversation === current) return;
      detach();
      current = conversation;
      store.set({ turns: [] });
      if (!conversation) {
        detach = () => undefined;
        return;
      }
      const offEvents = conversation.subscribe((event) => onEvent(conversation, event));
      const offRewind = conversation.onRewind(() => deriveAll(conversation));
      detach = () => {
        offEvents();
        offRewind();
      };
      deriveAll(conversation);
    },

    /** Resolves once the turns being derived are in the state. */
    async settled(): Promise<void> {
      let seen: Promise<unknown>;
      do {
        seen = pending;
        await seen;
      } while (seen !== pending);
    },

    openReview(turnId: string, path?: string): void {
      store.set({ review: { turnId, path, nonce: ++nonce } });
    },

    /** Puts files back as they were before the turn (added ones are removed). */
    async revert(turnId: string, paths?: string[]): Promise<void> {
      const turn = store.get().turns.find((t) => t.turnId === turnId);
      if (!turn) return;
      const ws = workspace();
      const targets = turn.files.filter((f) => !paths || paths.includes(f.path));
      for (const f of targets) {
        if (f.before) await ws.writeFile(f.path, f.before);
        else if (await ws.stat(f.path)) await ws.remove(f.path);
      }
      const reverted = [...new Set([...turn.reverted, ...targets.map((f) => f.path)])];
      store.set({ turns: store.get().turns.map((t) => (t.turnId === turnId ? { ...t, reverted } : t)) });
    },
  };
}
