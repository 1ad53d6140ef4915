import { openDB, type IDBPDatabase } from 'idb';

// API keys live in their own database, apart from settings and sessions, so nothing that
// exports or syncs those can carry a key along by accident.

interface KeyRecord {
  /** The exact origin (scheme, host, port) the key was saved with; the only place it is sent. */
  origin: string;
  key: string;
  savedAt: number;
}

const STORE = 'keys';

/** The origin of an http(s) base URL, or null when the URL is not one a key may be bound to. */
export function originOf(baseUrl: string): string | null {
  try {
    const url = new URL(baseUrl.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

export class KeyStore {
  private db: Promise<IDBPDatabase> | null = null;

  constructor(private readonly dbName = 'tidepool-keys') {}

  private open(): Promise<IDBPDatabase> {
    this.db ??= openDB(this.dbName, 1, {
      upgrade(db) {
        db.createObjectStore(STORE, { keyPath: 'origin' });
      },
    });
    return this.db;
  }

  /** The key saved for exactly this base URL's origin; null for any other origin. */
  async get(baseUrl: string): Promise<string | null> {
    const origin = originOf(baseUrl);
    if (!origin) return null;
    const record = (await (await this.open()).get(STORE, origin)) as KeyRecord | undefined;
    return record && record.origin === origin ? record.key : null;
  }

  /** Binds `key` to the base URL's origin. An empty key forgets the one saved there. */
  async set(baseUrl: string, key: string): Promise<void> {
    const origin = originOf(baseUrl);
    if (!origin) throw new Error('A key can only be saved for an http(s) base URL.');
    const db = await this.open();
    if (!key.trim()) {
      await db.delete(STORE, origin);
      return;
    }
    const record: KeyRecord = { origin, key: key.trim(), savedAt: Date.now() };
    await db.put(STORE, record);
  }

  async forget(baseUrl: string): Promise<void> {
    const origin = originOf(baseUrl);
    if (origin) await (await this.open()).delete(STORE, origin);
  }

  /** Origins that have a key saved (never the keys themselves), for the settings screen. */
  async origins(): Promise<string[]> {
    return ((await (await this.open()).getAllKeys(STORE)) as string[]).sort();
  }

  async forgetAll(): Promise<void> {
    await (await this.open()).clear(STORE);
  }
}
