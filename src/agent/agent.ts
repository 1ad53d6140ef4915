import type { Message, Provider, ProviderError, StopReason, ToolSpec, Usage } from '../providers/types';
import type { TaskGraph } from '../tools/task-graph/graph';
import type { Tool, TodoItem, FileReadRecord } from '../tools/types';
import { findTool } from '../tools/find-tool';
import type { Workspace } from '../workspace/types';
import type {
  AgentEvent,
  CompactionTrigger,
  PermissionAnswer,
  PermissionMode,
  RuleLists,
  TurnEndReason,
} from './events';
import { decideInWorkspace, readDeniedPredicate } from './permissions';
import { applyEvent, emptyTranscript, type TranscriptState } from './transcript';
import { runToolCall, type PendingCall } from './tool-execution';
import { buildRequestContext } from './request-context';
import { newId } from './ids';
import type { AgentHooks } from './agent-hooks';
import type { TurnContext } from './extension-events';
import { DEFAULT_MAX_STEPS, type ActiveTurn, type AgentOptions, type CheckpointHook } from './agent-options';
import {
  callSummary,
  cloneRules,
  concurrentBatches,
  internalError,
  OUTPUT_LIMIT_ERROR,
  pendingCall,
  turnStarted,
  unexpectedProviderError,
} from './agent-helpers';
import { BackgroundTasks } from '../tools/background/tasks';
import type { ToolServices } from '../tools/services';
import { activeTools, composeServices, reportBackgroundEnds, type SessionServiceOptions } from './tool-services';
import {
  compactConversation,
  contextBudget,
  DEFAULT_TOKENS_PER_CHAR,
  estimateTokens,
  messageChars,
  prepareMessages,
  type CompactionOutcome,
  type ContextBudget,
} from './compaction';

export { DEFAULT_MAX_STEPS, type AgentOptions, type CheckpointHook } from './agent-options';

/**
 * The harness loop: user message → model → tool calls → results → model, until the model
 * stops, the step limit is hit, or the user aborts. All state changes go through `emit`,
 * which folds each event into the transcript, so the event log alone rebuilds a session.
 */
export class Agent {
  readonly workspace: Workspace;
  private provider: Provider;
  private tools: readonly Tool[];
  private maxSteps: number;
  private readonly state: TranscriptState;
  private readonly listeners = new Set<(event: AgentEvent) => void>();
  private readonly readFiles = new Map<string, FileReadRecord>();
  private turn: ActiveTurn | null = null;
  private readonly contextWindow: number | undefined;
  private readonly checkpoints: CheckpointHook | undefined;
  private readonly autoCompact: boolean;
  private readonly hooks: AgentHooks | undefined;
  private serviceOptions: SessionServiceOptions;
  /** Background commands of this session: the UI lists and stops them here. */
  readonly background: BackgroundTasks;
  /** Context accounting: chars of the system prompt + tool specs, and tokens per char as the provider reports them. */
  private fixedChars = 0;
  private tokensPerChar = DEFAULT_TOKENS_PER_CHAR;
  /** Estimated request size right after the last compaction (0 before any). */
  private tokensAfterCompaction = 0;

  constructor(options: AgentOptions) {
    this.workspace = options.workspace;
    this.provider = options.provider;
    this.tools = options.tools;
    this.maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    this.state = options.initialState ?? emptyTranscript();
    if (options.mode) this.state.mode = options.mode;
    if (options.rules) this.state.rules = cloneRules(options.rules);
    this.contextWindow = options.contextWindow;
    this.autoCompact = options.autoCompact ?? true;
    this.checkpoints = options.checkpoints;
    this.hooks = options.hooks;
    this.hooks?.attach?.({
      agent: this,
      provider: () => this.provider,
      emit: (event) => this.emit(event),
      waitForAnswer: (callId) =>
        this.turn
          ? new Promise<PermissionAnswer>((resolve) => this.turn!.permissionWaits.set(callId, resolve))
          : Promise.resolve({ decision: 'deny' }),
    });
    this.serviceOptions = {
      services: options.services,
      smallProvider: options.smallProvider,
      searchEndpoint: options.searchEndpoint,
    };
    this.background = options.background ?? new BackgroundTasks();
    reportBackgroundEnds(this.background, (event) => this.emit(event));
  }

