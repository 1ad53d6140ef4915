import type { AgentEvent } from '../agent/events';

// A session reloaded mid-turn (mid-stream, mid-tool, with a permission dialog open) has a log
// that stops inside a turn. These events close that turn the way an abort would, so the
// transcript is valid and the user can continue it.

export const INTERRUPTED_BY_RELOAD =
  'Interrupted: the page was closed or reloaded before this call finished. Any changes it made to files are kept.';

/** The events that close an unfinished last turn; empty when the log ends cleanly. */
export function closeInterruptedTurn(events: readonly AgentEvent[]): AgentEvent[] {
  let start = -1;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'turn-ended') return [];
    if (e.type === 'turn-started') {
      start = i;
      break;
    }
  }
  if (start < 0) return [];
  const turnId = (events[start] as Extract<AgentEvent, { type: 'turn-started' }>).turnId;
  const out: AgentEvent[] = [];
  let openStep: number | null = null;
  const calls = new Map<string, string>(); // callId → tool name, until answered
  for (const e of events.slice(start)) {
    if (e.type === 'step-started') openStep = e.step;
    else if (e.type === 'assistant-message-ended') openStep = null;
    else if (e.type === 'tool-call') calls.set(e.callId, e.name);
    else if (e.type === 'tool-result') calls.delete(e.callId);
  }
  if (openStep !== null) out.push({ type: 'assistant-message-ended', turnId, step: openStep, stopReason: 'aborted' });
  for (const [callId, name] of calls) {
    out.push({
      type: 'tool-result',
      turnId,
      callId,
      name,
      isError: true,
      content: INTERRUPTED_BY_RELOAD,
      interrupted: true,
    });
  }
  out.push({ type: 'turn-ended', turnId, reason: 'aborted' });
  return out;
}
