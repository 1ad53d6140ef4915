import { analyseScript, loadedShellParser, type ShellAnalysis, type ShellParser } from '../../workspace/shell-syntax';
import type { PermissionMode } from '../events';
import { displayPath, editableByMode, type Resolved } from './paths';
import { buildReview, environmentProblems } from './review';
import { matchCommand, matchPath, isExactCommandSpecifier, type ParsedRule } from './rules';
import { ruleCandidates } from './shell-candidates';
import { suggestShellRule } from './suggest';
import { lineParts, type LineParts, type Part, type PathUse } from './shell-parts';
import type { DecideArgs, PermissionDecision, RefusalDecision } from './types';

// The permission decision for one Bash command line, on just-bash's own parse of it:
// deny rules (Bash, and Edit/Read for the paths it writes and reads), then plan mode (read-only
// or nothing), ask rules, bypassPermissions, rules for the whole line, and finally every command
// and every write of the line must be approved: as read-only, by an allow rule, or by acceptEdits.

export interface ShellRules {
  deny: ParsedRule[];
  ask: ParsedRule[];
  allow: ParsedRule[];
  /** Bash rules of each list (the tool-level filtering is done by the caller). */
  bashDeny: ParsedRule[];
  bashAsk: ParsedRule[];
  bashAllow: ParsedRule[];
}

export interface ShellDecisionContext {
  args: DecideArgs;
  command: string;
  rules: ShellRules;
  /** `run \`…\``, for messages. */
  what: string;
  planDeny: () => RefusalDecision;
}

const EDIT_FAMILY = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);

/** What the line does, as far as the gate cares. */
interface Line {
  analysis: ShellAnalysis | null;
  parseError?: string;
  parts: LineParts | null;
  candidates: string[];
  problems: string[];
}

function readLine(ctx: ShellDecisionContext, parser: ShellParser | null): Line {
  const { args, command } = ctx;
  const trimmed = command.trim();
  if (!parser)
    return {
      analysis: null,
      parseError: 'the shell parser has not loaded',
      parts: null,
      candidates: [trimmed],
      problems: [],
    };
  const parsed = parser.parse(command);
  if (!parsed.ok) return { analysis: null, parseError: parsed.error, parts: null, candidates: [trimmed], problems: [] };
  const analysis = analyseScript(parsed.script, { cwd: args.cwd ?? args.root, cdpath: !!args.env?.CDPATH });
  return {
    analysis,
    parts: lineParts(analysis, args.root),
    candidates: ruleCandidates(trimmed, analysis, parser),
    problems: analysis.problems,
  };
}

export function decideShell(ctx: ShellDecisionContext): PermissionDecision {
  const { args, rules } = ctx;
  const mode: PermissionMode = args.mode;
  const line = readLine(ctx, loadedShellParser());
  const parts = line.parts;
  const writes = parts ? [...parts.parts.flatMap((p) => p.writes), ...parts.compoundWrites] : [];
  const reads = parts ? [...parts.parts.flatMap((p) => p.reads), ...parts.compoundReads] : [];
  const editRules = (list: ParsedRule[]) => list.filter((r) => EDIT_FAMILY.has(r.toolName));
  const readRules = (list: ParsedRule[]) => list.filter((r) => r.toolName === 'Read');
  const covers = (rule: ParsedRule, path: string): boolean =>
    rule.specifier === undefined || matchPath(rule.specifier, path, args.root);

  // 1. Deny rules: the command (any part, unwrapped, nested), then the paths it writes and reads.
  const bashDenied = rules.bashDeny.find(
    (r) => r.specifier === undefined || line.candidates.some((c) => matchCommand(r.specifier!, c)),
  );
  if (bashDenied)
    return denied(
      `denied by rule ${bashDenied.raw}`,
      `Permission to ${ctx.what} was denied by the rule ${bashDenied.raw}.`,
    );
  for (const [uses, list, verb] of [
    [writes, editRules(rules.deny), 'change'],
    [reads, readRules(rules.deny), 'read'],
  ] as const) {
    for (const use of uses) {
      if (!use.resolved.ok) continue;
      const rule = list.find((r) => (use.resolved as { paths: string[] }).paths.some((p) => covers(r, p)));
      if (rule)
        return denied(
          `denied by rule ${rule.raw}`,
          `The command would ${verb} ${use.text}, which the rule ${rule.raw} denies.`,
        );
    }
  }

  const envProblems = environmentProblems(args.env);
  const readOnlyLine =
    !!parts &&
    line.problems.length === 0 &&
    envProblems.length === 0 &&
    writes.length === 0 &&
    parts.parts.every((p) => p.readOnly.ok);

  // 2. Plan mode runs what is read-only and nothing else, whatever the allow rules say.
  if (mode === 'plan' && !readOnlyLine) return ctx.planDeny();

  // 3. Ask rules, and paths a deny or ask rule cannot be checked against.
  const ask = (reason: string): RefusalDecision => askOrDeny(ctx, reason, line, parts);
  const bashAsked = rules.bashAsk.find(
    (r) => r.specifier === undefined || line.candidates.some((c) => matchCommand(r.specifier!, c)),
  );
  if (bashAsked) return ask(`rule ${bashAsked.raw} asks first`);
  const editAsk = editRules(rules.ask);
  for (const use of writes) {
    if (!use.resolved.ok) {
      if (editRules(rules.deny).length + editAsk.length)
        return ask(`${use.text}: ${use.resolved.why}, so the Edit rules cannot be checked`);
      continue;
    }
    const rule = editAsk.find((r) => (use.resolved as { paths: string[] }).paths.some((p) => covers(r, p)));
    if (rule) return ask(`rule ${rule.raw} asks before changing ${use.text}`);
  }
  if (readRules(rules.deny).length) {
    const unsure = reads.find((use) => !use.listOnly && (!use.resolved.ok || use.recursive));
    if (unsure) {
      return ask(
        unsure.resolved.ok
          ? `it reads ${unsure.text} recursively, and a Read deny rule may cover files inside`
          : `${unsure.text}: ${unsure.resolved.why}, so the Read deny rules cannot be checked`,
      );
    }
  }

  // 4. The modes and rules that cover the whole line.
  if (mode === 'bypassPermissions') return { behavior: 'allow', reason: 'bypassPermissions mode' };
  if (mode !== 'plan') {
    const whole = rules.bashAllow.find(
      (r) =>
        r.specifier === undefined ||
        (isExactCommandSpecifier(r.specifier) && matchCommand(r.specifier, ctx.command.trim())),
    );
    if (whole) return { behavior: 'allow', reason: `allowed by rule ${whole.raw}` };
  }
  if (!parts) return ask(`the command could not be analysed (${line.parseError}), so no rule can allow it`);
  if (line.problems.length) return ask(`the analysis cannot see everything it runs: ${line.problems[0]}`);

  // 5. Every command and every write must be approved.
  if (readOnlyLine) {
    return {
      behavior: 'allow',
      reason: 'read-only command',
      readOnly: true,
      ifWrites: () =>
        mode === 'plan'
          ? ctx.planDeny()
          : askOrDeny(ctx, 'it tried to change files while running as read-only (nothing was changed)', line, parts),
    };
  }
  const reasons = new Set<string>();
  for (const part of parts.parts) {
    const verdict = approvePart(part, ctx, envProblems);
    if (!verdict.ok) return ask(verdict.why);
    reasons.add(verdict.reason);
  }
  for (const use of parts.compoundWrites) {
    const why = approveWrite(use, ctx);
    if (why) return ask(why);
    reasons.add(`${modeLabel(mode)}: file change inside the workspace`);
  }
  return { behavior: 'allow', reason: [...reasons].join('; ') };
}

