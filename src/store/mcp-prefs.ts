import { openDB, type IDBPDatabase } from 'idb';
import type { TrustDecision, TrustStore } from '../agent/extensions/index';
import type { McpSecretStore, McpUserServerRecord } from '../mcp/index';
import { openSettingsDb, readPref, SETTINGS_DB, writePref } from './settings-store';

// MCP's saved state. The user's servers (plain records: name, transport, URL, headers that are
// not secrets) sit in the settings database; secret header values, OAuth tokens and registered
// clients sit in a database of their own, like API keys, each bound to the server's origin.
// Project trust decisions (which project fingerprint the user trusted) live beside the servers.

const SERVERS_KEY = 'mcp-servers';
const TRUST_KEY = 'project-trust';

function isRecord(value: unknown): value is McpUserServerRecord {
  const r = value as McpUserServerRecord | null;
  return (
    !!r &&
    typeof r.name === 'string' &&
    (r.type === 'http' || r.type === 'sse' || r.type === 'ws') &&
    typeof r.url === 'string' &&
    typeof r.enabled === 'boolean'
  );
}

export interface McpServerPrefs {
  load(): Promise<McpUserServerRecord[]>;
  save(records: readonly McpUserServerRecord[]): Promise<void>;
}

export class McpPrefsStore implements McpServerPrefs {
  private db: Promise<IDBPDatabase> | null = null;

  constructor(private readonly dbName = SETTINGS_DB) {}

  private open(): Promise<IDBPDatabase> {
    this.db ??= openSettingsDb(this.dbName);
    return this.db;
  }

  /** The saved servers; records of an unknown shape are dropped rather than breaking the list. */
  async load(): Promise<McpUserServerRecord[]> {
    const raw = await readPref(this.open(), SERVERS_KEY);
    return Array.isArray(raw) ? raw.filter(isRecord) : [];
  }

  async save(records: readonly McpUserServerRecord[]): Promise<void> {
    await writePref(
      this.open(),
      SERVERS_KEY,
      records.map((r) => ({ ...r })),
    );
  }
}

/** Trust decisions by project id, in the settings database (one record holding all of them). */
export class ProjectTrustStore implements TrustStore {
  private db: Promise<IDBPDatabase> | null = null;

  constructor(private readonly dbName = SETTINGS_DB) {}

  private open(): Promise<IDBPDatabase> {
    this.db ??= openSettingsDb(this.dbName);
    return this.db;
  }

  private async all(): Promise<Record<string, TrustDecision>> {
    const raw = await readPref(this.open(), TRUST_KEY);
    return raw && typeof raw === 'object' ? (raw as Record<string, TrustDecision>) : {};
  }

  async get(projectId: string): Promise<TrustDecision | undefined> {
    const decision = (await this.all())[projectId];
    return decision && typeof decision.fingerprint === 'string' && typeof decision.trusted === 'boolean'
      ? decision
      : undefined;
  }

  async set(projectId: string, decision: TrustDecision): Promise<void> {
    await writePref(this.open(), TRUST_KEY, { ...(await this.all()), [projectId]: decision });
  }
}

const SECRETS = 'secrets';

interface SecretRecord {
  origin: string;
  name: string;
  value: string;
}

/** MCP secrets on this device, each bound to the exact origin it was saved for. */
export class McpSecretKeyStore implements McpSecretStore {
  private db: Promise<IDBPDatabase> | null = null;

  constructor(private readonly dbName = 'tidepool-mcp-secrets') {}

  private open(): Promise<IDBPDatabase> {
    this.db ??= openDB(this.dbName, 1, {
      upgrade(db) {
        db.createObjectStore(SECRETS, { keyPath: ['origin', 'name'] });
      },
    });
    return this.db;
  }

  async get(origin: string, name: string): Promise<string | null> {
    const record = (await (await this.open()).get(SECRETS, [origin, name])) as SecretRecord | undefined;
    return record && record.origin === origin ? record.value : null;
  }

  async set(origin: string, name: string, value: string): Promise<void> {
    await (await this.open()).put(SECRETS, { origin, name, value } satisfies SecretRecord);
  }

  async delete(origin: string, name: string): Promise<void> {
    await (await this.open()).delete(SECRETS, [origin, name]);
  }

  async forgetAll(): Promise<void> {
    await (await this.open()).clear(SECRETS);
  }
}
