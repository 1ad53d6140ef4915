// What a hook's answer means, per Claude Code's contract: exit 0 (stdout may hold JSON), exit 2
// (block, stderr is the reason), anything else (a non-blocking error); JSON fields `continue`,
// `stopReason`, `decision`, `reason`, `systemMessage` and `hookSpecificOutput` (`permissionDecision`,
// `permissionDecisionReason`, `updatedInput`, `additionalContext`, PermissionRequest's `decision`).
import type { HookEventName, HookRunOutcome } from '../../extension-events';

export type PermissionRequestDecision =
  { behavior: 'allow'; updatedInput?: Record<string, unknown> } | { behavior: 'deny'; message?: string };

/** One handler's answer, or several combined. */
export interface HookResult {
  outcome: HookRunOutcome;
  /** The action is refused (exit 2, `decision: "block"`, `permissionDecision: "deny"`); the reason. */
  block?: string;
  permissionDecision?: 'allow' | 'ask' | 'deny';
  permissionReason?: string;
  updatedInput?: Record<string, unknown>;
  additionalContext?: string;
  /** `continue: false`: the agent stops after this step; the reason is for the user. */
  stop?: { reason?: string };
  systemMessage?: string;
  permissionRequest?: PermissionRequestDecision;
  /** Why a hook failed without blocking (shown to the user). */
  error?: string;
}

/** Events whose plain stdout (exit 0, not JSON) is added to the model's context, as in Claude Code. */
const STDOUT_IS_CONTEXT = new Set<HookEventName>(['UserPromptSubmit', 'SessionStart']);

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function interpretExit(event: HookEventName, exitCode: number, stdout: string, stderr: string): HookResult {
  if (exitCode === 2) return { outcome: 'blocked', block: stderr.trim() || 'Blocked by a hook (exit code 2).' };
  if (exitCode !== 0)
    return {
      outcome: 'error',
      error: `exit code ${exitCode}${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-3).join(' ')}` : ''}`,
    };
  const text = stdout.trim();
  if (text.startsWith('{')) {
    try {
      return interpretJson(event, JSON.parse(text));
    } catch {
      if (!STDOUT_IS_CONTEXT.has(event)) return { outcome: 'error', error: 'printed output that is not valid JSON' };
    }
  }
  if (text && STDOUT_IS_CONTEXT.has(event)) return { outcome: 'success', additionalContext: text };
  return { outcome: 'success' };
}

export function interpretJson(event: HookEventName, value: unknown): HookResult {
  if (!isObject(value)) return { outcome: 'error', error: 'answered with JSON that is not an object' };
  const out: HookResult = { outcome: 'success' };
  const reason = typeof value.reason === 'string' ? value.reason : undefined;
  if (typeof value.systemMessage === 'string' && value.systemMessage) out.systemMessage = value.systemMessage;
  if (value.continue === false)
    out.stop = { reason: typeof value.stopReason === 'string' ? value.stopReason : undefined };
  if (value.decision === 'block') out.block = reason || 'Blocked by a hook.';
  else if (value.decision === 'approve' && event === 'PreToolUse') out.permissionDecision = 'allow';
  const specific = value.hookSpecificOutput;
  if (isObject(specific)) {
    const decision = specific.permissionDecision;
    if (event === 'PreToolUse' && (decision === 'allow' || decision === 'ask' || decision === 'deny')) {
      out.permissionDecision = decision;
      if (typeof specific.permissionDecisionReason === 'string')
        out.permissionReason = specific.permissionDecisionReason;
      if (decision === 'deny') out.block = out.permissionReason || reason || 'Denied by a PreToolUse hook.';
    }
    if (event === 'PreToolUse' && isObject(specific.updatedInput)) out.updatedInput = specific.updatedInput;
    if (typeof specific.additionalContext === 'string' && specific.additionalContext.trim())
      out.additionalContext = specific.additionalContext;
    if (event === 'PermissionRequest' && isObject(specific.decision)) {
      const d = specific.decision;
      if (d.behavior === 'allow')
        out.permissionRequest = {
          behavior: 'allow',
          updatedInput: isObject(d.updatedInput) ? d.updatedInput : undefined,
        };
      else if (d.behavior === 'deny')
        out.permissionRequest = { behavior: 'deny', message: typeof d.message === 'string' ? d.message : undefined };
    }
  }
  if (out.block || out.permissionRequest?.behavior === 'deny') out.outcome = 'blocked';
  return out;
}

const PERMISSION_ORDER = { deny: 3, ask: 2, allow: 1 } as const;

/** Several handlers of one event, run in parallel, as one answer: any block blocks, deny beats ask beats allow. */
export function combineResults(results: readonly HookResult[]): HookResult {
  const out: HookResult = { outcome: 'success' };
  const blocks: string[] = [];
  const contexts: string[] = [];
  const messages: string[] = [];
  for (const r of results) {
    if (r.block) blocks.push(r.block);
    if (r.additionalContext) contexts.push(r.additionalContext);
    if (r.systemMessage) messages.push(r.systemMessage);
    if (r.updatedInput) out.updatedInput = r.updatedInput;
    if (r.stop && !out.stop) out.stop = r.stop;
    if (
      r.permissionDecision &&
      (!out.permissionDecision || PERMISSION_ORDER[r.permissionDecision] > PERMISSION_ORDER[out.permissionDecision])
    ) {
      out.permissionDecision = r.permissionDecision;
      out.permissionReason = r.permissionReason;
    }
    if (r.permissionRequest && out.permissionRequest?.behavior !== 'deny') out.permissionRequest = r.permissionRequest;
  }
  if (blocks.length) {
    out.block = blocks.join('\n');
    out.outcome = 'blocked';
  }
  if (contexts.length) out.additionalContext = contexts.join('\n\n');
  if (messages.length) out.systemMessage = messages.join('\n');
  return out;
}
