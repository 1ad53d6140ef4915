// Small pure helpers of the agent loop, kept apart so agent.ts holds the loop itself.
import type { ProviderError } from '../providers/types';
import type { Tool } from '../tools/types';
import { findTool } from '../tools/find-tool';
import type { AgentEvent, RuleLists } from './events';
import type { PendingCall } from './tool-execution';

export function cloneRules(rules: RuleLists): RuleLists {
  return { allow: [...rules.allow], ask: [...rules.ask], deny: [...rules.deny] };
}

export function safeSummary(tool: Tool, input: unknown): string {
  try {
    return tool.summary(input);
  } catch {
    return tool.name;
  }
}

export function unexpectedProviderError(error: unknown): ProviderError {
  return {
    kind: 'stream-dropped',
    message: `The response stream failed: ${error instanceof Error ? error.message : String(error)}`,
    hint: 'What arrived so far is kept. Send the message again to continue.',
    retryable: true,
  };
}

/** A bug in the harness itself, reported as an error event so the transcript stays valid. */
export function internalError(error: unknown): ProviderError {
  return {
    kind: 'bad-request',
    message: `Internal error: ${String(error)}`,
    hint: 'This is a Tidepool bug; the conversation is intact, try again.',
    retryable: false,
  };
}

export const OUTPUT_LIMIT_ERROR: ProviderError = {
  kind: 'bad-request',
  message: 'The model hit its output token limit mid-answer.',
  hint: 'Ask it to continue, or to work in smaller steps.',
  retryable: false,
};

/**
 * The calls of one step in the groups they run in: neighbouring reads (and subagents, which run side
 * by side like reads) together, everything else alone and in order.
 */
export function concurrentBatches(calls: readonly PendingCall[], tools: readonly Tool[]): PendingCall[][] {
  const parallel = (call: PendingCall): boolean => {
    const kind = findTool(call.name, tools)?.kind;
    return (kind === 'read' || kind === 'agent') && !call.parseError;
  };
  const batches: PendingCall[][] = [];
  for (const call of calls) {
    const last = batches.at(-1);
    if (last && parallel(call) && parallel(last[0])) last.push(call);
    else batches.push([call]);
  }
  return batches;
}

/** A finished tool call from the stream, as the loop keeps it until it runs. */
export function pendingCall(
  event: { name: string; input: unknown; rawArgs: string; parseError?: string },
  callId: string,
): PendingCall {
  return { callId, name: event.name, input: event.input, rawArgs: event.rawArgs, parseError: event.parseError };
}

/** The call's one-line summary for the transcript: the tool's own when its input is valid, else its name. */
export function callSummary(call: PendingCall, tools: readonly Tool[]): string {
  const tool = findTool(call.name, tools);
  const parsed = call.parseError ? undefined : tool?.input.safeParse(call.input);
  return tool && parsed?.success ? safeSummary(tool, parsed.data) : call.name;
}

/** A turn's first event; `continued` marks one that goes on after the request limit, with no new user text. */
export function turnStarted(turnId: string, text: string, continued: boolean): AgentEvent {
  return { type: 'turn-started', turnId, text, at: Date.now(), ...(continued ? { continued: true as const } : {}) };
}
