// Small pure helpers of the agent loop, kept apart so agent.ts holds the loop itself.
import type { ProviderError } from '../providers/types';
import type { Tool } from '../tools/types';
import type { RuleLists } from './events';

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
