// The permission decision for one validated tool call: deny rules, then ask rules, then
// allow rules, then the mode's default. Pure: no I/O, no state beyond parse caches.
import { domainOf } from '../lib/paths-and-urls';
import type { PermissionSubject, Tool } from '../tools/types';
import type { PermissionMode, RuleLists } from './events';
import {
  absolutePath,
  formatRule,
  isExactCommandSpecifier,
  matchCommand,
  matchPath,
  parseRule,
  relativeToRoot,
  ruleMatches,
  ruleNamesTool,
  type ParsedRule,
} from './permission-rules';
import { shellWords, splitShellCommand, type ShellSplit } from './shell-split';

export { parseRule, type ParsedRule } from './permission-rules';

export type PermissionDecision =
  | { behavior: 'allow'; reason: string }
  | { behavior: 'ask'; reason: string; suggestedRule: string }
  | { behavior: 'deny'; reason: string; /** What the model reads. */ message: string };

export interface DecideArgs {
  tool: Tool;
  /** Already validated against tool.input. */
  input: unknown;
  mode: PermissionMode;
  rules: RuleLists;
  /** Absolute workspace root. */
  root: string;
}

/**
 * Shell commands that only read, auto-allowed in every mode when all of a command's parts
 * are among them and nothing is redirected to a file. Kept deliberately small.
 */
export const READ_ONLY_COMMANDS: ReadonlySet<string> = new Set([
  'cd',
  'pwd',
  'ls',
  'cat',
  'head',
  'tail',
  'wc',
  'echo',
  'printf',
  'which',
  'type',
  'file',
  'stat',
  'du',
  'df',
  'tree',
  'grep',
  'egrep',
  'fgrep',
  'rg',
  'diff',
  'cmp',
  'basename',
  'dirname',
  'realpath',
  'readlink',
  'date',
  'true',
  'false',
  'whoami',
  'uname',
  'nl',
  'cut',
  'tr',
  'jq',
  'od',
  'hexdump',
  'md5sum',
  'sha1sum',
  'sha256sum',
  'find',
  'sort',
  'uniq',
  'git',
]);

/** Read-only git subcommands (no `--output`, which writes a file). */
const READ_ONLY_GIT = new Set([
  'status',
  'log',
  'diff',
  'show',
  'ls-files',
  'rev-parse',
  'blame',
  'shortlog',
  'describe',
]);

/** In acceptEdits mode these run without asking when every path they name lies in the workspace. */
export const ACCEPT_EDITS_COMMANDS: ReadonlySet<string> = new Set(['mkdir', 'touch', 'rm', 'rmdir', 'mv', 'cp', 'sed']);

/** Writes here are never auto-approved by a mode (bypassPermissions aside): repository state and agent config. */
const PROTECTED_DIRS = ['.git', '.claude', '.vscode', '.idea'];
const UNPROTECTED_CLAUDE_DIRS = ['.claude/commands', '.claude/agents', '.claude/skills'];

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
  const call: Call = { tool, subject, root, shell: shellOf(subject) };
  const deny = parsedList(rules.deny);
  const ask = parsedList(rules.ask);
  const allow = parsedList(rules.allow);

  const denied = findBroad(deny, call);
  if (denied) {
    return {
      behavior: 'deny',
      reason: `denied by rule ${denied}`,
      message: `Permission to ${what} was denied by the rule ${denied}. Do not retry it or work around it; tell the user if it blocks the task.`,
    };
  }

  if (mode === 'plan' && tool.kind === 'write') return planDeny(what);

  const asked = findBroad(ask, call);
  if (asked)
    return { behavior: 'ask', reason: `rule ${asked} asks first`, suggestedRule: suggestRule(tool, input, root) };

  if (call.shell) return decideShell(call, allow, mode, what, input);

  const allowed = allow.find((rule) => ruleMatches(rule, tool, subject, root));
  if (allowed) return { behavior: 'allow', reason: `allowed by rule ${allowed.raw}` };

  return modeDefault(call, mode, what, input);
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

interface Call {
  tool: Tool;
  subject: PermissionSubject;
  root: string;
  /** Set for Bash calls with a command. */
  shell?: { command: string; split: ShellSplit };
}

function shellOf(subject: PermissionSubject): Call['shell'] {
  if (subject.ruleName !== 'Bash' || subject.value === undefined) return undefined;
  return { command: subject.value.trim(), split: splitShellCommand(subject.value) };
}

function planDeny(what: string): PermissionDecision {
  return { behavior: 'deny', reason: 'plan mode is read-only', message: `Not allowed to ${what}. ${PLAN_MESSAGE}` };
}

function askDecision(reason: string, tool: Tool, input: unknown, root: string): PermissionDecision {
  return { behavior: 'ask', reason, suggestedRule: suggestRule(tool, input, root) };
}

/** The first rule that matches the call, matching a shell command broadly (any part, or wrappers removed). */
function findBroad(rules: ParsedRule[], call: Call): string | undefined {
  for (const rule of rules) {
    if (!call.shell) {
      if (ruleMatches(rule, call.tool, call.subject, call.root)) return rule.raw;
      continue;
    }
    if (!ruleNamesTool(rule, call.tool, call.subject)) continue;
    if (rule.specifier === undefined) return rule.raw;
    const spec = rule.specifier;
    if (broadCandidates(call.shell).some((candidate) => matchCommand(spec, candidate))) return rule.raw;
  }
  return undefined;
}

