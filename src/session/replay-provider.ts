import type { Agent } from '../agent/agent';
import { isCompactionRequest } from '../agent/compaction';
import type { AgentEvent, TurnEndReason } from '../agent/events';
import type { Provider, ProviderError, ProviderEvent, ProviderRequest, StopReason, Usage } from '../providers/types';
import type { SessionData } from '../store/session-store';
import type { LessonNote } from './export-format';
import { parseSessionExport } from './import';

// Replay: the recorded model outputs of a session play the model while the real Agent runs the
// tools live, against a fresh workspace and through the same permission flow. The way in without
// a key, and a way to teach. At any point the UI can `agent.setProvider(real)` to take over.

type Chunk =
  | { kind: 'text'; text: string }
  | { kind: 'call-start'; index: number; id: string; name: string }
  | { kind: 'call-delta'; index: number; argsDelta: string }
  | { kind: 'call-end'; index: number; id: string; name: string; input: unknown; rawArgs: string };

/** One recorded model response. */
export interface RecordedStep {
  turnId: string;
  step: number;
  chunks: Chunk[];
  usage?: Usage;
  stopReason: StopReason;
  /** The response failed (e.g. context-too-long); replay fails it the same way. */
  error?: ProviderError;
  aborted?: boolean;
}

const VERBATIM_TAIL = "\n\nThe user's current request, verbatim:\n";

/** The model responses of a log, in order (compaction summaries are not steps: see recordedSummaries). */
export function recordedSteps(events: readonly AgentEvent[]): RecordedStep[] {
  const steps: RecordedStep[] = [];
  let current: RecordedStep | null = null;
  const indexOf = new Map<string, number>();
  const args = new Map<string, string>();
  for (const e of events) {
    switch (e.type) {
      case 'step-started':
        current = { turnId: e.turnId, step: e.step, chunks: [], stopReason: 'end_turn' };
        indexOf.clear();
        args.clear();
        break;
      case 'text-delta':
        current?.chunks.push({ kind: 'text', text: e.text });
        break;
      case 'tool-call-started':
        if (!current) break;
        indexOf.set(e.callId, indexOf.size);
        current.chunks.push({ kind: 'call-start', index: indexOf.get(e.callId)!, id: e.callId, name: e.name });
        break;
      case 'tool-call-delta':
        if (!current || !indexOf.has(e.callId)) break;
        args.set(e.callId, (args.get(e.callId) ?? '') + e.argsDelta);
        current.chunks.push({ kind: 'call-delta', index: indexOf.get(e.callId)!, argsDelta: e.argsDelta });
        break;
      case 'tool-call': {
        if (!current) break;
        if (!indexOf.has(e.callId)) {
          indexOf.set(e.callId, indexOf.size);
          current.chunks.push({ kind: 'call-start', index: indexOf.get(e.callId)!, id: e.callId, name: e.name });
        }
        const rawArgs = args.get(e.callId) || JSON.stringify(e.input ?? {});
        current.chunks.push({
          kind: 'call-end',
          index: indexOf.get(e.callId)!,
          id: e.callId,
          name: e.name,
          input: e.input,
          rawArgs,
        });
        break;
      }
      case 'usage':
        if (current) current.usage = e.usage;
        break;
      case 'error':
        if (current) current.error = e.error;
        break;
      case 'assistant-message-ended':
        if (!current) break;
        if (e.stopReason === 'aborted') current.aborted = true;
        else if (e.stopReason !== 'error') current.stopReason = e.stopReason;
        if (e.stopReason !== 'error')
          current.error = undefined; // an error after a complete answer was the harness's, not the model's
        // The one failure the agent does not report as an event: it compacts and retries instead.
        else
          current.error ??= {
            kind: 'context-too-long',
            message: 'The request was too long for the model (recorded).',
            hint: 'Compacting and retrying.',
            retryable: false,
          };
        steps.push(current);
        current = null;
        break;
      default:
        break;
    }
  }
  return steps;
}

/** The user messages of a log, in order: what the replay sends. */
export function recordedTurns(events: readonly AgentEvent[]): { turnId: string; text: string }[] {
  return events.flatMap((e) => (e.type === 'turn-started' ? [{ turnId: e.turnId, text: e.text }] : []));
}

/** The summaries the model wrote when the session was compacted, in order. */
export function recordedSummaries(events: readonly AgentEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'compacted' ? [e.summary.split(VERBATIM_TAIL)[0]] : []));
}

