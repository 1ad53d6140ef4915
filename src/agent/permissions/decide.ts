// The permission decision for one validated tool call: deny rules, then plan mode, ask rules,
// allow rules, then the mode's default; dontAsk turns every remaining "ask" into "deny". Shell
// commands are decided on their parse (shell.ts). Pure: no I/O, no state beyond parse caches.
import type { PermissionSubject, Tool } from '../../tools/types';
import { loadShellParser } from '../../workspace/shell-syntax';
import type { Workspace } from '../../workspace/types';
import type { PermissionMode, RuleLists } from '../events';
import { editableByMode } from './paths';
import {
  absolutePath,
  matchPath,
  parseRule,
  relativeToRoot,
  ruleMatches,
  ruleNamesTool,
  type ParsedRule,
} from './rules';
import { decideShell } from './shell';
import { suggestRule } from './suggest';
import type { DecideArgs, PermissionDecision, RefusalDecision } from './types';

const PLAN_MESSAGE =
  'Plan mode is on: you may read and search, but you must not change files, run commands or fetch from the network. ' +
  'Finish investigating, then present your plan to the user (with ExitPlanMode if it is available) and wait for approval.';

const parseCache = new Map<string, ParsedRule | null>();

function parsedList(rules: string[]): ParsedRule[] {
  const out: ParsedRule[] = [];
  for (const raw of rules) {
    let parsed = parseCache.get(raw);
    if (parsed === undefined) {
      const result = parseRule(raw);
      parsed = 'error' in result ? null : result;
      parseCache.set(raw, parsed);
    }
    if (parsed) out.push(parsed); // invalid rules are ignored here; settings show parseRule's error
  }
  return out;
}

/** Decides whether a call may run. Invalid rules are skipped (report them with parseRule). */
export function decidePermission(args: DecideArgs): PermissionDecision {
  const { tool, input, rules, root } = args;
  const mode: PermissionMode = args.mode ?? 'default';
  const subject = tool.permission(input);
  const what = describeCall(tool, subject, root);
  const deny = parsedList(rules.deny);
  const ask = parsedList(rules.ask);
  const allow = parsedList(rules.allow);

  if (subject.ruleName === 'Bash' && subject.value !== undefined) {
    const bash = (list: ParsedRule[]): ParsedRule[] => list.filter((r) => ruleNamesTool(r, tool, subject));
    return decideShell({
      args: { ...args, mode },
      command: subject.value,
      rules: { deny, ask, allow, bashDeny: bash(deny), bashAsk: bash(ask), bashAllow: bash(allow) },
      what,
      planDeny: () => planDeny(what),
    });
  }

  const denied = deny.find((rule) => ruleMatches(rule, tool, subject, root));
  if (denied) {
    return {
      behavior: 'deny',
      reason: `denied by rule ${denied.raw}`,
      message: `Permission to ${what} was denied by the rule ${denied.raw}. Do not retry it or work around it; tell the user if it blocks the task.`,
    };
  }
  // Plan mode changes nothing and runs nothing, whatever the allow rules say.
  if (mode === 'plan' && (tool.kind === 'write' || tool.kind === 'exec')) return planDeny(what);

  const asked = ask.find((rule) => ruleMatches(rule, tool, subject, root));
  if (asked) return finish(mode, what, askDecision(`rule ${asked.raw} asks first`, tool, input, root));

  const allowed = allow.find((rule) => ruleMatches(rule, tool, subject, root));
  if (allowed) return { behavior: 'allow', reason: `allowed by rule ${allowed.raw}` };

  return finish(mode, what, modeDefault(tool, subject, mode, what, input, root));
}

/**
 * Decides a call in a workspace: the shell's own cwd and exported variables, and on the first Bash
 * call a wait for the parser (it lives in the lazily loaded just-bash chunk).
 */
export async function decideInWorkspace(
  args: Omit<DecideArgs, 'root' | 'cwd' | 'env'>,
  workspace: Pick<Workspace, 'root' | 'shellState'>,
): Promise<PermissionDecision> {
  if (args.tool.permission(args.input).ruleName === 'Bash') await loadShellParser().catch(() => undefined);
  const shell = workspace.shellState();
  return decidePermission({ ...args, root: workspace.root, cwd: shell.cwd, env: shell.env });
}

/** In dontAsk mode whatever would ask is denied, without a dialog. */
function finish(mode: PermissionMode, what: string, decision: PermissionDecision): PermissionDecision {
  if (mode !== 'dontAsk' || decision.behavior !== 'ask') return decision;
  return {
    behavior: 'deny',
    reason: `dontAsk mode: ${decision.reason}`,
    message: `Not allowed to ${what}: ${decision.reason}. The permission mode is dontAsk, so anything the user has not approved in advance is denied; do it another way or tell the user what you need.`,
  };
}

/**
 * A predicate for paths covered by path-specific Read deny rules, or undefined when there are none
 * (the common case costs nothing per file).
 */
export function readDeniedPredicate(rules: RuleLists, root: string): ((absPath: string) => boolean) | undefined {
  const readDenies = parsedList(rules.deny).filter((rule) => rule.specifier && rule.toolName === 'Read');
  if (readDenies.length === 0) return undefined;
  return (absPath) => readDenies.some((rule) => matchPath(rule.specifier!, absPath, root));
}

function planDeny(what: string): RefusalDecision {
  return { behavior: 'deny', reason: 'plan mode is read-only', message: `Not allowed to ${what}. ${PLAN_MESSAGE}` };
}

function askDecision(reason: string, tool: Tool, input: unknown, root: string): PermissionDecision {
  return { behavior: 'ask', reason, suggestedRule: suggestRule(tool, input, root) };
}

function modeDefault(
  tool: Tool,
  subject: PermissionSubject,
  mode: PermissionMode,
  what: string,
  input: unknown,
  root: string,
): PermissionDecision {
  if (mode === 'bypassPermissions') return { behavior: 'allow', reason: 'bypassPermissions mode' };
  switch (tool.kind) {
    case 'read':
      return { behavior: 'allow', reason: 'read-only tool' };
    case 'meta':
      return { behavior: 'allow', reason: 'planning tool' };
    case 'agent':
      return { behavior: 'allow', reason: "subagents ask for their own tools' permissions" };
    case 'write': {
      if (mode === 'acceptEdits') {
        if (subject.value !== undefined && editableByMode(subject.value, root)) {
          return { behavior: 'allow', reason: 'acceptEdits mode: file change inside the workspace' };
        }
        const rel = subject.value === undefined ? null : relativeToRoot(subject.value, root);
        const why = rel === null ? 'the path is outside the workspace' : `${rel || 'the root'} is a protected path`;
        return askDecision(`acceptEdits mode does not cover this edit: ${why}`, tool, input, root);
      }
      return askDecision('file changes ask first', tool, input, root);
    }
    case 'exec':
    case 'network':
    default:
      if (mode === 'plan') return planDeny(what);
      return askDecision(
        tool.kind === 'network' ? 'network requests ask first' : 'commands ask first',
        tool,
        input,
        root,
      );
  }
}

function describeCall(tool: Tool, subject: PermissionSubject, root: string): string {
  const v = subject.value;
  if (v === undefined) return `use ${tool.name}`;
  if (subject.ruleName === 'Bash') return `run \`${v.length > 200 ? `${v.slice(0, 200)}…` : v}\``;
  if (subject.ruleName === 'Read' || subject.ruleName === 'Edit') {
    const rel = relativeToRoot(v, root);
    return `use ${tool.name} on ${rel === null ? absolutePath(v, root) : rel || '/'}`;
  }
  return `use ${tool.name} with ${v}`;
}
