import type { IDBPDatabase } from 'idb';
import { KeyStore } from './key-store';
import { openSettingsDb, readPref, SETTINGS_DB, writePref } from './settings-store';

// Git's saved state, beside the provider settings and keys: the CORS proxy and the recently
// opened repositories in the settings database, per-host tokens in a key database of their own
// (like API keys: on this device only, looked up by the exact host a request goes to).

export interface RecentRepo {
  url: string;
  label: string;
  openedAt: number;
}

export interface GitPrefs {
  /** CORS proxy base URL; '' for none. */
  corsProxy: string;
  recent: RecentRepo[];
}

const KEY = 'git';
/** Where earlier builds kept these, read once and then removed. */
const LEGACY = { settings: 'tidepool:git-settings', recent: 'tidepool:recent-repos' };

function isRecent(r: unknown): r is RecentRepo {
  const v = r as RecentRepo | null;
  return !!v && typeof v.url === 'string' && typeof v.label === 'string' && typeof v.openedAt === 'number';
}

function normalise(raw: unknown): GitPrefs {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<GitPrefs>;
  return {
    corsProxy: typeof r.corsProxy === 'string' ? r.corsProxy : '',
    recent: Array.isArray(r.recent) ? r.recent.filter(isRecent) : [],
  };
}

function takeLegacy(): GitPrefs | null {
  try {
    if (typeof localStorage === 'undefined') return null;
    const settings = localStorage.getItem(LEGACY.settings);
    const recent = localStorage.getItem(LEGACY.recent);
    if (settings === null && recent === null) return null;
    localStorage.removeItem(LEGACY.settings);
    localStorage.removeItem(LEGACY.recent);
    return normalise({
      corsProxy: (JSON.parse(settings ?? '{}') as { corsProxy?: unknown }).corsProxy,
      recent: JSON.parse(recent ?? '[]'),
    });
  } catch {
    return null;
  }
}

export class GitPrefsStore {
  private db: Promise<IDBPDatabase> | null = null;

  constructor(private readonly dbName = SETTINGS_DB) {}

  private open(): Promise<IDBPDatabase> {
    this.db ??= openSettingsDb(this.dbName);
    return this.db;
  }

  /** The saved proxy and recent repositories (shape-checked only: the caller decides what is valid). */
  async load(): Promise<GitPrefs> {
    const raw = await readPref(this.open(), KEY);
    if (raw !== undefined) return normalise(raw);
    const legacy = takeLegacy();
    if (legacy) await this.save(legacy);
    return legacy ?? normalise(undefined);
  }

  async save(prefs: GitPrefs): Promise<void> {
    await writePref(this.open(), KEY, normalise(prefs));
  }
}

/**
 * Git tokens by the origin they are bound to (git/token-binding.ts: `https://github.com`, or a
 * plain-http origin the user typed), never sent to any other scheme, host or port.
 */
export class GitTokenStore {
  constructor(private readonly keys: KeyStore = new KeyStore('tidepool-git-tokens')) {}

  /** Every saved token by origin. */
  async all(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const origin of await this.keys.origins()) {
      const token = await this.keys.get(origin);
      if (token) out.set(origin, token);
    }
    return out;
  }

  /** Saves the token for `origin`; an empty token forgets it. */
  async set(origin: string, token: string): Promise<void> {
    await this.keys.set(origin, token);
  }

  async forgetAll(): Promise<void> {
    await this.keys.forgetAll();
  }
}
