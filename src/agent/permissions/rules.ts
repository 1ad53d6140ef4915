// Claude Code's permission rule syntax: `Tool` or `Tool(specifier)`, parsed and matched.
// The specifier's meaning depends on the rule family the call reports (PermissionSubject):
// Bash matches the command, Read/Edit a gitignore-style path, WebFetch a domain.
import picomatch from 'picomatch/posix';
import { domainOf } from '../../lib/paths-and-urls';
import type { PermissionSubject, Tool } from '../../tools/types';

export interface ParsedRule {
  /** The rule as written. */
  raw: string;
  toolName: string;
  /** The text inside the parentheses, unescaped; undefined for a bare tool name (matches every call). */
  specifier?: string;
}

export type RuleFamily = 'command' | 'path' | 'domain' | 'value';

const PATH_RULE_TOOLS = new Set(['Read', 'Edit', 'Write', 'MultiEdit', 'NotebookEdit', 'Glob', 'Grep', 'LS']);

/** How a rule family's specifier is read, keyed by the subject's rule name. */
export function ruleFamily(ruleName: string): RuleFamily {
  if (ruleName === 'Bash') return 'command';
  if (ruleName === 'WebFetch') return 'domain';
  if (PATH_RULE_TOOLS.has(ruleName)) return 'path';
  return 'value';
}

/** Parses one rule; an invalid rule comes back as `{ error }` (never thrown) so settings can show it. */
export function parseRule(rule: string): ParsedRule | { error: string } {
  const raw = rule.trim();
  if (!raw) return { error: 'Empty rule.' };
  const open = raw.indexOf('(');
  const toolName = open < 0 ? raw : raw.slice(0, open);
  if (!/^[A-Za-z][A-Za-z0-9_-]*(?:__\*)?$/.test(toolName)) {
    return { error: `"${raw}": a rule is a tool name, optionally followed by (specifier), e.g. Bash(npm test:*).` };
  }
  if (open < 0) return { raw, toolName };
  if (!raw.endsWith(')')) return { error: `"${raw}": missing closing parenthesis.` };
  const inner = raw.slice(open + 1, -1);
  if (!balanced(inner)) return { error: `"${raw}": unbalanced parentheses (escape literal ones as \\( and \\)).` };
  const specifier = inner.replace(/\\([()])/g, '$1');
  if (!specifier.trim()) return { error: `"${raw}": empty parentheses; write ${toolName} to match every call.` };
  if (specifier === '*') return { raw, toolName }; // `Bash(*)` is the same as `Bash`

  const family = ruleFamily(toolName);
  if (family === 'command' && specifier.includes(':*') && !specifier.endsWith(':*')) {
    return {
      error: `"${raw}": ":*" is only allowed at the end, e.g. Bash(npm run:*). Use * for a wildcard elsewhere.`,
    };
  }
  if (family === 'path' && specifier.startsWith('~')) {
    return {
      error: `"${raw}": there is no home directory in the browser workspace; use a path relative to the workspace root.`,
    };
  }
  if (family === 'domain') {
    const m = /^domain:(.+)$/.exec(specifier);
    if (!m || /[\s/]/.test(m[1]))
      return { error: `"${raw}": WebFetch rules take domain:<host>, e.g. WebFetch(domain:example.com).` };
  }
  return { raw, toolName, specifier };
}

