import { describe, expect, test } from 'vitest';
import { Checkpointer, memoryCheckpointStorage } from '../../agent/checkpoints';
import type { AgentEvent } from '../../agent/events';
import type { TurnChanges } from '../../session/turn-changes';
import { createLiteWorkspace } from '../../workspace/lite-workspace';
import type { LocalAction } from '../chat-state';
import { Workbench } from './workbench';

// The workbench's per-turn review against a real lite workspace and real checkpoints.

function setup(files: Record<string, string>) {
  const workspace = createLiteWorkspace({ files });
  const storage = memoryCheckpointStorage();
  const checkpointer = new Checkpointer(workspace, storage);
  const eventListeners = new Set<(event: AgentEvent | LocalAction) => void>();
  const turnListeners = new Set<(turns: TurnChanges[] | null) => void>();
  const posted: LocalAction[] = [];
  const workbench = new Workbench({
    workspace,
    onEvent: (listener) => (eventListeners.add(listener), () => eventListeners.delete(listener)),
    checkpointStorage: () => storage,
    post: (action) => posted.push(action),
    onSessionTurns: (listener) => (turnListeners.add(listener), () => turnListeners.delete(listener)),
  });
  const emit = (event: AgentEvent) => eventListeners.forEach((l) => l(event));
  const sessionTurns = (turns: TurnChanges[] | null) => turnListeners.forEach((l) => l(turns));
  /** A turn as the agent runs it: checkpoint first, then `work`, then the end (the card is computed after). */
  const turn = async (turnId: string, text: string, work: () => Promise<void>) => {
    emit({ type: 'turn-started', turnId, text, at: Date.now() });
    await checkpointer.snapshot(turnId, text);
    await work();
    emit({ type: 'turn-ended', turnId, reason: 'done' });
    await new Promise((r) => setTimeout(r, 20));
  };
  return { workspace, workbench, posted, turn, sessionTurns };
}

describe('workbench per-turn review', () => {
  test('a turn that commits lists only the work tree, and reverting it leaves .git alone', async () => {
    const { workspace, workbench, posted, turn } = setup({ 'app.js': 'v1\n', '.git/HEAD': 'ref: refs/heads/main\n' });
    await turn('t1', 'change and commit', async () => {
      await workspace.writeFile('app.js', 'v2\n');
      await workspace.writeFile('.git/objects/ab/cdef', 'commit object');
      await workspace.writeFile('.git/refs/heads/main', 'abcdef\n');
    });
    expect(posted).toEqual([
      { type: 'local-turn-changes', turnId: 't1', files: [{ path: '/workspace/app.js', change: 'modified' }] },
    ]);
    await workbench.revert('t1');
    expect(await workspace.readText('app.js')).toBe('v1\n');
    expect(await workspace.readText('.git/objects/ab/cdef')).toBe('commit object');
    expect(await workspace.readText('.git/refs/heads/main')).toBe('abcdef\n');
  });

  test('another session’s turns replace these; derived turns come first and a turn that ended meanwhile stays', async () => {
    const { workspace, workbench, turn, sessionTurns } = setup({ 'a.txt': 'a\n' });
    await turn('old', 'old session turn', () => workspace.writeFile('a.txt', 'changed\n'));
    expect(workbench.getState().turns.map((t) => t.turnId)).toEqual(['old']);

    sessionTurns(null); // a session is attached: the old one's turns must not be reviewed or reverted here
    expect(workbench.getState().turns).toEqual([]);
    await turn('live', 'sent right after the reload', () => workspace.writeFile('b.txt', 'b\n'));
    const derived: TurnChanges = {
      turnId: 'past',
      label: 'before the reload',
      files: [
        { path: '/workspace/a.txt', change: 'added', before: null, after: new TextEncoder().encode('changed\n') },
      ],
      reverted: [],
    };
    sessionTurns([derived]);
    expect(workbench.getState().turns.map((t) => t.turnId)).toEqual(['past', 'live']);
  });
});
