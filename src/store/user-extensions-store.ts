import type { IDBPDatabase } from 'idb';
import type { UserExtensions } from '../agent/extensions/load-extensions';
import { openSettingsDb, readPref, SETTINGS_DB, writePref } from './settings-store';

// The user's own skills, custom commands, subagent types and settings.json (hooks, permissions,
// env, model): Claude Code's `~/.claude/` kept in the settings database, applying to every project.
// The settings stay the text the user wrote, so a typo is reported by the loader, never lost.

const KEY = 'user-extensions';

export interface StoredUserExtensions {
  /** settings.json as the user wrote it ('' for none). */
  settings: string;
  skills: { name: string; content: string }[];
  agents: { name: string; content: string }[];
  /** By path under `commands/` (`review.md`, `frontend/component.md`). */
  commands: { path: string; content: string }[];
}

export const emptyUserExtensions = (): StoredUserExtensions => ({ settings: '', skills: [], agents: [], commands: [] });

function entries<K extends 'name' | 'path'>(value: unknown, key: K): ({ content: string } & Record<K, string>)[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is { content: string } & Record<K, string> =>
      !!e && typeof e[key] === 'string' && typeof e.content === 'string',
  );
}

export function normaliseUserExtensions(raw: unknown): StoredUserExtensions {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return {
    settings: typeof r.settings === 'string' ? r.settings : '',
    skills: entries(r.skills, 'name'),
    agents: entries(r.agents, 'name'),
    commands: entries(r.commands, 'path'),
  };
}

/** What the loader takes: an empty settings text means no user settings file. */
export function toUserExtensions(stored: StoredUserExtensions): UserExtensions {
  return { ...stored, settings: stored.settings.trim() ? stored.settings : undefined };
}

export class UserExtensionsStore {
  private db: Promise<IDBPDatabase> | null = null;
  constructor(private readonly dbName = SETTINGS_DB) {}

  private open(): Promise<IDBPDatabase> {
    return (this.db ??= openSettingsDb(this.dbName));
  }

  async load(): Promise<StoredUserExtensions> {
    return normaliseUserExtensions(await readPref(this.open(), KEY));
  }

  async save(value: StoredUserExtensions): Promise<void> {
    await writePref(this.open(), KEY, normaliseUserExtensions(value));
  }
}
