// PreToolUse, PermissionRequest, PostToolUse and PostToolUseFailure hooks around each tool call,
// with Claude Code's input fields and its meaning for each answer.
import type { HookedCall, ToolCallHooks } from '../../agent-hooks';
import type { ToolResult } from '../../../tools/types';
import type { HookDispatcher } from '../hooks/hook-dispatcher';

export interface ToolHookState {
  /** `continue: false` from a hook: the turn ends after this step. */
  halt(reason: string | undefined): void;
  /** PreToolUse context waiting for the call's result. */
  pending: Map<string, string>;
  /** A permission dialog is about to show (Notification hooks). */
  asking(call: HookedCall): void;
}

export function toolCallHooks(dispatcher: HookDispatcher, turnId: string, state: ToolHookState): ToolCallHooks {
  const base = (call: HookedCall) => ({
    options: {
      matchValues: [call.tool.name, call.name],
      turnId,
      callId: call.callId,
      call: { tool: call.tool, input: call.input },
    },
    fields: { tool_name: call.tool.name, tool_input: call.input, tool_use_id: call.callId },
  });
  return {
    async before(call, signal) {
      if (!dispatcher.has('PreToolUse')) return undefined;
      const { options, fields } = base(call);
      const r = await dispatcher.fire('PreToolUse', fields, { ...options, signal });
      if (r.stop) state.halt(r.stop.reason);
      if (r.additionalContext) state.pending.set(call.callId, r.additionalContext);
      if (r.block) return { deny: `Blocked by a PreToolUse hook: ${r.block}` };
      const input =
        r.updatedInput && call.input && typeof call.input === 'object'
          ? { ...(call.input as Record<string, unknown>), ...r.updatedInput }
          : r.updatedInput;
      const permission =
        r.permissionDecision === 'allow' || r.permissionDecision === 'ask' ? r.permissionDecision : undefined;
      return { input, permission };
    },
    async permissionRequest(call, signal) {
      if (dispatcher.has('PermissionRequest')) {
        const { options, fields } = base(call);
        const r = await dispatcher.fire(
          'PermissionRequest',
          { tool_name: fields.tool_name, tool_input: fields.tool_input },
          { ...options, signal },
        );
        if (r.stop) state.halt(r.stop.reason);
        if (r.permissionRequest?.behavior === 'allow')
          return { behavior: 'allow', input: r.permissionRequest.updatedInput };
        if (r.permissionRequest?.behavior === 'deny' || r.block)
          return {
            behavior: 'deny',
            message: `A PermissionRequest hook denied this call: ${
              (r.permissionRequest?.behavior === 'deny' && r.permissionRequest.message) || r.block || 'no reason given'
            }`,
          };
      }
      state.asking(call);
      return undefined;
    },
    async after(call, result, durationMs, signal) {
      const failed = result.isError === true;
      const event = failed ? 'PostToolUseFailure' : 'PostToolUse';
      const early = state.pending.get(call.callId);
      state.pending.delete(call.callId);
      if (!dispatcher.has(event)) return early ? withNote(result, early) : result;
      const { options, fields } = base(call);
      const r = await dispatcher.fire(
        event,
        failed
          ? { ...fields, error: result.content, duration_ms: durationMs }
          : { ...fields, tool_response: toolResponse(call, result), duration_ms: durationMs },
        { ...options, signal },
      );
      if (r.stop) state.halt(r.stop.reason);
      const notes = [early, r.block && `${event} hook: ${r.block}`, r.additionalContext].filter(Boolean) as string[];
      return notes.length ? withNote(result, notes.join('\n')) : result;
    },
  };
}

/** What a tool answered, in the shape hooks read it (`.tool_response.filePath`, `.tool_response.output`). */
function toolResponse(call: HookedCall, result: ToolResult): Record<string, unknown> {
  const input = (call.input ?? {}) as Record<string, unknown>;
  return {
    output: result.content,
    ...(typeof input.file_path === 'string' ? { filePath: input.file_path } : {}),
    ...(result.changed ? { changed: result.changed } : {}),
  };
}

function withNote(result: ToolResult, note: string): ToolResult {
  return { ...result, content: `${result.content}\n\n<hook-context>\n${note}\n</hook-context>` };
}