/** Everything a deny or ask rule should see: the whole line, each part, and each part without env assignments or wrappers. */
function broadCandidates(shell: { command: string; split: ShellSplit }, depth = 0): string[] {
  const out = [shell.command];
  for (const part of shell.split.commands) {
    out.push(part);
    const { words } = shellWords(part);
    const bare = words.join(' ');
    if (bare && bare !== part) out.push(bare);
    const inner = unwrap(words);
    if (inner.length && inner.length < words.length) out.push(inner.join(' '));
    // `bash -c "…"` and `eval …` run a script of their own.
    let script: string | undefined;
    if (/^(ba|z|da)?sh$/.test(inner[0] ?? '')) {
      const c = inner.indexOf('-c');
      script = c > 0 ? inner[c + 1] : undefined;
    } else if (inner[0] === 'eval') script = inner.slice(1).join(' ');
    if (script && depth < 3)
      out.push(...broadCandidates({ command: script, split: splitShellCommand(script) }, depth + 1));
  }
  return out;
}

/** Drops command wrappers (`env X=1`, `nohup`, `timeout 5`, `xargs -n1` …) to reach the command that runs. */
function unwrap(words: string[]): string[] {
  let w = words;
  for (let guard = 0; guard < 8 && w.length; guard++) {
    const [head, ...rest] = w;
    let i = 0;
    if (head === 'env') {
      while (i < rest.length && (rest[i].startsWith('-') || rest[i].includes('='))) i += rest[i] === '-u' ? 2 : 1;
    } else if (['command', 'builtin', 'exec', 'nohup', 'time', 'nice', 'stdbuf'].includes(head)) {
      while (i < rest.length && rest[i].startsWith('-')) i += rest[i] === '-n' ? 2 : 1;
    } else if (head === 'timeout') {
      while (i < rest.length && rest[i].startsWith('-')) i += rest[i] === '-s' || rest[i] === '-k' ? 2 : 1;
      i++; // the duration
    } else if (head === 'xargs') {
      while (i < rest.length && rest[i].startsWith('-')) i += /^-[InLPdEsa]$/.test(rest[i]) ? 2 : 1;
    } else break;
    w = rest.slice(i);
  }
  return w;
}

function decideShell(
  call: Call,
  allow: ParsedRule[],
  mode: PermissionMode,
  what: string,
  input: unknown,
): PermissionDecision {
  const { tool, subject, root } = call;
  const shell = call.shell!;
  for (const rule of allow) {
    if (!ruleNamesTool(rule, tool, subject)) continue;
    if (rule.specifier === undefined) return { behavior: 'allow', reason: `allowed by rule ${rule.raw}` };
    // An exact rule approved this very line, so it needs no splitting.
    if (isExactCommandSpecifier(rule.specifier) && matchCommand(rule.specifier, shell.command)) {
      return { behavior: 'allow', reason: `allowed by rule ${rule.raw}` };
    }
  }
  if (mode === 'bypassPermissions') return { behavior: 'allow', reason: 'bypassPermissions mode' };

  if (shell.split.ok && shell.split.commands.length > 0) {
    const reasons: string[] = [];
    let allParts = true;
    for (const part of shell.split.commands) {
      const why = partAllowed(part, allow, call, mode);
      if (!why) {
        allParts = false;
        break;
      }
      if (!reasons.includes(why)) reasons.push(why);
    }
    if (allParts) return { behavior: 'allow', reason: reasons.join('; ') };
  }

  if (mode === 'plan') return planDeny(what);
  const why = !shell.split.ok
    ? `the command could not be analysed (${shell.split.problem}), so no rule can allow it`
    : shell.split.commands.length > 1
      ? 'not every part of the compound command is allowed'
      : 'shell commands ask first';
  return askDecision(why, tool, input, root);
}

/** Why one simple command may run without asking, or null. */
function partAllowed(part: string, allow: ParsedRule[], call: Call, mode: PermissionMode): string | null {
  for (const rule of allow) {
    if (
      rule.specifier !== undefined &&
      ruleNamesTool(rule, call.tool, call.subject) &&
      matchCommand(rule.specifier, part)
    ) {
      return `allowed by rule ${rule.raw}`;
    }
  }
  const parsed = shellWords(part);
  if (parsed.dynamic || parsed.assignments.length) return null;
  const [name, ...args] = parsed.words;
  if (!name) return null;
  const redirectsOk = parsed.redirects.every((target) => target === '/dev/null');
  if (redirectsOk && isReadOnlyCommand(name, args)) return 'read-only command';
  if (mode === 'acceptEdits') {
    const targets = parsed.redirects.filter((t) => t !== '/dev/null');
    const fsCommand = ACCEPT_EDITS_COMMANDS.has(name);
    if (!fsCommand && !(isReadOnlyCommand(name, args) && targets.length)) return null;
    const paths = [...targets, ...(fsCommand ? args.filter((a) => !a.startsWith('-')) : [])];
    if (paths.every((p) => editableByMode(p, call.root))) return 'acceptEdits mode: file change inside the workspace';
  }
  return null;
}

