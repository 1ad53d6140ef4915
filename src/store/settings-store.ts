import { openDB, type IDBPDatabase } from 'idb';
import { PERMISSION_MODES, type PermissionMode, type RuleLists } from '../agent/events';
import type { WireFormat } from '../providers/types';

/** Which workspace backend to run: `auto` tries the WebContainer and falls back to lite. */
export type BackendChoice = 'auto' | 'lite' | 'webcontainer';

/** Everything the user chose except the API key, which lives in the KeyStore. */
export interface Settings {
  /** Preset id, or 'custom'. Empty until the user picks a provider. */
  preset: string;
  format: WireFormat;
  baseUrl: string;
  model: string;
  backend: BackendChoice;
  mode: PermissionMode;
  rules: RuleLists;
}

export function defaultSettings(): Settings {
  return {
    preset: '',
    format: 'anthropic',
    baseUrl: '',
    model: '',
    backend: 'auto',
    mode: 'default',
    rules: { allow: [], ask: [], deny: [] },
  };
}

const STORE = 'settings';
const KEY = 'current';
export const SETTINGS_DB = 'tidepool-settings';

/** The small database of the user's choices: one record per key in one object store. */
export function openSettingsDb(name: string): Promise<IDBPDatabase> {
  return openDB(name, 1, {
    upgrade(db) {
      db.createObjectStore(STORE);
    },
  });
}

/** One record of the settings database, read and written whole. */
export async function readPref(db: Promise<IDBPDatabase>, key: string): Promise<unknown> {
  return (await db).get(STORE, key);
}

export async function writePref(db: Promise<IDBPDatabase>, key: string, value: unknown): Promise<void> {
  await (await db).put(STORE, value, key);
}

function normalise(raw: unknown): Settings {
  const base = defaultSettings();
  if (!raw || typeof raw !== 'object') return base;
  const r = raw as Partial<Settings> & Record<string, unknown>;
  const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const modes: readonly PermissionMode[] = PERMISSION_MODES;
  const backends: BackendChoice[] = ['auto', 'lite', 'webcontainer'];
  return {
    preset: str(r.preset, base.preset),
    format: r.format === 'openai' ? 'openai' : 'anthropic',
    baseUrl: str(r.baseUrl, base.baseUrl),
    model: str(r.model, base.model),
    backend: backends.includes(r.backend as BackendChoice) ? (r.backend as BackendChoice) : base.backend,
    mode: modes.includes(r.mode as PermissionMode) ? (r.mode as PermissionMode) : base.mode,
    rules: {
      allow: list(r.rules?.allow),
      ask: list(r.rules?.ask),
      deny: list(r.rules?.deny),
    },
  };
}

export class SettingsStore {
  private db: Promise<IDBPDatabase> | null = null;

  constructor(private readonly dbName = SETTINGS_DB) {}

  private open(): Promise<IDBPDatabase> {
    this.db ??= openSettingsDb(this.dbName);
    return this.db;
  }

  /** The saved settings, or defaults on first run. `firstRun` is true when nothing was saved yet. */
  async load(): Promise<{ settings: Settings; firstRun: boolean }> {
    const raw = await readPref(this.open(), KEY);
    return { settings: normalise(raw), firstRun: raw === undefined };
  }

  async save(settings: Settings): Promise<void> {
    // Whitelisted fields only: a key pasted into the wrong field of a caller's object never lands here.
    await writePref(this.open(), KEY, normalise(settings));
  }
}
