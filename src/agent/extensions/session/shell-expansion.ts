// `` !`command` `` in an invoked skill or command runs in the workspace shell through the agent's
// normal permission path: the same decision as a Bash call (with the skill's allowed-tools layered
// on), the same permission dialog when it asks, and the answer recorded in the stream.
import type { AgentHost } from '../../agent-hooks';
import type { AgentLabel, PermissionAnswer, RuleLists } from '../../events';
import { newId } from '../../ids';
import { decidePermission } from '../../permissions';
import { bashTool } from '../../../tools/bash';
import type { Tool } from '../../../tools/types';

/** How long one `!` command may run. */
export const SHELL_EXPANSION_TIMEOUT_MS = 30_000;
/** Characters of its output kept in the prompt. */
export const MAX_SHELL_OUTPUT_CHARS = 20_000;

export interface ShellExpansionContext {
  host: AgentHost;
  turnId: string;
  rules: RuleLists;
  signal: AbortSignal;
  /** Who runs it, for the dialog: `/deploy`. */
  invokedAs: string;
  agent?: AgentLabel;
  env?: Record<string, string>;
}

export async function runShellExpansion(command: string, ctx: ShellExpansionContext): Promise<string> {
  const { host } = ctx;
  const tool: Tool = host.agent.toolList.find((t) => t.name === 'Bash') ?? bashTool;
  const input = { command };
  const decision = decidePermission({
    tool,
    input,
    mode: host.agent.mode,
    rules: ctx.rules,
    root: host.agent.workspace.root,
  });
  if (decision.behavior === 'deny') return `[\`${command}\` was not run: ${decision.reason}]`;
  if (decision.behavior === 'ask') {
    const callId = newId('shell');
    host.emit({
      type: 'permission-asked',
      turnId: ctx.turnId,
      callId,
      toolName: 'Bash',
      summary: `Bash: ${command} (for ${ctx.invokedAs})`,
      suggestedRule: decision.suggestedRule,
      ...(ctx.agent ? { agent: ctx.agent } : {}),
    });
    const answer = await answerOrAbort(host.waitForAnswer(callId), ctx.signal);
    host.emit({
      type: 'permission-answered',
      turnId: ctx.turnId,
      callId,
      answer,
      ...(ctx.agent ? { agent: ctx.agent } : {}),
    });
    if (answer.decision === 'deny') return `[\`${command}\` was not run: the user declined it]`;
    if (answer.decision === 'allow-always' && !host.agent.rules.allow.includes(answer.rule)) {
      const rules = host.agent.rules;
      host.emit({
        type: 'rules-changed',
        allow: [...rules.allow, answer.rule],
        ask: [...rules.ask],
        deny: [...rules.deny],
      });
    }
  }
  if (ctx.signal.aborted) return `[\`${command}\` was not run: interrupted]`;
  const result = await host.agent.workspace.exec(command, {
    timeoutMs: SHELL_EXPANSION_TIMEOUT_MS,
    signal: ctx.signal,
    env: ctx.env,
  });
  let out = [result.stdout.replace(/\n+$/, ''), result.stderr.replace(/\n+$/, '')].filter(Boolean).join('\n');
  if (out.length > MAX_SHELL_OUTPUT_CHARS) out = `${out.slice(0, MAX_SHELL_OUTPUT_CHARS)}\n[… output cut]`;
  if (result.timedOut) out += `\n[timed out after ${SHELL_EXPANSION_TIMEOUT_MS / 1000} s]`;
  else if (result.exitCode !== 0) out += `\n[exit code ${result.exitCode}]`;
  return out.trim();
}

function answerOrAbort(answer: Promise<PermissionAnswer>, signal: AbortSignal): Promise<PermissionAnswer> {
  if (signal.aborted) return Promise.resolve({ decision: 'deny', message: 'interrupted' });
  return new Promise((resolve) => {
    const onAbort = () => resolve({ decision: 'deny', message: 'interrupted' });
    signal.addEventListener('abort', onAbort, { once: true });
    void answer.then((a) => {
      signal.removeEventListener('abort', onAbort);
      resolve(a);
    });
  });
}
