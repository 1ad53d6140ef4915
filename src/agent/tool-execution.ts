import { withNewErrors } from '../tools/code-intel/after-edit';
import type { ToolServices } from '../tools/services';
import type { Tool, ToolResult, FileReadRecord } from '../tools/types';
import type { Workspace } from '../workspace/types';
import type { AgentEvent, PermissionAnswer } from './events';
import type { PermissionDecision } from './permissions';
import { suggestRule } from './permissions';

/** A tool call as the model sent it, before validation. */
export interface PendingCall {
  callId: string;
  name: string;
  input: unknown;
  rawArgs: string;
  parseError?: string;
}

export interface CallContext {
  turnId: string;
  tool: Tool | undefined;
  toolNames: string[];
  workspace: Workspace;
  readFiles: Map<string, FileReadRecord>;
  signal: AbortSignal;
  /** Set when the step failed or was aborted before tools could run. */
  skipReason?: 'interrupted' | 'not-run';
  decide(tool: Tool, input: unknown): PermissionDecision;
  isReadDenied?: (absPath: string) => boolean;
  /** The session's services (questions, plans, web, tasks…), handed to the tool with its context. */
  services?: ToolServices;
  askUser(callId: string): Promise<PermissionAnswer>;
  cancelAsk(callId: string): void;
  addAllowRule(rule: string): void;
  emit(event: AgentEvent): void;
}

const INTERRUPTED = 'Interrupted by the user: the tool did not run.';

/**
 * Validates, gates and runs one call, and always emits exactly one tool-result for it,
 * so the transcript stays valid for both APIs whatever happens.
 */
export async function runToolCall(call: PendingCall, ctx: CallContext): Promise<void> {
  const result = await resolveCall(call, ctx);
  ctx.emit({
    type: 'tool-result',
    turnId: ctx.turnId,
    callId: call.callId,
    name: call.name,
    isError: result.isError ?? false,
    content: result.content || '(no output)',
    changed: result.changed,
    interrupted: result.interrupted || undefined,
    ...(result.media?.length && !result.isError ? { media: result.media } : {}),
  });
  if (result.isError) return;
  if (result.todos) ctx.emit({ type: 'todos-updated', turnId: ctx.turnId, todos: result.todos });
  if (result.taskGraph) ctx.emit({ type: 'tasks-updated', turnId: ctx.turnId, graph: result.taskGraph });
  if (result.mode) ctx.emit({ type: 'mode-changed', mode: result.mode });
}

async function resolveCall(call: PendingCall, ctx: CallContext): Promise<ToolResult & { interrupted?: boolean }> {
  if (ctx.skipReason === 'interrupted' || ctx.signal.aborted)
    return { content: INTERRUPTED, isError: true, interrupted: true };
  if (ctx.skipReason === 'not-run')
    return { content: 'Not run: the response was cut off before the turn could continue.', isError: true };

  const { tool } = ctx;
  if (!tool) {
    return { content: `No such tool: ${call.name}. Available tools: ${ctx.toolNames.join(', ')}.`, isError: true };
  }
  if (call.parseError) {
    return {
      content: `The arguments for ${call.name} were not valid JSON (${call.parseError}). Send the call again with a complete JSON object.`,
      isError: true,
    };
  }
  const parsed = tool.input.safeParse(call.input ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.length ? issue.path.join('.') : '(input)'}: ${issue.message}`,
    );
    return { content: `Invalid input for ${tool.name}: ${problems.join('; ')}`, isError: true };
  }
  const input = parsed.data;

  const decision = ctx.decide(tool, input);
  if (decision.behavior === 'deny') return { content: decision.message, isError: true };
  if (decision.behavior === 'ask') {
    ctx.emit({
      type: 'permission-asked',
      turnId: ctx.turnId,
      callId: call.callId,
      toolName: tool.name,
      summary: safe(() => tool.summary(input), tool.name),
      suggestedRule: decision.suggestedRule || safe(() => suggestRule(tool, input, ctx.workspace.root), tool.name),
    });
    const answer = await waitForAnswer(call.callId, ctx);
    ctx.emit({ type: 'permission-answered', turnId: ctx.turnId, callId: call.callId, answer });
    if (answer.decision === 'deny') {
      if (ctx.signal.aborted) return { content: INTERRUPTED, isError: true, interrupted: true };
      const why = answer.message ? ` The user said: ${answer.message}` : '';
      return {
        content: `The user denied permission for this ${tool.name} call.${why} Do not retry it as is; ask or take another approach.`,
        isError: true,
      };
    }
    if (answer.decision === 'allow-always') ctx.addAllowRule(answer.rule);
  }

  let output = '';
  try {
    const result = await tool.run(input, {
      ...ctx.services,
      workspace: ctx.workspace,
      signal: ctx.signal,
      readFiles: ctx.readFiles,
      isReadDenied: ctx.isReadDenied,
      onProgress: (chunk) => {
        output += chunk;
        ctx.emit({ type: 'tool-progress', turnId: ctx.turnId, callId: call.callId, chunk });
      },
    });
    if (ctx.signal.aborted) {
      return { ...result, content: `${result.content}\n[Interrupted by the user]`, isError: true, interrupted: true };
    }
    // Type errors an edit brought into a TS/JS file are reported with it.
    if (tool.kind === 'write') return await withNewErrors(result, ctx.services?.codeIntel, ctx.workspace, ctx.signal);
    return result;
  } catch (error) {
    if (ctx.signal.aborted) {
      return { content: `${output}${output ? '\n' : ''}[Interrupted by the user]`, isError: true, interrupted: true };
    }
    // A tool's exception is a bug: the model gets an error result, we get the stack.
    console.error(`Tool ${tool.name} threw`, error);
    return {
      content: `${tool.name} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
      isError: true,
    };
  }
}

function waitForAnswer(callId: string, ctx: CallContext): Promise<PermissionAnswer> {
  if (ctx.signal.aborted) return Promise.resolve({ decision: 'deny' });
  return new Promise<PermissionAnswer>((resolve) => {
    const onAbort = (): void => {
      ctx.cancelAsk(callId);
      resolve({ decision: 'deny', message: 'interrupted' });
    };
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    ctx.askUser(callId).then((answer) => {
      ctx.signal.removeEventListener('abort', onAbort);
      resolve(answer);
    });
  });
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
