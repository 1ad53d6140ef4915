// Fires one hook event: picks the configured handlers whose matcher fits, runs them in parallel
// with Claude Code's input fields, reports each run as a `hook-ran` event, and combines the answers.
import type { AgentEvent, PermissionMode } from '../../events';
import type { HookEventName } from '../../extension-events';
import { decidePermission } from '../../permissions';
import type { Provider } from '../../../providers/types';
import type { Tool } from '../../../tools/types';
import type { Workspace } from '../../../workspace/types';
import type { ConfiguredHook, HookHandler } from './hook-config';
import { combineResults, type HookResult } from './hook-output';
import { runHookHandler } from './run-hook-handler';

export interface HookContext {
  sessionId: string;
  workspace: Workspace;
  /** Settings `env`; CLAUDE_PROJECT_DIR is added. */
  env: Record<string, string>;
  mode(): PermissionMode;
  /** Set inside a subagent: hooks see `agent_id` and `agent_type`. */
  agent?: { id: string; type: string };
  emit(event: AgentEvent): void;
  fetch?: typeof fetch;
  provider?: (model?: string) => Provider | undefined;
}

export interface FireOptions {
  signal: AbortSignal;
  /** What the matcher is matched against: the tool name (and alias), the source, the trigger… */
  matchValues?: string[];
  turnId?: string;
  callId?: string;
  /** For `if` rules: the validated call. */
  call?: { tool: Tool; input: unknown };
}

/** Events whose matcher is not used (Claude Code ignores it for them). */
const UNMATCHED = new Set<HookEventName>(['UserPromptSubmit', 'Stop']);

export class HookDispatcher {
  constructor(
    private readonly hooks: readonly ConfiguredHook[],
    private readonly ctx: HookContext,
  ) {}

  has(event: HookEventName): boolean {
    return this.hooks.some((h) => h.event === event);
  }

  /** Runs the event's matching handlers; an event with none costs nothing and answers `success`. */
  async fire(event: HookEventName, fields: Record<string, unknown>, options: FireOptions): Promise<HookResult> {
    const chosen = this.select(event, options);
    if (chosen.length === 0 || options.signal.aborted) return { outcome: 'success' };
    const workspace = this.ctx.workspace;
    const input: Record<string, unknown> = {
      session_id: this.ctx.sessionId,
      transcript_path: '',
      cwd: workspace.shellState().cwd,
      permission_mode: this.ctx.mode(),
      hook_event_name: event,
      ...(this.ctx.agent ? { agent_id: this.ctx.agent.id, agent_type: this.ctx.agent.type } : {}),
      ...fields,
    };
    const env = { ...this.ctx.env, CLAUDE_PROJECT_DIR: workspace.root };
    const results = await Promise.all(
      chosen.map(async (hook) => {
        const started = Date.now();
        const result = await runHookHandler(hook.handler, event, input, {
          workspace,
          env,
          signal: options.signal,
          fetch: this.ctx.fetch,
          provider: this.ctx.provider,
        });
        this.ctx.emit({
          type: 'hook-ran',
          turnId: options.turnId,
          hookEvent: event,
          handler: hook.handler.type,
          label: label(hook.handler),
          file: hook.file,
          outcome: result.outcome,
          message: result.block ?? result.error ?? result.stop?.reason ?? result.systemMessage,
          durationMs: Date.now() - started,
          callId: options.callId,
        });
        return result;
      }),
    );
    return combineResults(results);
  }

  private select(event: HookEventName, options: FireOptions): ConfiguredHook[] {
    const seen = new Set<string>();
    const out: ConfiguredHook[] = [];
    for (const hook of this.hooks) {
      if (hook.event !== event) continue;
      if (!UNMATCHED.has(event) && !matcherFits(hook.matcher, options.matchValues)) continue;
      if (hook.handler.if && !ifRuleFits(hook.handler.if, options, this.ctx.workspace.root)) continue;
      const key = `${hook.handler.type}\0${label(hook.handler, Infinity)}`;
      if (seen.has(key)) continue; // Claude Code runs identical handlers once
      seen.add(key);
      out.push(hook);
    }
    return out;
  }
}

/** Empty or `*` matches all; otherwise the whole value must match (`Write`, `Edit|Write`, `Notebook.*`). */
export function matcherFits(matcher: string, values: readonly string[] | undefined): boolean {
  if (!matcher || matcher === '*') return true;
  if (!values?.length) return false;
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^(?:${matcher})$`);
  } catch {
    return false;
  }
  return values.some((v) => pattern.test(v));
}

/** An `if` rule (`Bash(git *)`) as a deny rule would match the call; no call means no match. */
function ifRuleFits(rule: string, options: FireOptions, root: string): boolean {
  if (!options.call) return false;
  const decision = decidePermission({
    tool: options.call.tool,
    input: options.call.input,
    mode: 'default',
    rules: { allow: [], ask: [], deny: [rule] },
    root,
  });
  return decision.behavior === 'deny';
}

function label(handler: HookHandler, max = 120): string {
  const text = handler.type === 'command' ? handler.command : handler.type === 'http' ? handler.url : handler.prompt;
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
