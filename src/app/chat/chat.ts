import type { Agent } from '../../agent/agent';
import type { AgentEvent, PermissionAnswer } from '../../agent/events';
import { costOf } from '../../providers/catalog';
import { emptyUsage, type Usage } from '../../providers/types';
import type { Notify } from '../notify';
import type { Conversation } from '../sessions/conversation';
import { createStore, type ReadonlyStore } from '../store';
import { emptyChat, foldChat, reduceChat, type ChatState, type LocalAction } from './chat-fold';

// The chat: the open conversation's log folded into what the page shows, plus the page's own
// notes. Events arrive in bursts (text deltas); they are queued and folded once per frame, so
// React renders once per frame however fast the model streams. `flush` folds the queue now.

export interface UsageView {
  usage: Usage;
  usageByModel: Record<string, Usage>;
  /** The agent's estimate of the next request's size. */
  lastInputTokens: number;
  /** Dollars for the session so far; null when no model's price is known. */
  costUsd: number | null;
  /** The window the agent compacts for; null before an agent exists. */
  contextWindow: number | null;
}

export interface ChatStoreState {
  chat: ChatState;
  usage: UsageView;
}

export interface ChatDeps {
  /** How a flush is put off (default: the next frame, or 50 ms in a hidden tab). */
  schedule?: (flush: () => void) => void;
}

export type ChatApp = ReturnType<typeof createChat>;

function emptyUsageView(): UsageView {
  return { usage: emptyUsage(), usageByModel: {}, lastInputTokens: 0, costUsd: null, contextWindow: null };
}

function costOfAll(byModel: Record<string, Usage>): number | null {
  let total = 0;
  let known = false;
  for (const [model, usage] of Object.entries(byModel)) {
    const cost = costOf(model, usage);
    if (cost !== undefined) {
      total += cost;
      known = true;
    }
  }
  return known ? total : null;
}

function usageOf(agent: Agent): UsageView {
  const context = agent.contextUsage();
  return {
    usage: { ...agent.totalUsage },
    usageByModel: { ...agent.usageByModel },
    lastInputTokens: context.estimatedTokens,
    costUsd: costOfAll(agent.usageByModel),
    contextWindow: context.contextWindow,
  };
}

const perFrame = (flush: () => void): void => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
  setTimeout(flush, 50); // a hidden tab gets no frames
};

export function createChat(deps: ChatDeps = {}) {
  const store = createStore<ChatStoreState>({ chat: emptyChat(), usage: emptyUsageView() });
  const schedule = deps.schedule ?? perFrame;
  let queue: Array<AgentEvent | LocalAction> = [];
  let scheduled = false;
  let current: Conversation | null = null;
  let detach = (): void => undefined;

  const flush = (): void => {
    scheduled = false;
    const events = queue;
    queue = [];
    let chat = store.get().chat;
    for (const event of events) chat = reduceChat(chat, event);
    store.set({ chat, ...(current ? { usage: usageOf(current.agent) } : {}) });
  };

  const enqueue = (event: AgentEvent | LocalAction): void => {
    queue.push(event);
    if (scheduled) return;
    scheduled = true;
    schedule(() => {
      if (scheduled) flush();
    });
  };

  const notify: Notify = (tone, title, extra = {}) => enqueue({ type: 'local-notice', tone, title, ...extra });

  return {
    store: store as ReadonlyStore<ChatStoreState>,
    flush,
    notify,

    /** Adds a page-made item (a note, a slash command the user ran). */
    post(action: LocalAction): void {
      enqueue(action);
    },

    /**
     * Follows `conversation` from now on: the chat is its log folded, with notes shown meanwhile kept
     * after it. Null empties the chat (a session is being switched).
     */
    attach(conversation: Conversation | null): void {
      if (conversation === current) return;
      detach();
      detach = () => undefined;
      if (!conversation) {
        current = null;
        queue = [];
        scheduled = false;
        store.set({ chat: emptyChat(), usage: emptyUsageView() });
        return;
      }
      flush(); // notes posted before the session opened ("interrupted", "open in another tab") stay
      current = conversation;
      const shown = store.get().chat.items;
      const chat = foldChat(conversation.events);
      store.set({
        chat: { ...chat, items: [...chat.items, ...shown], running: false, permissions: [] },
        usage: usageOf(conversation.agent),
      });
      const offEvents = conversation.subscribe(enqueue);
      const offRewind = conversation.onRewind((what) => {
        if (!what.conversation) return;
        queue = [];
        store.set({ chat: foldChat(conversation.events), usage: usageOf(conversation.agent) });
      });
      detach = () => {
        offEvents();
        offRewind();
      };
    },

    /** Recomputes the usage figures (the model, and so the context window, changed). */
    refreshUsage(): void {
      if (current) store.set({ usage: usageOf(current.agent) });
    },

    stop(): void {
      current?.agent.abort();
    },

    /** Continue after a turn that ended at the request limit: the agent goes on with no new user text. */
    async continueTurn(): Promise<void> {
      const agent = current?.agent;
      if (!agent || agent.running || !store.get().chat.canContinue) return;
      try {
        await agent.continue();
      } catch (error) {
        notify('error', 'Could not continue.', { hint: error instanceof Error ? error.message : String(error) });
      }
    },

    answerPermission(callId: string, answer: PermissionAnswer): void {
      current?.agent.answerPermission(callId, answer);
    },
  };
}
