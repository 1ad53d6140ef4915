// Runs one hook handler and returns its answer. `command` runs in the workspace shell with the
// event JSON on stdin (a subshell in the project root, so it cannot move the agent's shell);
// `http` POSTs the JSON; `prompt` asks the session's model for a yes/no judgement. Each has a
// timeout; a hook that hangs, crashes or cannot start is an `error`/`timeout` result, never a throw.
import type { HookEventName } from '../../extension-events';
import type { Provider } from '../../../providers/types';
import type { Workspace } from '../../../workspace/types';
import type { HookHandler } from './hook-config';
import { interpretExit, interpretJson, type HookResult } from './hook-output';

/** Claude Code's default: 60 seconds for a command or HTTP hook, 30 for a prompt. */
export const DEFAULT_TIMEOUT_S = 60;
export const DEFAULT_PROMPT_TIMEOUT_S = 30;

export interface HandlerRuntime {
  workspace: Workspace;
  /** Settings `env` plus CLAUDE_PROJECT_DIR. */
  env: Record<string, string>;
  signal: AbortSignal;
  fetch?: typeof fetch;
  /** The model for prompt hooks: the session's, or the handler's `model` when one is configured. */
  provider?: (model?: string) => Provider | undefined;
}

export async function runHookHandler(
  handler: HookHandler,
  event: HookEventName,
  input: Record<string, unknown>,
  rt: HandlerRuntime,
): Promise<HookResult> {
  const json = JSON.stringify(input);
  try {
    switch (handler.type) {
      case 'command':
        return await runCommand(handler.command, event, json, rt, seconds(handler.timeout, DEFAULT_TIMEOUT_S));
      case 'http':
        return await runHttp(handler, event, json, rt, seconds(handler.timeout, DEFAULT_TIMEOUT_S));
      case 'prompt':
        return await runPrompt(handler, event, json, rt, seconds(handler.timeout, DEFAULT_PROMPT_TIMEOUT_S));
    }
  } catch (error) {
    if (rt.signal.aborted) return { outcome: 'cancelled' };
    return { outcome: 'error', error: error instanceof Error ? error.message : String(error) };
  }
}

const seconds = (value: number | undefined, fallback: number): number => Math.round((value ?? fallback) * 1000);

async function runCommand(
  command: string,
  event: HookEventName,
  stdin: string,
  rt: HandlerRuntime,
  timeoutMs: number,
): Promise<HookResult> {
  const root = rt.workspace.root;
  const line = await scriptInvocation(command, rt);
  // A subshell: a hook's `cd` or `export` must not move the agent's shell, which carries state across calls.
  const result = await rt.workspace.exec(`(cd ${quote(root)} && ${line}\n)`, {
    stdin,
    env: rt.env,
    timeoutMs,
    signal: rt.signal,
  });
  if (result.aborted && rt.signal.aborted) return { outcome: 'cancelled' };
  if (result.timedOut) return { outcome: 'timeout', error: `did not finish within ${timeoutMs / 1000} s` };
  return interpretExit(event, result.exitCode, result.stdout, result.stderr);
}

/**
 * Repository files lose their executable bit (git in the page and the lite tree keep no modes), so a
 * hook that names a script with a shell `#!` line runs it with bash, as the executable would have.
 */