export interface ReplayOptions {
  /** `auto` answers each request at once; `step` waits for `next()` before each model response. */
  mode?: 'auto' | 'step';
  /** Streamed text speed; Infinity (the default) streams each recorded chunk without waiting. */
  charsPerSecond?: number;
  /** Reported model id; default: the one recorded. */
  model?: string;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

const abortedError: ProviderError = {
  kind: 'aborted',
  message: 'Replay stopped.',
  hint: 'Send a message to continue.',
  retryable: false,
};

export class ReplayProvider implements Provider {
  readonly id = 'replay';
  readonly model: string;
  private readonly steps: RecordedStep[];
  private readonly summaries: string[];
  private position = 0;
  private summaryPosition = 0;
  private mode: 'auto' | 'step';
  private charsPerSecond: number;
  private release: (() => void) | null = null;
  /** runTo: play without waiting until this many responses have played, then wait (step mode). */
  private stopAt: number | null = null;
  private speedAfterRun: number | null = null;
  private readonly waitingListeners = new Set<(step: RecordedStep | null) => void>();

  constructor(events: readonly AgentEvent[], options: ReplayOptions = {}) {
    this.steps = recordedSteps(events);
    this.summaries = recordedSummaries(events);
    this.mode = options.mode ?? 'auto';
    this.charsPerSecond = options.charsPerSecond ?? Infinity;
    const recordedModel = [...events]
      .reverse()
      .find((e): e is Extract<AgentEvent, { type: 'usage' }> => e.type === 'usage')?.model;
    this.model = options.model ?? recordedModel ?? 'replay';
  }

  /** Model responses played (or playing). */
  get played(): number {
    return this.position;
  }

  /** Model responses not played yet. */
  get remaining(): number {
    return this.steps.length - this.position;
  }

  /** The response `next()` would release (step mode), or the next one to play. */
  get upcoming(): RecordedStep | null {
    return this.steps[this.position] ?? null;
  }

  setMode(mode: 'auto' | 'step'): void {
    this.endRun();
    this.mode = mode;
    if (mode === 'auto') this.next();
  }

  /**
   * Plays on (at once when `instant`) until `count` responses have played, then waits in step
   * mode. The lesson player's jump forward along its timeline.
   */
  runTo(count: number, options: { instant?: boolean } = {}): void {
    this.endRun();
    this.mode = 'step';
    this.stopAt = count;
    if (options.instant) {
      this.speedAfterRun = this.charsPerSecond;
      this.charsPerSecond = Infinity;
    }
    if (this.position < count) this.next();
  }

  private endRun(): void {
    this.stopAt = null;
    if (this.speedAfterRun !== null) this.charsPerSecond = this.speedAfterRun;
    this.speedAfterRun = null;
  }

  /** Whether the next response waits for `next()`; a finished runTo turns back into step mode. */
  private shouldWait(): boolean {
    if (this.stopAt !== null && this.position < this.stopAt) return false;
    this.endRun();
    return this.mode === 'step';
  }

  setSpeed(charsPerSecond: number): void {
    const speed = charsPerSecond > 0 ? charsPerSecond : Infinity;
    if (this.speedAfterRun !== null) this.speedAfterRun = speed;
    else this.charsPerSecond = speed;
  }

  /** Step mode: plays the response that is waiting. */
  next(): void {
    const release = this.release;
    this.release = null;
    release?.();
  }

  /** Called with the step about to play when step mode waits for `next()` (null when it stops waiting). */
  onWaiting(listener: (step: RecordedStep | null) => void): () => void {
    this.waitingListeners.add(listener);
    return () => this.waitingListeners.delete(listener);
  }

