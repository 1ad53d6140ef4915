// Claude Code's precedence over the settings levels (user < project < local): permission rules of
// every level add up; for `env` keys, `model` and `defaultMode` the most specific level wins. A file
// that came with the workspace may make the mode stricter but never more permissive than the user's
// own (no cloned repo turns on bypassPermissions or auto-accepted edits).
import { MODE_PERMISSIVENESS as RANK, type PermissionMode, type RuleLists } from '../../events';
import type { ConfiguredHook } from '../hooks/hook-config';
import type { SettingsFile, SettingsNotice } from './settings-file';

export interface MergedSettings {
  rules: RuleLists;
  /** The mode a new session starts in, when a settings file names one. */
  defaultMode?: PermissionMode;
  /** Variables for the shell and hooks. */
  env: Record<string, string>;
  model?: string;
  /** Every level's hooks, user level first; empty when any level sets `disableAllHooks`. */
  hooks: ConfiguredHook[];
  hooksDisabledBy?: string;
  notices: SettingsNotice[];
}

/** How permissive a mode is: a project file may not name one above the user's. */

export function mergeSettings(levels: readonly SettingsFile[]): MergedSettings {
  const order = { user: 0, project: 1, local: 2 } as const;
  const sorted = [...levels].sort((a, b) => order[a.scope] - order[b.scope]);
  const merged: MergedSettings = { rules: { allow: [], ask: [], deny: [] }, env: {}, hooks: [], notices: [] };
  const userMode = sorted.find((s) => s.scope === 'user')?.defaultMode;
  const ceiling = RANK[userMode ?? 'default'];
  for (const level of sorted) {
    for (const list of ['allow', 'ask', 'deny'] as const)
      for (const rule of level[list]) if (!merged.rules[list].includes(rule)) merged.rules[list].push(rule);
    Object.assign(merged.env, level.env);
    if (level.model) merged.model = level.model;
    merged.hooks.push(...level.hooks);
    if (level.disableAllHooks && !merged.hooksDisabledBy) merged.hooksDisabledBy = level.file;
    const mode = level.defaultMode;
    if (!mode) continue;
    if (level.scope !== 'user' && RANK[mode] > ceiling) {
      merged.notices.push({
        file: level.file,
        message: `\`permissions.defaultMode\` "${mode}" was not applied: a project's settings may not make the permission mode more permissive than your own ("${userMode ?? 'default'}"). Choose it yourself if you want it.`,
      });
      continue;
    }
    merged.defaultMode = mode;
  }
  if (merged.hooksDisabledBy) merged.hooks = [];
  return merged;
}