function isReadOnlyCommand(name: string, args: string[]): boolean {
  if (!READ_ONLY_COMMANDS.has(name)) return false;
  switch (name) {
    case 'git': {
      const sub = args.find((a) => !a.startsWith('-'));
      const globalsOk = args.slice(0, args.indexOf(sub ?? '')).every((a) => a === '--no-pager');
      return (
        !!sub &&
        globalsOk &&
        READ_ONLY_GIT.has(sub) &&
        !args.some((a) => a.startsWith('--output') || a === '--ext-diff')
      );
    }
    case 'find':
      return !args.some((a) => /^-(exec|execdir|ok|okdir|delete|fprint|fprint0|fprintf|fls)$/.test(a));
    case 'sort':
      return !args.some(
        (a) => /^-[a-zA-Z]*o/.test(a) || a.startsWith('--output') || a.startsWith('--compress-program'),
      );
    case 'rg':
      return !args.some((a) => a.startsWith('--pre')); // runs a preprocessor program
    case 'tree':
      return !args.some((a) => a === '-o');
    case 'file':
      return !args.some((a) => /^-[a-zA-Z]*C/.test(a) || a === '--compile');
    case 'uniq':
      return args.filter((a) => !a.startsWith('-')).length <= 1; // a second operand is an output file
    case 'date':
      return !args.some((a) => a === '-s' || a.startsWith('--set'));
    default:
      return true;
  }
}

/** Inside the workspace and outside the protected directories. */
function editableByMode(path: string, root: string): boolean {
  const rel = relativeToRoot(path, root);
  if (rel === null || rel === '') return false;
  if (rel.startsWith('..')) return false;
  return !isProtected(rel);
}

function isProtected(rel: string): boolean {
  const inside = (dir: string): boolean => rel === dir || rel.startsWith(`${dir}/`);
  return PROTECTED_DIRS.some(inside) && !UNPROTECTED_CLAUDE_DIRS.some(inside);
}

function modeDefault(call: Call, mode: PermissionMode, what: string, input: unknown): PermissionDecision {
  const { tool, subject, root } = call;
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

// ── suggestions for "always allow" ─────────────────────────────────────────────────────

/** Commands whose second word is the real action, so a suggested rule keeps it (`git commit`, `npm test`). */
const TWO_WORD_COMMANDS = new Set([
  'npm',
  'npx',
  'pnpm',
  'yarn',
  'bun',
  'bunx',
  'deno',
  'git',
  'cargo',
  'go',
  'pip',
  'pip3',
  'poetry',
  'uv',
  'docker',
  'kubectl',
  'gh',
  'make',
  'dotnet',
  'mvn',
  'gradle',
  'rails',
  'bundle',
  'composer',
  'turbo',
  'nx',
]);
/** Package-manager subcommands that take a script name: `npm run build` suggests `npm run build:*`. */
const SCRIPT_RUNNERS = new Set(['run', 'run-script', 'exec', 'x', 'dlx']);

/** The rule an "Always allow" answer would add for this call. */
export function suggestRule(tool: Tool, input: unknown, root: string): string {
  const subject = tool.permission(input);
  const name = subject.ruleName;
  const v = subject.value;
  if (v === undefined) return name;
  if (name === 'Bash') return suggestBashRule(v);
  if (name === 'WebFetch') {
    const host = domainOf(v);
    return host ? formatRule('WebFetch', `domain:${host}`) : name;
  }
  if (name === 'Read' || name === 'Edit') {
    const rel = relativeToRoot(v, root);
    if (rel === null) {
      const abs = absolutePath(v, root);
      const dir = abs.slice(0, abs.lastIndexOf('/')) || '';
      return formatRule(name, `/${dir}/**`);
    }
    const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
    return dir ? formatRule(name, `${dir}/**`) : name;
  }
  return name;
}

function suggestBashRule(command: string): string {
  const split = splitShellCommand(command);
  if (!split.ok || split.commands.length === 0) return formatRule('Bash', command.trim());
  // Prefer the part that is not plain navigation: `cd app && npm test` → the npm test part.
  const part = split.commands.find((c) => !/^(cd|pwd)(\s|$)/.test(c)) ?? split.commands[0];
  const { words, assignments, dynamic } = shellWords(part);
  if (assignments.length || words.length === 0) return formatRule('Bash', part);
  let take = 1;
  if (TWO_WORD_COMMANDS.has(words[0]) && words[1] && !words[1].startsWith('-')) {
    take = SCRIPT_RUNNERS.has(words[1]) && words[2] && !words[2].startsWith('-') ? 3 : 2;
  }
  const prefix = words.slice(0, take);
  if (dynamic && prefix.some((w) => /[$`]/.test(w))) return formatRule('Bash', part);
  if (prefix.some((w) => /[\s*():]/.test(w))) return formatRule('Bash', part);
  return formatRule('Bash', `${prefix.join(' ')}:*`);
}