  async *stream(request: ProviderRequest, signal?: AbortSignal): AsyncIterable<ProviderEvent> {
    if (isCompactionRequest(request)) {
      const summary =
        this.summaries[this.summaryPosition++] ??
        'The earlier part of this replayed session was compacted; no summary was recorded for this point.';
      yield* this.streamText(summary, signal);
      yield { type: 'stop', reason: 'end_turn' };
      return;
    }
    const step = this.steps[this.position];
    if (!step) {
      yield {
        type: 'error',
        error: {
          kind: 'bad-request',
          message: 'The recording has no more model output.',
          hint: 'The replay is over. Take over with your own provider in Settings to continue this session.',
          retryable: false,
        },
      };
      return;
    }
    if (this.shouldWait()) {
      await new Promise<void>((resolve) => {
        this.release = resolve;
        signal?.addEventListener('abort', () => resolve(), { once: true });
        for (const listener of this.waitingListeners) listener(step);
      });
      for (const listener of this.waitingListeners) listener(null);
    }
    if (signal?.aborted) {
      yield { type: 'error', error: abortedError };
      return;
    }
    this.position++;
    for (const chunk of step.chunks) {
      if (signal?.aborted) {
        yield { type: 'error', error: abortedError };
        return;
      }
      if (chunk.kind === 'text') yield* this.streamText(chunk.text, signal);
      else if (chunk.kind === 'call-start')
        yield { type: 'tool-call-start', index: chunk.index, id: chunk.id, name: chunk.name };
      else if (chunk.kind === 'call-delta')
        yield { type: 'tool-call-delta', index: chunk.index, argsDelta: chunk.argsDelta };
      else {
        let parseError: string | undefined;
        try {
          JSON.parse(chunk.rawArgs);
        } catch (error) {
          parseError = error instanceof Error ? error.message : String(error);
        }
        yield {
          type: 'tool-call-end',
          index: chunk.index,
          id: chunk.id,
          name: chunk.name,
          input: chunk.input,
          rawArgs: chunk.rawArgs,
          ...(parseError ? { parseError } : {}),
        };
      }
    }
    if (step.usage) yield { type: 'usage', usage: step.usage };
    if (step.aborted) yield { type: 'error', error: abortedError };
    else if (step.error) yield { type: 'error', error: step.error };
    else yield { type: 'stop', reason: step.stopReason };
  }

  private async *streamText(text: string, signal?: AbortSignal): AsyncIterable<ProviderEvent> {
    if (!Number.isFinite(this.charsPerSecond)) {
      yield { type: 'text-delta', text };
      return;
    }
    const size = 6;
    for (let i = 0; i < text.length; i += size) {
      if (signal?.aborted) return;
      yield { type: 'text-delta', text: text.slice(i, i + size) };
      await sleep((size / this.charsPerSecond) * 1000, signal);
    }
  }
}

export interface ReplayScript {
  title: string;
  events: AgentEvent[];
  /** Files before the first message (from its checkpoint; empty when none was exported). */
  initialFiles: Record<string, Uint8Array>;
  /** Files as the recording ended, to compare against. */
  finalFiles: Record<string, Uint8Array>;
  root: string;
  /** A lesson's teacher notes (none in a plain export). */
  notes: LessonNote[];
}

/** Reads an export (a sample in public/samples, or a user's file) for replay. Validated like an import. */
export async function loadReplay(
  json: string,
): Promise<{ ok: true; replay: ReplayScript } | { ok: false; error: string }> {
  const parsed = await parseSessionExport(json);
  if (!parsed.ok) return parsed;
  return { ok: true, replay: toReplay(parsed.data, parsed.notes) };
}

function toReplay(data: SessionData, notes: LessonNote[]): ReplayScript {
  const first = recordedTurns(data.events)[0];
  const checkpoint = data.checkpoints?.find((c) => c.turnId === first?.turnId);
  const blobs = new Map((data.blobs ?? []).map((b) => [b.hash, b.data]));
  const initialFiles: Record<string, Uint8Array> = {};
  for (const [path, hash] of checkpoint?.files ?? []) {
    const bytes = blobs.get(hash);
    if (bytes) initialFiles[path] = bytes;
  }
  return {
    title: data.meta.title,
    events: data.events,
    initialFiles,
    finalFiles: Object.fromEntries(data.files.map((f) => [f.path, f.data])),
    root: data.meta.root,
    notes,
  };
}

/**
 * Sends the recorded user messages one after another. The agent must use a ReplayProvider made
 * from the same events; stops early when a turn ends differently than recorded, or `signal` aborts.
 */
export async function replayTurns(
  agent: Agent,
  events: readonly AgentEvent[],
  options: { signal?: AbortSignal; onTurn?: (index: number, text: string) => void } = {},
): Promise<TurnEndReason[]> {
  const recorded = new Map(events.flatMap((e) => (e.type === 'turn-ended' ? [[e.turnId, e.reason] as const] : [])));
  const reasons: TurnEndReason[] = [];
  for (const [index, turn] of recordedTurns(events).entries()) {
    if (options.signal?.aborted) break;
    options.onTurn?.(index, turn.text);
    const reason = await agent.send(turn.text);
    reasons.push(reason);
    // A turn that ends otherwise than it did when recorded means the replay has diverged.
    if (reason !== (recorded.get(turn.turnId) ?? 'done')) break;
  }
  return reasons;
}