  get messages(): Message[] {
    return this.state.messages;
  }
  get mode(): PermissionMode {
    return this.state.mode;
  }
  get rules(): RuleLists {
    return this.state.rules;
  }
  get todos(): TodoItem[] {
    return this.state.todos;
  }
  get totalUsage(): Usage {
    return this.state.usage;
  }
  get usageByModel(): Record<string, Usage> {
    return this.state.usageByModel;
  }
  get lastInputTokens(): number {
    return this.state.lastInputTokens;
  }
  get running(): boolean {
    return this.turn !== null;
  }
  get model(): string {
    return this.provider.model;
  }
  get toolList(): readonly Tool[] {
    return this.tools;
  }
  get taskGraph(): TaskGraph {
    return this.state.taskGraph;
  }

  /** Replaces the tool list (MCP servers come and go); applies from the next model request. */
  setTools(tools: readonly Tool[]): void {
    this.tools = tools;
  }

  /** Replaces what the app supplies to tools (UI callbacks, CORS proxy, search endpoint…); applies from the next call. */
  setServices(options: SessionServiceOptions): void {
    this.serviceOptions = { ...this.serviceOptions, ...options };
  }

  /** The services the next tool call gets; the tool list leaves out tools whose services are missing. */
  toolServices(): ToolServices {
    return composeServices(this.serviceOptions, {
      provider: this.provider,
      mode: this.state.mode,
      taskGraph: () => this.state.taskGraph,
      background: this.background,
      onSideUsage: (model, usage) => {
        if (this.turn) this.emit({ type: 'usage', turnId: this.turn.turnId, model, usage, side: true });
      },
    });
  }

  /** Estimated size of the next request against the model's window, for the context meter. */
  contextUsage(): { estimatedTokens: number; threshold: number; contextWindow: number } {
    const budget = this.budget();
    let chars = this.fixedChars;
    for (const message of this.state.messages) chars += messageChars(message, budget.maxToolResultChars);
    return {
      estimatedTokens: estimateTokens(chars, this.tokensPerChar),
      threshold: budget.threshold,
      contextWindow: budget.contextWindow,
    };
  }

  /** `/compact [instructions]`: summarizes the older turns now and keeps the recent ones verbatim. */
  async compact(instructions?: string): Promise<CompactionOutcome> {
    if (this.turn) throw new Error('Cannot compact while a turn is running; stop it first.');
    const turn: ActiveTurn = {
      turnId: newId('compact'),
      controller: new AbortController(),
      permissionWaits: new Map(),
    };
    this.turn = turn;
    try {
      return await this.compactNow(turn, 'manual', instructions);
    } finally {
      this.turn = null;
    }
  }