function balanced(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Writes a rule, escaping parentheses in the specifier. */
export function formatRule(toolName: string, specifier?: string): string {
  return specifier === undefined ? toolName : `${toolName}(${specifier.replace(/[()]/g, '\\$&')})`;
}

/** Does the rule name this call's tool (its rule family, its own name, an alias, or its MCP server)? */
export function ruleNamesTool(rule: ParsedRule, tool: Tool, subject: PermissionSubject): boolean {
  const name = rule.toolName;
  if (name === subject.ruleName || name === tool.name || tool.aliases?.includes(name)) return true;
  const mcp = /^mcp__([^_]+(?:_[^_]+)*)(?:__\*)?$/.exec(name);
  return !!mcp && tool.name.startsWith(`mcp__${mcp[1]}__`);
}

/**
 * Does the rule match a non-shell call? Bash calls go through matchCommand part by part
 * (see permissions.ts), because a compound command is judged per simple command.
 */
export function ruleMatches(rule: ParsedRule, tool: Tool, subject: PermissionSubject, root: string): boolean {
  if (!ruleNamesTool(rule, tool, subject)) return false;
  if (rule.specifier === undefined) return true;
  if (subject.value === undefined) return false;
  switch (ruleFamily(subject.ruleName)) {
    case 'command':
      return matchCommand(rule.specifier, subject.value);
    case 'path':
      return matchPath(rule.specifier, subject.value, root);
    case 'domain':
      return matchDomain(rule.specifier, subject.value);
    default:
      return wildcardRegExp(rule.specifier, false).test(subject.value);
  }
}

const commandMatchers = new Map<string, (command: string) => boolean>();

/**
 * Matches one simple command against a Bash specifier:
 * `npm test:*` is a prefix ending at a word boundary (`npm test`, `npm test -- -u`, not `npm testing`);
 * a `*` anywhere is a wildcard, and a single trailing ` *` also matches nothing (`ls *` matches `ls`, not `lsof`);
 * anything else must match exactly. `\*` is a literal star.
 */
export function matchCommand(specifier: string, command: string): boolean {
  let matcher = commandMatchers.get(specifier);
  if (!matcher) {
    matcher = compileCommand(specifier);
    commandMatchers.set(specifier, matcher);
  }
  return matcher(command.trim());
}

/** True when the Bash specifier has no wildcard, so it names one exact command. */
export function isExactCommandSpecifier(specifier: string): boolean {
  return !specifier.endsWith(':*') && !hasUnescapedStar(specifier);
}

function hasUnescapedStar(s: string): boolean {
  return /(^|[^\\])(\\\\)*\*/.test(s);
}

function compileCommand(specifier: string): (command: string) => boolean {
  if (specifier.endsWith(':*') && !hasUnescapedStar(specifier.slice(0, -2))) {
    const prefix = specifier
      .slice(0, -2)
      .replace(/\\([*\\])/g, '$1')
      .trim();
    return (command) => command === prefix || (command.startsWith(prefix) && /\s/.test(command[prefix.length]));
  }
  if (hasUnescapedStar(specifier)) {
    const re = wildcardRegExp(specifier, true);
    return (command) => re.test(command);
  }
  const exact = specifier.replace(/\\([*\\])/g, '$1').trim();
  return (command) => command === exact;
}

function wildcardRegExp(pattern: string, optionalTrailingArgs: boolean): RegExp {
  let body = '';
  let stars = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
      body += escapeRegExp(pattern[++i]);
    } else if (c === '*') {
      body += '[\\s\\S]*';
      stars++;
    } else {
      body += escapeRegExp(c);
    }
  }
  // `git *` should match a bare `git` too, but never `gitk`: the space before the star is the boundary.
  if (optionalTrailingArgs && stars === 1 && body.endsWith(' [\\s\\S]*')) {
    body = `${body.slice(0, -' [\\s\\S]*'.length)}(?:\\s[\\s\\S]*)?`;
  }
  return new RegExp(`^${body}$`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ── paths ──────────────────────────────────────────────────────────────────────────────

/** Resolves `.` and `..` in a POSIX path; keeps it absolute if it was. */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else out.push(seg);
  }
  return (absolute ? '/' : '') + out.join('/');
}

/** The absolute form of a tool's path: relative paths resolve against the workspace root. */
export function absolutePath(path: string, root: string): string {
  return normalizePath(path.startsWith('/') ? path : `${root}/${path}`);
}

/** The path relative to the root ('' for the root itself), or null when it lies outside. */
export function relativeToRoot(path: string, root: string): string | null {
  const abs = absolutePath(path, root);
  const base = normalizePath(root);
  if (abs === base) return '';
  const prefix = base === '/' ? '/' : `${base}/`;
  return abs.startsWith(prefix) ? abs.slice(prefix.length) : null;
}

const pathMatchers = new Map<string, { absolute: boolean; everything: boolean; test: (p: string) => boolean }>();

/**
 * gitignore-style, relative to the workspace root: `src/**` and `/src/**` are anchored at the
 * root, a name without a slash (`.env`, `*.pem`) matches at any depth, `//abs/**` is absolute.
 * A pattern that matches a directory matches everything inside it.
 */
export function matchPath(specifier: string, path: string, root: string): boolean {
  let m = pathMatchers.get(specifier);
  if (!m) {
    m = compilePath(specifier);
    pathMatchers.set(specifier, m);
  }
  const abs = absolutePath(path, root);
  let target: string | null;
  if (m.absolute) target = abs;
  else target = relativeToRoot(abs, root);
  if (target === null) return false;
  if (m.everything) return true;
  // The path itself, then each ancestor directory (excluding a directory excludes its contents).
  for (let p = target; p && p !== '/'; p = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '') {
    if (m.test(p)) return true;
  }
  return false;
}

function compilePath(specifier: string): { absolute: boolean; everything: boolean; test: (p: string) => boolean } {
  let pattern = specifier;
  let absolute = false;
  if (pattern.startsWith('//')) {
    absolute = true;
    pattern = pattern.slice(1);
  } else if (pattern.startsWith('/')) {
    pattern = pattern.slice(1);
  } else if (pattern.startsWith('./')) {
    pattern = pattern.slice(2);
  } else if (!pattern.replace(/\/+$/, '').includes('/')) {
    pattern = `**/${pattern}`; // no slash: any depth, as in .gitignore
  }
  pattern = pattern.replace(/\/+$/, '');
  const everything = /^(\*\*\/)*\*\*$/.test(pattern) || (absolute && /^\/(\*\*\/)*\*\*$/.test(pattern));
  return { absolute, everything, test: picomatch(pattern || '**', { dot: true }) };
}

// ── domains ────────────────────────────────────────────────────────────────────────────

/** `domain:example.com` matches that host; `domain:*.example.com` matches its subdomains. */
export function matchDomain(specifier: string, url: string): boolean {
  const m = /^domain:(.+)$/.exec(specifier);
  if (!m) return false;
  const want = m[1].toLowerCase();
  const host = domainOf(url);
  if (!host) return false;
  if (want.startsWith('*.')) return host.endsWith(want.slice(1));
  return host === want;
}
