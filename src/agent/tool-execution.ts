import { withNewErrors } from '../tools/code-intel/after-edit';
import type { ToolServices } from '../tools/services';
import { cardedDetails } from '../tools/details';
import type { Tool, ToolResult, FileReadRecord } from '../tools/types';
import type { Workspace } from '../workspace/types';
import type { AgentEvent, PermissionAnswer } from './events';
import type { PermissionDecision } from './permissions';
import { suggestRule } from './permissions';
import type { HookedCall, ToolCallHooks } from './agent-hooks';

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
  /** May wait for the shell parser to load (the first Bash call). */
  decide(tool: Tool, input: unknown): PermissionDecision | Promise<PermissionDecision>;
  isReadDenied?: (absPath: string) => boolean;
  /** The session's services (questions, plans, web, tasks…), handed to the tool with its context. */
  services?: ToolServices;
  askUser(callId: string): Promise<PermissionAnswer>;
  cancelAsk(callId: string): void;
  addAllowRule(rule: string): void;
  emit(event: AgentEvent): void;
  /** PreToolUse, PermissionRequest and PostToolUse(Failure) hooks (agent-hooks.ts). */
  hooks?: ToolCallHooks;
}

/** Filled when the tool actually started, for the PostToolUse hooks. */
interface RunTrack {
  call?: HookedCall;
  startedAt?: number;
}

const INTERRUPTED = 'Interrupted by the user: the tool did not run.';

/**
 * Validates, gates and runs one call, and always emits exactly one tool-result for it,
 * so the transcript stays valid for both APIs whatever happens.
 */
export async function runToolCall(call: PendingCall, ctx: CallContext): Promise<void> {
  const track: RunTrack = {};
  let result = await resolveCall(call, ctx, track);
  if (track.call && ctx.hooks?.after && !ctx.signal.aborted)
    result = await ctx.hooks.after(track.call, result, Date.now() - track.startedAt!, ctx.signal);
  ctx.emit({
    type: 'tool-result',
    turnId: ctx.turnId,
    callId: call.callId,
    name: call.name,
    isError: result.isError ?? false,
    content: result.content || '(no output)',
    changed: result.changed,
    interrupted: result.interrupted || undefined,
    details: result.details,
    ...(result.media?.length && !result.isError ? { media: result.media } : {}),
  });
  if (result.isError) return;
  const carded = cardedDetails(result.details);
  if (carded?.kind === 'todos') ctx.emit({ type: 'todos-updated', turnId: ctx.turnId, todos: carded.todos });
  if (result.taskGraph) ctx.emit({ type: 'tasks-updated', turnId: ctx.turnId, graph: result.taskGraph });
  if (result.mode) ctx.emit({ type: 'mode-changed', mode: result.mode });
}