  subscribe(listener: (event: AgentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setProvider(provider: Provider): void {
    this.provider = provider;
  }

  /** The per-turn request limit, a setting: applies from the next step. */
  setMaxSteps(steps: number): void {
    this.maxSteps = Math.max(1, Math.floor(steps));
  }

  setMode(mode: PermissionMode): void {
    if (mode !== this.state.mode) this.emit({ type: 'mode-changed', mode });
  }

  setRules(rules: RuleLists): void {
    this.emit({ type: 'rules-changed', ...cloneRules(rules) });
  }

  clear(): void {
    if (this.turn) throw new Error('Cannot clear while a turn is running; stop it first.');
    this.readFiles.clear();
    this.emit({ type: 'transcript-cleared' });
  }

  /** Replaces the conversation (a log cut by /rewind); the mode and rules stay the user's. Only between turns. */
  resetState(state: TranscriptState): void {
    if (this.turn) throw new Error('Cannot rewind while a turn is running; stop it first.');
    Object.assign(this.state, { ...state, mode: this.state.mode, rules: this.state.rules });
    this.readFiles.clear();
  }

  /** Stops the running turn; every started tool call still gets a result. */
  abort(): void {
    this.turn?.controller.abort();
    this.hooks?.aborted?.();
  }

  answerPermission(callId: string, answer: PermissionAnswer): void {
    const resolve = this.turn?.permissionWaits.get(callId);
    if (!resolve) return this.hooks?.answerPermission?.(callId, answer);
    this.turn!.permissionWaits.delete(callId);
    resolve(answer);
  }

  /** One turn, `context` (attached resources) after the text; failures are events; resolves with why it ended. */
  async send(text: string, options: { context?: readonly TurnContext[] } = {}): Promise<TurnEndReason> {
    return this.runTurn(text, false, options.context);
  }

  /** After a `max-turns` end: a turn with no new text when tool results await an answer, else "Continue.". */
  async continue(): Promise<TurnEndReason> {
    const last = this.state.messages[this.state.messages.length - 1];
    return last?.role === 'user' ? this.runTurn('', true) : this.runTurn('Continue.', false);
  }

  private async runTurn(text: string, continued: boolean, context?: readonly TurnContext[]): Promise<TurnEndReason> {
    if (this.turn) throw new Error('A turn is already running; wait for it or call abort().');
    const turn: ActiveTurn = { turnId: newId('turn'), controller: new AbortController(), permissionWaits: new Map() };
    this.turn = turn;
    let reason: TurnEndReason = 'max-turns';
    try {
      this.emit(turnStarted(turn.turnId, text, continued));
      if (!continued) await this.saveCheckpoint(turn.turnId, text);
      const start = continued ? undefined : await this.hooks?.turnStarted?.(turn.turnId, text, turn.controller.signal);
      if (start !== 'blocked')
        for (const c of context ?? []) this.emit({ ...c, type: 'context-added', turnId: turn.turnId });
      reason = start === 'blocked' ? 'done' : await this.runSteps(turn);
    } catch (error) {
      // A bug in the harness itself: keep the transcript valid and surface it.
      console.error('Tidepool agent loop failed', error);
      this.emit({ type: 'error', turnId: turn.turnId, error: internalError(error) });
      reason = 'error';
    } finally {
      this.emit({ type: 'turn-ended', turnId: turn.turnId, reason });
      this.turn = null;
      this.hooks?.turnEnded?.(turn.turnId, reason);
    }
    return reason;
  }

  private async runSteps(turn: ActiveTurn): Promise<TurnEndReason> {
    const signal = turn.controller.signal;
    for (let step = 1; step <= this.maxSteps; step++) {
      if (signal.aborted) return 'aborted';
      if (this.shouldAutoCompact()) await this.compactNow(turn, 'auto');
      if (signal.aborted) return 'aborted';
      this.emit({ type: 'step-started', turnId: turn.turnId, step });
      const outcome = await this.streamStep(turn, step);
      if (outcome.end === 'context-too-long') {
        // Compact and send the same request again, once, instead of a dead end.
        turn.compactedForContext = true;
        const compacted = await this.compactNow(turn, 'context-too-long');
        if (compacted.ok) continue;
        if (outcome.error) this.emit({ type: 'error', turnId: turn.turnId, error: outcome.error });
        return signal.aborted ? 'aborted' : 'error';
      }
      if (outcome.calls.length > 0) {
        // Every tool_use must be answered, even when the step failed or was aborted.
        await this.runCalls(turn, outcome.calls, outcome.end !== 'ok');
      }
      if (signal.aborted || outcome.end === 'aborted') return 'aborted';
      if (outcome.end === 'error') return 'error';
      const next = await this.hooks?.stepEnded?.(turn.turnId, outcome.calls.length === 0, signal);
      if (next === 'halt' || (outcome.calls.length === 0 && next !== 'continue')) return 'done';
    }
    return 'max-turns';
  }

  private async streamStep(
    turn: ActiveTurn,
    step: number,
  ): Promise<{ calls: PendingCall[]; end: 'ok' | 'aborted' | 'error' | 'context-too-long'; error?: ProviderError }> {
    const { turnId, controller } = turn;
    const { system, tools } = await buildRequestContext(
      this.workspace,
      activeTools(this.tools, this.toolServices()),
      this.state.mode,
      { sections: this.hooks?.systemSections?.(turnId), rules: this.state.rules, memory: this.hooks?.memoryFiles?.() },
    );
    const provider = this.hooks?.providerFor?.(turnId) ?? this.provider;
    const callIds = new Map<number, string>();
    const calls: PendingCall[] = [];
    let stopReason: StopReason | 'aborted' | 'error' = 'end_turn';
    let end: 'ok' | 'aborted' | 'error' | 'context-too-long' = 'ok';
    let contextError: ProviderError | undefined;
    // Long tool outputs are clipped here, in the request only: the transcript and the event log keep them whole.
    const budget = this.budget();
    const messages = prepareMessages(this.state.messages, budget.maxToolResultChars);
    this.fixedChars = system.length + JSON.stringify(tools).length;
    const requestChars = messages.reduce((n, m) => n + messageChars(m), this.fixedChars);
    let reportedInput = 0;
    const request = { model: provider.model, system, tools: tools as ToolSpec[], messages };
    try {
      for await (const event of provider.stream(request, controller.signal)) {
        switch (event.type) {
          case 'text-delta':
            this.emit({ type: 'text-delta', turnId, text: event.text });
            break;
          case 'tool-call-start': {
            const callId = event.id || newId('call');
            callIds.set(event.index, callId);
            this.emit({ type: 'tool-call-started', turnId, callId, name: event.name });
            break;
          }
          case 'tool-call-delta': {
            const callId = callIds.get(event.index);
            if (callId) this.emit({ type: 'tool-call-delta', turnId, callId, argsDelta: event.argsDelta });
            break;
          }
          case 'tool-call-end': {
            const call = pendingCall(event, callIds.get(event.index) ?? (event.id || newId('call')));
            const summary = callSummary(call, this.tools);
            this.emit({ type: 'tool-call', turnId, callId: call.callId, name: call.name, input: call.input, summary });
            calls.push(call);
            break;
          }
          case 'usage':
            this.emit({ type: 'usage', turnId, model: provider.model, usage: event.usage });
            reportedInput = this.state.lastInputTokens;
            break;
          case 'retry':
            this.emit({ type: 'retrying', turnId, attempt: event.attempt, delayMs: event.delayMs, error: event.error });
            break;
          case 'stop':
            stopReason = event.reason;
            break;
          case 'error':
            if (event.error.kind === 'aborted' || controller.signal.aborted) {
              end = stopReason = 'aborted';
            } else if (event.error.kind === 'context-too-long' && !turn.compactedForContext) {
              end = 'context-too-long';
              stopReason = 'error';
              contextError = event.error;
            } else {
              end = 'error';
              stopReason = 'error';
              this.emit({ type: 'error', turnId, error: event.error });
            }
            break;
        }
      }
    } catch (error) {
      // Adapters should not throw; if one does, treat it like a dropped stream.
      end = controller.signal.aborted ? 'aborted' : 'error';
      stopReason = end;
      if (end === 'error') this.emit({ type: 'error', turnId, error: unexpectedProviderError(error) });
    }
    if (end === 'ok' && controller.signal.aborted) end = stopReason = 'aborted';
    if (end === 'ok' && stopReason === 'max_tokens' && calls.length === 0) {
      this.emit({ type: 'error', turnId, error: OUTPUT_LIMIT_ERROR });
    }
    this.emit({ type: 'assistant-message-ended', turnId, step, stopReason });
    // Calibrate the size estimate from what the provider counted, so auto-compaction fires on time.
    if (reportedInput > 0 && requestChars > 0)
      this.tokensPerChar = Math.min(1, Math.max(0.05, reportedInput / requestChars));
    return { calls, end, error: contextError };
  }

  /** A failed checkpoint (full storage, say) must not cost the user their turn: the hook reports it. */
  private async saveCheckpoint(turnId: string, text: string): Promise<void> {
    if (!this.checkpoints) return;
    try {
      const { id, files } = await this.checkpoints.snapshot(turnId, text);
      this.emit({ type: 'checkpoint-created', turnId, checkpointId: id, fileCount: files.length });
    } catch (error) {
      console.warn('Tidepool could not save a checkpoint', error);
    }
  }

  private budget(): ContextBudget {
    return contextBudget(this.provider.model, this.contextWindow);
  }

  private shouldAutoCompact(): boolean {
    if (!this.autoCompact || this.state.messages.length < 3) return false;
    const budget = this.budget();
    const estimated = this.contextUsage().estimatedTokens;
    // When a compaction could not get below the threshold (a huge system prompt, say), wait for real
    // growth rather than summarizing the summary before every step.
    return estimated >= budget.threshold && estimated >= this.tokensAfterCompaction + budget.contextWindow * 0.1;
  }

  private async compactNow(
    turn: ActiveTurn,
    trigger: CompactionTrigger,
    instructions?: string,
  ): Promise<CompactionOutcome> {
    await this.hooks?.compacting?.(turn.turnId, trigger, instructions, turn.controller.signal);
    const outcome = await compactConversation({
      provider: this.provider,
      messages: this.state.messages,
      todos: this.state.todos,
      budget: this.budget(),
      trigger,
      turnId: turn.turnId,
      instructions,
      tokensBefore: this.contextUsage().estimatedTokens,
      fixedChars: this.fixedChars,
      tokensPerChar: this.tokensPerChar,
      signal: turn.controller.signal,
      emit: (event) => this.emit(event),
    });
    if (outcome.ok) {
      this.tokensAfterCompaction = this.contextUsage().estimatedTokens;
      // The model no longer sees what it read before: make it read again before it writes.
      this.readFiles.clear();
    }
    return outcome;
  }

  /** Read-only calls that sit next to each other run concurrently; everything else runs in order. */
  private async runCalls(turn: ActiveTurn, calls: PendingCall[], skipAll: boolean): Promise<void> {
    const isReadDenied = readDeniedPredicate(this.state.rules, this.workspace.root);
    const services = this.toolServices();
    const tools = activeTools(this.tools, services);
    for (const batch of concurrentBatches(calls, this.tools)) {
      await Promise.all(
        batch.map((call) =>
          runToolCall(call, {
            turnId: turn.turnId,
            tool: findTool(call.name, tools),
            toolNames: tools.map((t) => t.name),
            workspace: this.workspace,
            readFiles: this.readFiles,
            services: { ...services, mode: this.state.mode },
            signal: turn.controller.signal,
            skipReason: skipAll ? (turn.controller.signal.aborted ? 'interrupted' : 'not-run') : undefined,
            isReadDenied,
            decide: (tool, input) =>
              decideInWorkspace(
                {
                  tool,
                  input,
                  mode: this.state.mode,
                  rules: this.hooks?.rulesFor?.(turn.turnId, this.state.rules) ?? this.state.rules,
                },
                this.workspace,
              ),
            hooks: this.hooks?.toolCalls?.(turn.turnId),
            askUser: (callId) => new Promise<PermissionAnswer>((resolve) => turn.permissionWaits.set(callId, resolve)),
            cancelAsk: (callId) => turn.permissionWaits.delete(callId),
            addAllowRule: (rule) => {
              if (!this.state.rules.allow.includes(rule))
                this.emit({
                  type: 'rules-changed',
                  ...cloneRules(this.state.rules),
                  allow: [...this.state.rules.allow, rule],
                });
            },
            emit: (event) => this.emit(event),
          }),
        ),
      );
    }
  }

  private emit(event: AgentEvent): void {
    applyEvent(this.state, event);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('Tidepool event listener failed', error);
      }
    }
  }
}
