import { describe, expect, test } from 'vitest';
import { Agent } from '../../agent/agent';
import type { RewindOptions } from '../../agent/checkpoints';
import type { AgentEvent } from '../../agent/events';
import type { Provider } from '../../providers/types';
import { createLiteWorkspace } from '../../workspace/lite-workspace';
import type { Conversation } from '../sessions/conversation';
import { createChat } from './chat';

// The chat store without React and without timers: a test decides when a frame comes (flush).

const idle: Provider = {
  id: 'idle',
  model: 'claude-sonnet-4-5',
  async *stream() {
    // never asked in these tests
  },
};

/** A conversation whose log the test writes. */
function conversation(events: AgentEvent[] = []) {
  const listeners = new Set<(event: AgentEvent) => void>();
  const rewinds = new Set<(what: RewindOptions) => void>();
  const log = [...events];
  const value: Conversation = {
    agent: new Agent({ workspace: createLiteWorkspace(), provider: idle, tools: [] }),
    events: log,
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
    onRewind: (l) => (rewinds.add(l), () => rewinds.delete(l)),
    send: async () => 'done',
    turnChanges: async () => [],
    live: null,
  };
  return {
    value,
    append: (event: AgentEvent) => {
      log.push(event);
      listeners.forEach((l) => l(event));
    },
    rewindTo: (kept: number) => {
      log.splice(kept);
      rewinds.forEach((l) => l({ files: true, conversation: true }));
    },
    listeners,
  };
}

const turn = (turnId: string, text: string, answer: string, files?: string[]): AgentEvent[] => [
  { type: 'turn-started', turnId, text, at: 1 },
  { type: 'text-delta', turnId, text: answer },
  { type: 'turn-ended', turnId, reason: 'done' },
  ...(files
    ? [{ type: 'files-changed' as const, turnId, files: files.map((path) => ({ path, change: 'added' as const })) }]
    : []),
];

const kinds = (chat: ReturnType<typeof createChat>): string[] =>
  chat.store.get().chat.items.map((i) => (i.kind === 'changes' ? `changes:${i.turnId}` : i.kind));

describe('chat store', () => {
  test('events are folded once per frame: nothing shows until flush, then all of them at once', () => {
    const frames: Array<() => void> = [];
    const chat = createChat({ schedule: (flush) => frames.push(flush) });
    const c = conversation();
    chat.attach(c.value);
    let renders = 0;
    chat.store.subscribe(() => renders++);
    c.append({ type: 'turn-started', turnId: 't', text: 'hi', at: 1 });
    for (const piece of ['Hel', 'lo', ' there']) c.append({ type: 'text-delta', turnId: 't', text: piece });
    expect(frames).toHaveLength(1); // one frame asked for, however many deltas
    expect(chat.store.get().chat.items).toEqual([]);
    frames[0]();
    expect(renders).toBe(1);
    expect(chat.store.get().chat.items.map((i) => (i.kind === 'text' ? i.text : i.kind))).toEqual([
      'user',
      'Hello there',
    ]);
    expect(chat.store.get().chat.running).toBe(true);
  });

  test('attaching folds the stored log, "files changed" cards under their own turn, and keeps notes shown before', () => {
    const chat = createChat({ schedule: () => undefined });
    chat.notify('info', 'The last turn was cut off when the page closed.');
    const c = conversation([...turn('t1', 'first', 'one', ['/w/a']), ...turn('t2', 'second', 'two')]);
    chat.attach(c.value);
    expect(kinds(chat)).toEqual(['user', 'text', 'changes:t1', 'user', 'text', 'notice']);
    // Live, the card comes from the same event, after the turn's end.
    for (const event of turn('t3', 'third', 'three', ['/w/b'])) c.append(event);
    chat.flush();
    expect(kinds(chat).slice(-3)).toEqual(['user', 'text', 'changes:t3']);
  });

  test('a rewind of the conversation folds the cut log again; switching sessions empties the chat and stops listening', () => {
    const chat = createChat({ schedule: () => undefined });
    const c = conversation([...turn('t1', 'first', 'one'), ...turn('t2', 'second', 'two')]);
    chat.attach(c.value);
    c.rewindTo(3);
    expect(kinds(chat)).toEqual(['user', 'text']);
    chat.attach(null);
    expect(chat.store.get().chat.items).toEqual([]);
    expect(c.listeners.size).toBe(0);
    c.append({ type: 'turn-started', turnId: 'late', text: 'last words of the old session', at: 1 });
    chat.flush();
    expect(chat.store.get().chat.items).toEqual([]);
  });
});