async function resolveCall(
  call: PendingCall,
  ctx: CallContext,
  track: RunTrack,
): Promise<ToolResult & { interrupted?: boolean }> {
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
  let input = parsed.data;

  // PreToolUse hooks see the call before the permission decision and may refuse it or change it.
  const pre = ctx.hooks?.before ? await ctx.hooks.before({ ...call, tool, input }, ctx.signal) : undefined;
  if (pre?.deny !== undefined) return { content: pre.deny, isError: true };
  if (pre?.input !== undefined) {
    const updated = tool.input.safeParse(pre.input);
    if (!updated.success) return { content: `A PreToolUse hook gave ${tool.name} an invalid input.`, isError: true };
    input = updated.data;
  }
  let decision = await ctx.decide(tool, input);
  if (decision.behavior !== 'deny' && pre?.permission === 'allow')
    decision = { behavior: 'allow', reason: 'allowed by a PreToolUse hook' };
  if (decision.behavior === 'allow' && pre?.permission === 'ask')
    decision = { behavior: 'ask', reason: 'a PreToolUse hook asks first', suggestedRule: '' };
  // PermissionRequest hooks may answer for the user before the dialog shows.
  if (decision.behavior === 'ask' && ctx.hooks?.permissionRequest) {
    const hooked = await ctx.hooks.permissionRequest({ ...call, tool, input }, ctx.signal);
    if (hooked?.behavior === 'deny') return { content: hooked.message, isError: true };
    if (hooked?.behavior === 'allow') {
      const updated = hooked.input === undefined ? undefined : tool.input.safeParse(hooked.input);
      if (updated?.success) input = updated.data;
      decision = { behavior: 'allow', reason: 'allowed by a PermissionRequest hook' };
    }
  }
  if (decision.behavior === 'deny') return { content: decision.message, isError: true };
  if (decision.behavior === 'ask') {
    const refused = await ask(call, tool, input, decision, ctx);
    if (refused) return refused;
  }
  track.call = { ...call, tool, input };
  track.startedAt = Date.now();
  if (decision.behavior !== 'allow' || !decision.readOnly) return runTool(tool, input, call, ctx, false);

  // Allowed as read-only: the run cannot write, and a write it attempts becomes a normal ask.
  const first = await runTool(tool, input, call, ctx, true);
  if (!first.writeBlocked?.length) return first;
  const paths = first.writeBlocked.map((p) => relativePath(p, ctx.workspace.root)).join(', ');
  const fallback = decision.ifWrites?.() ?? {
    behavior: 'ask' as const,
    reason: 'it tried to change files while running as read-only',
    suggestedRule: suggestRule(tool, input, ctx.workspace.root),
  };
  if (fallback.behavior === 'deny') {
    return {
      content: `${fallback.message}\n(It tried to change ${paths} and was stopped; nothing was changed.)`,
      isError: true,
    };
  }
  const refused = await ask(call, tool, input, { ...fallback, reason: `${fallback.reason}: ${paths}` }, ctx);
  return refused ?? runTool(tool, input, call, ctx, false);
}

/** Asks the user; returns the result to report when the answer is no, or null to go ahead. */
async function ask(
  call: PendingCall,
  tool: Tool,
  input: unknown,
  decision: Extract<PermissionDecision, { behavior: 'ask' }>,
  ctx: CallContext,
): Promise<(ToolResult & { interrupted?: boolean }) | null> {
  ctx.emit({
    type: 'permission-asked',
    turnId: ctx.turnId,
    callId: call.callId,
    toolName: tool.name,
    summary: safe(() => tool.summary(input), tool.name),
    suggestedRule: decision.suggestedRule || safe(() => suggestRule(tool, input, ctx.workspace.root), tool.name),
    reason: decision.reason,
    review: decision.review,
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
  return null;
}

async function runTool(
  tool: Tool,
  input: unknown,
  call: PendingCall,
  ctx: CallContext,
  readOnly: boolean,
): Promise<ToolResult & { interrupted?: boolean }> {
  let output = '';
  // A read-only run's output is held back until it is known to stand (it reruns if it tried to write).
  const held: string[] = [];
  const progress = (chunk: string): void =>
    ctx.emit({ type: 'tool-progress', turnId: ctx.turnId, callId: call.callId, chunk });
  try {
    const result = await tool.run(input, {
      ...ctx.services,
      workspace: ctx.workspace,
      signal: ctx.signal,
      callId: call.callId,
      readFiles: ctx.readFiles,
      isReadDenied: ctx.isReadDenied,
      readOnly: readOnly || undefined,
      onProgress: (chunk) => {
        output += chunk;
        if (readOnly) held.push(chunk);
        else progress(chunk);
      },
    });
    if (!result.writeBlocked?.length) held.forEach(progress);
    if (ctx.signal.aborted) {
      return { ...result, content: `${result.content}\n[Interrupted by the user]`, isError: true, interrupted: true };
    }
    // Type errors an edit brought into a TS/JS file are reported with it.
    if (tool.kind === 'write') return await withNewErrors(result, ctx.services?.codeIntel, ctx.workspace, ctx.signal);
    return result;
  } catch (error) {
    held.forEach(progress);
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

function relativePath(path: string, root: string): string {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
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
