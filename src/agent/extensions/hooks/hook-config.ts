// The `hooks` block of a settings file, checked entry by entry as Claude Code's Settings type
// declares it: `{ EventName: [{ matcher?, hooks: [{ type, command | url | prompt, timeout? }] }] }`.
// A bad entry becomes a notice naming the file and the entry; the others still load.
import type { HookEventName } from '../../extension-events';
import type { SettingsNotice, SettingsScope } from '../settings/settings-file';

export const HOOK_EVENTS: readonly HookEventName[] = [
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'UserPromptSubmit',
  'Stop',
  'SubagentStart',
  'SubagentStop',
  'SessionStart',
  'SessionEnd',
  'PreCompact',
  'PermissionRequest',
  'Notification',
];

/** Claude Code's own hook events that Tidepool does not fire (yet): named in a notice, not an error. */
const KNOWN_ELSEWHERE = new Set([
  'PostToolBatch',
  'UserPromptExpansion',
  'StopFailure',
  'PostCompact',
  'PreModelSwitch',
  'PostModelSwitch',
  'PermissionDenied',
  'Setup',
  'TeammateIdle',
  'TaskCreated',
  'TaskCompleted',
  'Elicitation',
  'ElicitationResult',
  'ConfigChange',
  'WorktreeCreate',
  'WorktreeRemove',
  'InstructionsLoaded',
  'CwdChanged',
  'FileChanged',
  'DirectoryAdded',
  'MessageDisplay',
  'PreSkillShellCommand',
]);

interface HandlerCommon {
  /** Seconds (Claude Code's unit). */
  timeout?: number;
  /** A permission rule (`Bash(git *)`): the hook runs only for tool calls it matches. */
  if?: string;
}

export type HookHandler =
  | ({ type: 'command'; command: string } & HandlerCommon)
  | ({ type: 'http'; url: string; headers?: Record<string, string>; allowedEnvVars?: string[] } & HandlerCommon)
  | ({ type: 'prompt'; prompt: string; model?: string } & HandlerCommon);

/** One handler as loaded: its event, matcher and where it came from. */
export interface ConfiguredHook {
  event: HookEventName;
  /** Tool name, regex (`Edit|Write`) or source; empty or `*` matches everything. */
  matcher: string;
  handler: HookHandler;
  scope: SettingsScope;
  file: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function parseHooks(
  value: unknown,
  scope: SettingsScope,
  file: string,
): { hooks: ConfiguredHook[]; notices: SettingsNotice[] } {
  const hooks: ConfiguredHook[] = [];
  const notices: SettingsNotice[] = [];
  const note = (message: string) => notices.push({ file, message });
  if (value === undefined) return { hooks, notices };
  if (!isObject(value)) {
    note('`hooks` must be an object of event names; it was ignored.');
    return { hooks, notices };
  }
  for (const [event, groups] of Object.entries(value)) {
    if (!(HOOK_EVENTS as readonly string[]).includes(event)) {
      note(
        KNOWN_ELSEWHERE.has(event)
          ? `hooks.${event}: Tidepool does not fire this event yet; its hooks do not run.`
          : `hooks.${event}: not a hook event (expected one of ${HOOK_EVENTS.join(', ')}).`,
      );
      continue;
    }
    if (!Array.isArray(groups)) {
      note(`hooks.${event} must be a list of { matcher, hooks } entries; it was ignored.`);
      continue;
    }
    groups.forEach((group, i) => {
      const where = `hooks.${event}[${i}]`;
      if (!isObject(group) || !Array.isArray(group.hooks)) {
        note(`${where} needs a \`hooks\` list; it was ignored.`);
        return;
      }
      if (group.matcher !== undefined && typeof group.matcher !== 'string') {
        note(`${where}.matcher must be a string; the entry was ignored.`);
        return;
      }
      const matcher = (group.matcher as string | undefined) ?? '';
      if (!validMatcher(matcher)) {
        note(`${where}.matcher \`${matcher}\` is not a valid pattern; the entry was ignored.`);
        return;
      }
      group.hooks.forEach((raw, j) => {
        const handler = parseHandler(raw, `${where}.hooks[${j}]`, note);
        if (handler) hooks.push({ event: event as HookEventName, matcher, handler, scope, file });
      });
    });
  }
  return { hooks, notices };
}

function parseHandler(raw: unknown, where: string, note: (m: string) => void): HookHandler | null {
  if (!isObject(raw)) {
    note(`${where} must be an object with a \`type\`; it was ignored.`);
    return null;
  }
  const common: HandlerCommon = {};
  if (raw.timeout !== undefined) {
    if (typeof raw.timeout !== 'number' || !(raw.timeout > 0))
      note(`${where}.timeout must be a positive number of seconds; the default applies.`);
    else common.timeout = raw.timeout;
  }
  if (typeof raw.if === 'string' && raw.if.trim()) common.if = raw.if.trim();
  switch (raw.type) {
    case 'command':
      if (typeof raw.command !== 'string' || !raw.command.trim()) break;
      return { type: 'command', command: raw.command, ...common };
    case 'http': {
      if (typeof raw.url !== 'string' || !/^https?:\/\//i.test(raw.url)) {
        note(`${where}.url must be an http(s) URL; the hook was ignored.`);
        return null;
      }
      const headers = isObject(raw.headers)
        ? Object.fromEntries(Object.entries(raw.headers).filter((e): e is [string, string] => typeof e[1] === 'string'))
        : undefined;
      const allowedEnvVars = Array.isArray(raw.allowedEnvVars)
        ? raw.allowedEnvVars.filter((v): v is string => typeof v === 'string')
        : undefined;
      return { type: 'http', url: raw.url, headers, allowedEnvVars, ...common };
    }
    case 'prompt':
      if (typeof raw.prompt !== 'string' || !raw.prompt.trim()) break;
      return {
        type: 'prompt',
        prompt: raw.prompt,
        model: typeof raw.model === 'string' ? raw.model : undefined,
        ...common,
      };
    case 'agent':
    case 'mcp_tool':
      note(`${where}: hooks of type "${raw.type}" are not supported in Tidepool yet; it does not run.`);
      return null;
    default:
      note(`${where}.type must be "command", "http" or "prompt"; the hook was ignored.`);
      return null;
  }
  const field = raw.type === 'command' ? 'command' : 'prompt';
  note(`${where} has no \`${field}\`; the hook was ignored.`);
  return null;
}

function validMatcher(matcher: string): boolean {
  if (matcher === '*') return true;
  try {
    new RegExp(matcher);
    return true;
  } catch {
    return false;
  }
}