async function scriptInvocation(command: string, rt: HandlerRuntime): Promise<string> {
  // The first shell word, quoted parts and all: `"$CLAUDE_PROJECT_DIR"/.claude/hooks/check.sh`.
  const match = /^\s*((?:"[^"]*"|'[^']*'|[^\s"'])+)([\s\S]*)$/.exec(command);
  if (!match) return command;
  const first = match[1].replace(/["']/g, '');
  const path = first
    .replace(/\$\{?CLAUDE_PROJECT_DIR\}?/g, rt.workspace.root)
    .replace(/^~\//, `${rt.env.HOME ?? '/home/user'}/`);
  if (!path.includes('/')) return command;
  try {
    const stat = await rt.workspace.stat(path);
    if (stat?.kind !== 'file') return command;
    const head = (await rt.workspace.readText(path)).slice(0, 120);
    if (/^#!.*\b(ba|z|da)?sh\b/.test(head)) return `bash ${match[1]}${match[2]}`;
  } catch {
    // outside the workspace or unreadable: run as written and let the shell say why
  }
  return command;
}

async function runHttp(
  handler: Extract<HookHandler, { type: 'http' }>,
  event: HookEventName,
  body: string,
  rt: HandlerRuntime,
  timeoutMs: number,
): Promise<HookResult> {
  const fetcher = rt.fetch ?? globalThis.fetch;
  const allowed = new Set(handler.allowedEnvVars ?? []);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [key, value] of Object.entries(handler.headers ?? {})) {
    // Only variables the hook lists may be put into headers (Claude Code's allowedEnvVars).
    headers[key] = value.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a?: string, b?: string) => {
      const name = (a ?? b)!;
      return allowed.has(name) ? (rt.env[name] ?? '') : '';
    });
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetcher(handler.url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.any([rt.signal, timeout]),
    });
  } catch (error) {
    if (rt.signal.aborted) return { outcome: 'cancelled' };
    if (timeout.aborted) return { outcome: 'timeout', error: `no answer within ${timeoutMs / 1000} s` };
    return { outcome: 'error', error: `request failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const text = await response.text().catch(() => '');
  if (!response.ok)
    return { outcome: 'error', error: `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}` };
  if (!text.trim()) return { outcome: 'success' };
  try {
    return interpretJson(event, JSON.parse(text));
  } catch {
    return { outcome: 'error', error: 'answered with a body that is not JSON' };
  }
}

const PROMPT_SYSTEM =
  'You check one step of a coding agent for its user. You are given a condition and the event as JSON. ' +
  'Reply with only a JSON object: {"ok": true} when the step may go ahead, or {"ok": false, "reason": "<one sentence for the agent>"} when it must not.';

async function runPrompt(
  handler: Extract<HookHandler, { type: 'prompt' }>,
  event: HookEventName,
  json: string,
  rt: HandlerRuntime,
  timeoutMs: number,
): Promise<HookResult> {
  const provider = rt.provider?.(handler.model);
  if (!provider) return { outcome: 'error', error: 'no model is configured to judge prompt hooks' };
  const prompt = handler.prompt.includes('$ARGUMENTS')
    ? handler.prompt.replace(/\$ARGUMENTS/g, json)
    : `${handler.prompt}\n\nEvent:\n${json}`;
  const timeout = AbortSignal.timeout(timeoutMs);
  let text = '';
  const stream = provider.stream(
    {
      model: provider.model,
      system: PROMPT_SYSTEM,
      messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }],
      tools: [],
      maxTokens: 300,
    },
    AbortSignal.any([rt.signal, timeout]),
  );
  for await (const part of stream) {
    if (part.type === 'text-delta') text += part.text;
    if (part.type === 'error') {
      if (rt.signal.aborted) return { outcome: 'cancelled' };
      if (timeout.aborted)
        return { outcome: 'timeout', error: `the model did not answer within ${timeoutMs / 1000} s` };
      return { outcome: 'error', error: part.error.message };
    }
  }
  const found = /\{[\s\S]*\}/.exec(text);
  if (!found) return { outcome: 'error', error: 'the model did not answer with JSON' };
  let answer: unknown;
  try {
    answer = JSON.parse(found[0]);
  } catch {
    return { outcome: 'error', error: 'the model answered with malformed JSON' };
  }
  const a = answer as { ok?: unknown; reason?: unknown; decision?: unknown };
  if (a.ok === true || a.decision === 'approve') return { outcome: 'success' };
  if (a.ok === false || a.decision === 'block') {
    const reason = typeof a.reason === 'string' && a.reason ? a.reason : 'The prompt hook said no.';
    if (event === 'PreToolUse')
      return { outcome: 'blocked', block: reason, permissionDecision: 'deny', permissionReason: reason };
    return { outcome: 'blocked', block: reason };
  }
  return interpretJson(event, answer);
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
