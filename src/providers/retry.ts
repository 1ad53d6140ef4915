// Our own retry loop around one streamed request, so every retry is visible as a `retry` event
// (the SDKs' own retries are switched off with maxRetries: 0).
import { classifyError, isAbortError, makeError, type ClassifiedError, type ErrorContext } from './errors';
import type { ProviderEvent } from './types';

export interface RetryPolicy {
  /** Retries after the first attempt; default 4. */
  maxRetries: number;
  /** First backoff step; doubles each retry. Default 500 ms. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A server asking for a longer wait than this is not retried: the error is shown instead. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
};

/** Exponential backoff with equal jitter: between half and all of base·2^(attempt-1), capped. */
export function backoffDelay(
  attempt: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const isContent = (event: ProviderEvent): boolean =>
  event.type === 'text-delta' ||
  event.type === 'tool-call-start' ||
  event.type === 'tool-call-delta' ||
  event.type === 'tool-call-end';

/**
 * Runs `attempt` until it completes, retrying retryable failures that happen before any content was
 * streamed. After content, a failure ends the stream with `stream-dropped` and everything received stays.
 * Never throws: every failure arrives as one final `error` event.
 */
export async function* streamWithRetry(
  attempt: (signal: AbortSignal | undefined) => AsyncIterable<ProviderEvent>,
  ctx: ErrorContext,
  policy: RetryPolicy,
  signal?: AbortSignal,
  classify: (err: unknown) => ClassifiedError = (err) => classifyError(err, ctx, signal),
): AsyncGenerator<ProviderEvent, void, undefined> {
  const aborted = (): ProviderEvent => ({
    type: 'error',
    error: makeError('aborted', 'The request was stopped.', ctx),
  });
  for (let tryNo = 0; ; tryNo++) {
    if (signal?.aborted) {
      yield aborted();
      return;
    }
    let streamed = false;
    try {
      for await (const event of attempt(signal)) {
        if (isContent(event)) streamed = true;
        yield event;
      }
      if (signal?.aborted) yield aborted(); // an SDK stream ends quietly when its fetch is aborted
      return;
    } catch (err) {
      if (isAbortError(err, signal)) {
        yield aborted();
        return;
      }
      const { error, retryAfterMs } = classify(err);
      if (streamed) {
        yield {
          type: 'error',
          error: error.retryable
            ? {
                ...makeError('stream-dropped', `The answer was cut off. ${error.message}`, ctx),
                ...(error.status ? { status: error.status } : {}),
              }
            : error,
        };
        return;
      }
      const tooLong = retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs;
      if (!error.retryable || tryNo >= policy.maxRetries || tooLong) {
        yield { type: 'error', error };
        return;
      }
      const delayMs = retryAfterMs ?? backoffDelay(tryNo + 1, policy);
      yield { type: 'retry', attempt: tryNo + 1, delayMs, error };
      if (!(await abortableSleep(delayMs, signal))) {
        yield aborted();
        return;
      }
    }
  }
}