type Approval = { ok: true; reason: string } | { ok: false; why: string };

function approvePart(part: Part, ctx: ShellDecisionContext, envProblems: string[]): Approval {
  const { command } = part;
  let reason: string | null = null;
  const rule = ctx.rules.bashAllow.find(
    (r) => r.specifier !== undefined && command.text && matchCommand(r.specifier, command.text),
  );
  if (rule) reason = `allowed by rule ${rule.raw}`;
  else if (part.readOnly.ok && envProblems.length === 0) reason = 'read-only command';
  else if (ctx.args.mode === 'acceptEdits' && part.change?.ok)
    reason = 'acceptEdits mode: file change inside the workspace';
  if (!reason) {
    const why =
      part.change && !part.change.ok
        ? part.change.why
        : part.readOnly.ok
          ? (envProblems[0] ?? 'it is not read-only')
          : (part.readOnly.why ?? 'it is not read-only');
    return { ok: false, why: `\`${command.display}\` needs approval: ${why}` };
  }
  // A rule for the command covers what the command itself changes (`touch:*` its files), not its redirections.
  const writes = rule ? part.redirectWrites : part.writes;
  for (const use of writes) {
    const why = approveWrite(use, ctx);
    if (why) return { ok: false, why };
  }
  return {
    ok: true,
    reason: writes.length && !rule ? `${modeLabel(ctx.args.mode)}: file change inside the workspace` : reason,
  };
}

/**
 * Why a write needs the user, or null when acceptEdits or an Edit allow rule covers it. Neither
 * covers the protected directories: a write to `.git/` or `.claude/` from a shell line always asks.
 */
function approveWrite(use: PathUse, ctx: ShellDecisionContext): string | null {
  const { args, rules } = ctx;
  const resolved: Resolved = use.resolved;
  if (!resolved.ok) return `it writes ${use.text}, and ${resolved.why}`;
  const allowRules = rules.allow.filter((r) => EDIT_FAMILY.has(r.toolName));
  for (const path of resolved.paths) {
    const where = `${use.text} (${displayPath(path, args.root)})`;
    if (!editableByMode(path, args.root, { shell: true })) {
      return `it writes ${where}, which only you may approve: outside the workspace, or under .git, .claude, .vscode or .idea`;
    }
    const byRule = allowRules.some((r) => r.specifier === undefined || matchPath(r.specifier, path, args.root));
    if (!byRule && args.mode !== 'acceptEdits') return `it writes ${where}`;
  }
  return null;
}

function modeLabel(mode: PermissionMode): string {
  return mode === 'acceptEdits' ? 'acceptEdits mode' : 'an Edit allow rule';
}

function askOrDeny(ctx: ShellDecisionContext, reason: string, line: Line, parts: LineParts | null): RefusalDecision {
  if (ctx.args.mode === 'dontAsk') {
    return {
      behavior: 'deny',
      reason: `dontAsk mode: ${reason}`,
      message: `Not allowed to ${ctx.what}: ${reason}. The permission mode is dontAsk, so anything the user has not approved in advance is denied; do it another way or tell the user what you need.`,
    };
  }
  return {
    behavior: 'ask',
    reason,
    suggestedRule: suggestShellRule(ctx.command, line.analysis),
    review: buildReview(ctx.command, line.analysis, parts, line.parseError, [
      ...line.problems,
      ...environmentProblems(ctx.args.env),
    ]),
  };
}

function denied(reason: string, message: string): RefusalDecision {
  return {
    behavior: 'deny',
    reason,
    message: `${message} Do not retry it or work around it; tell the user if it blocks the task.`,
  };
}
