import type { Agent } from '../../agent/agent';
import type { RewindOptions } from '../../agent/checkpoints';
import type { AgentEvent, TurnEndReason } from '../../agent/events';
import type { TurnContext } from '../../agent/extension-events';
import type { LiveSession } from '../../session/live-session';
import type { TurnChanges } from '../../session/turn-changes';

// What the chat and the workbench follow: the open session's log and its agent. A stored
// session (LiveSession) is one; when the browser refuses storage, an unsaved agent stands in.

export interface Conversation {
  readonly agent: Agent;
  /** The log so far; `subscribe` hears what is appended from now on. */
  readonly events: readonly AgentEvent[];
  subscribe(listener: (event: AgentEvent) => void): () => void;
  /** The log was cut (`conversation`) or the files put back by a rewind. */
  onRewind(listener: (what: RewindOptions) => void): () => void;
  /** `context`: text for the model sent with the message (attached MCP resources), shown folded. */
  send(text: string, options?: { context?: readonly TurnContext[] }): Promise<TurnEndReason>;
  /** What each turn changed, with the bytes for a diff; `turnId` narrows to one. Empty when nothing is stored. */
  turnChanges(turnId?: string): Promise<TurnChanges[]>;
  /** The stored session, when there is one. */
  readonly live: LiveSession | null;
}

export function liveConversation(live: LiveSession): Conversation {
  return {
    agent: live.agent,
    events: live.events,
    subscribe: (listener) => live.subscribe(listener),
    onRewind: (listener) => live.onRewind(listener),
    send: (text, options) => live.send(text, options),
    turnChanges: (turnId) => live.turnChanges(turnId),
    live,
  };
}

/** An agent whose events are kept in memory only (storage refused). */
export function unsavedConversation(agent: Agent): Conversation {
  const events: AgentEvent[] = [];
  agent.subscribe((event) => events.push(event));
  return {
    agent,
    events,
    subscribe: (listener) => agent.subscribe(listener),
    onRewind: () => () => undefined,
    send: (text, options) => agent.send(text, options),
    turnChanges: async () => [],
    live: null,
  };
}
