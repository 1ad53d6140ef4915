// One Claude Code settings file (`.claude/settings.json`, `.claude/settings.local.json`, or the
// user's settings kept in the browser), read field by field. Claude Code has many more keys;
// the ones Tidepool acts on are `permissions`, `env`, `model`, `hooks` and `disableAllHooks`.
// A file that is not JSON, or a field of the wrong shape, becomes a notice naming the file and
// the problem: the rest of the file, and the other files, still apply.
import type { PermissionMode } from '../../events';
import { parseHooks, type ConfiguredHook } from '../hooks/hook-config';

/** Claude Code's settings levels, lowest precedence first: user < project (shared) < local. */
export type SettingsScope = 'user' | 'project' | 'local';

export interface SettingsNotice {
  /** The file (or `user settings`) the problem is in. */
  file: string;
  message: string;
}

export interface SettingsFile {
  scope: SettingsScope;
  file: string;
  allow: string[];
  ask: string[];
  deny: string[];
  defaultMode?: PermissionMode;
  env: Record<string, string>;
  model?: string;
  hooks: ConfiguredHook[];
  disableAllHooks: boolean;
}

const MODES: readonly PermissionMode[] = ['default', 'acceptEdits', 'plan', 'bypassPermissions'];
/** `Tool` or `Tool(specifier)`, as Claude Code writes permission rules. */
const RULE = /^[A-Za-z_][\w-]*(?:\(.*\))?$/s;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function emptySettings(scope: SettingsScope, file: string): SettingsFile {
  return { scope, file, allow: [], ask: [], deny: [], env: {}, hooks: [], disableAllHooks: false };
}

/** Parses a settings file's text (or an already-parsed object, for settings kept as data). */
export function parseSettings(
  source: string | unknown,
  scope: SettingsScope,
  file: string,
): { settings: SettingsFile; notices: SettingsNotice[] } {
  const settings = emptySettings(scope, file);
  const notices: SettingsNotice[] = [];
  const note = (message: string) => notices.push({ file, message });
  let value: unknown = source;
  if (typeof source === 'string') {
    if (!source.trim()) return { settings, notices };
    try {
      value = JSON.parse(source);
    } catch (error) {
      note(`not valid JSON (${jsonProblem(source, error)}); none of its settings apply.`);
      return { settings, notices };
    }
  }
  if (!isObject(value)) {
    note('must hold one JSON object; none of its settings apply.');
    return { settings, notices };
  }

  const permissions = value.permissions;
  if (permissions !== undefined && !isObject(permissions)) note('`permissions` must be an object; it was ignored.');
  else if (permissions) {
    for (const list of ['allow', 'ask', 'deny'] as const) {
      const rules = permissions[list];
      if (rules === undefined) continue;
      if (!Array.isArray(rules)) {
        note(`\`permissions.${list}\` must be a list of rules; it was ignored.`);
        continue;
      }
      for (const rule of rules) {
        if (typeof rule === 'string' && RULE.test(rule.trim())) settings[list].push(rule.trim());
        else note(`\`permissions.${list}\`: ${JSON.stringify(rule)} is not a rule like \`Bash(npm test:*)\`; skipped.`);
      }
    }
    const mode = permissions.defaultMode;
    if (mode !== undefined) {
      if (typeof mode === 'string' && (MODES as readonly string[]).includes(mode))
        settings.defaultMode = mode as PermissionMode;
      else
        note(
          `\`permissions.defaultMode\` ${JSON.stringify(mode)} is not a mode Tidepool has (${MODES.join(', ')}); ignored.`,
        );
    }
  }

  if (value.env !== undefined) {
    if (!isObject(value.env)) note('`env` must be an object of strings; it was ignored.');
    else
      for (const [key, v] of Object.entries(value.env)) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
          note(`\`env\`: ${JSON.stringify(key)} is not a variable name; skipped.`);
        else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
          settings.env[key] = String(v);
        else note(`\`env.${key}\` must be a string; skipped.`);
      }
  }

  if (value.model !== undefined) {
    if (typeof value.model === 'string' && value.model.trim()) settings.model = value.model.trim();
    else note('`model` must be a model name; ignored.');
  }

  const hooks = parseHooks(value.hooks, scope, file);
  settings.hooks = hooks.hooks;
  notices.push(...hooks.notices);
  settings.disableAllHooks = value.disableAllHooks === true;
  return { settings, notices };
}

/**
 * `line 3, column 5: …`. JSON.parse's messages differ by engine: a position, a line and column,
 * or (V8 for a bad token) a snippet around it, which is found in the text.
 */
function jsonProblem(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  const clean = message
    .replace(/\s*(in JSON )?at position \d+.*$/s, '')
    .replace(/, (\.\.\.)?"[\s\S]*"(\.\.\.)? is not valid JSON$/, '');
  if (lineCol) return `line ${lineCol[1]}, column ${lineCol[2]}: ${clean}`;
  let at = Number(/position (\d+)/.exec(message)?.[1] ?? NaN);
  const snippet = /^Unexpected token '(.+?)', (?:\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  if (Number.isNaN(at) && snippet) {
    const where = text.indexOf(snippet[2]);
    if (where >= 0) at = where + snippet[2].indexOf(snippet[1]);
  }
  if (Number.isNaN(at) && /end of JSON input/.test(message)) at = text.length;
  if (Number.isNaN(at)) return clean;
  const before = text.slice(0, at);
  return `line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')}: ${clean}`;
}
