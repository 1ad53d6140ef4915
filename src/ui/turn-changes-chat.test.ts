import { describe, expect, test } from 'vitest';
import type { AgentEvent } from '../agent/events';
import { reduceChat } from './chat-state';
import { foldChat, insertTurnChanges } from './turn-changes-chat';

const turn = (turnId: string, text: string, answer: string): AgentEvent[] => [
  { type: 'turn-started', turnId, text, at: 1 },
  { type: 'text-delta', turnId, text: answer },
  { type: 'turn-ended', turnId, reason: 'done' },
];

describe('restored per-turn cards', () => {
  test('each card goes right after its own turn, as the live page showed it, and notes shown after stay last', () => {
    const events = [...turn('t1', 'first', 'one'), ...turn('t2', 'second', 'two'), ...turn('t3', 'third', 'three')];
    const { chat, turnEnds } = foldChat(events);
    const note = reduceChat(chat, { type: 'local-notice', tone: 'info', title: 'restored' }).items.at(-1)!;
    const items = [...chat.items, note];
    const out = insertTurnChanges(items, chat.items, turnEnds, [
      { turnId: 't1', files: [{ path: '/workspace/a.txt', change: 'added' }] },
      { turnId: 't3', files: [{ path: '/workspace/a.txt', change: 'modified' }] },
    ])!;
    const shape = out.map((i) =>
      i.kind === 'changes'
        ? `changes:${i.turnId}`
        : i.kind === 'text'
          ? i.text
          : i.kind === 'user'
            ? `> ${i.text}`
            : i.kind,
    );
    expect(shape).toEqual([
      '> first',
      'one',
      'changes:t1',
      '> second',
      'two',
      '> third',
      'three',
      'changes:t3',
      'notice',
    ]);
  });

  test('nothing is inserted twice, nor into a chat rebuilt meanwhile, nor for turns a /clear removed', () => {
    const events: AgentEvent[] = [
      ...turn('t1', 'first', 'one'),
      { type: 'transcript-cleared' },
      ...turn('t2', 'second', 'two'),
    ];
    const { chat, turnEnds } = foldChat(events);
    const cards = [
      { turnId: 't1', files: [{ path: '/w/a', change: 'added' as const }] },
      { turnId: 't2', files: [{ path: '/w/b', change: 'added' as const }] },
    ];
    const once = insertTurnChanges(chat.items, chat.items, turnEnds, cards)!;
    expect(once.filter((i) => i.kind === 'changes').map((i) => i.kind === 'changes' && i.turnId)).toEqual(['t2']);
    expect(insertTurnChanges(once, chat.items, turnEnds, cards)).toBeNull();
    const rebuilt = foldChat(events).chat.items;
    expect(insertTurnChanges(rebuilt, chat.items, turnEnds, cards)).toBeNull();
  });
});
