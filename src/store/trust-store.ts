import type { IDBPDatabase } from 'idb';
import type { TrustDecision, TrustStore } from '../agent/extensions/trust/project-trust';
import { openSettingsDb, readPref, SETTINGS_DB, writePref } from './settings-store';

// The user's answers to "Trust this project?", one record per project in the settings database,
// so a reload (or the next visit) does not ask again for the same files.

const PREFIX = 'trust:';

function isDecision(value: unknown): value is TrustDecision {
  const v = value as TrustDecision | null;
  return !!v && typeof v.fingerprint === 'string' && typeof v.trusted === 'boolean' && typeof v.decidedAt === 'number';
}

export function idbTrustStore(dbName: string = SETTINGS_DB): TrustStore {
  let db: Promise<IDBPDatabase> | null = null;
  const open = (): Promise<IDBPDatabase> => (db ??= openSettingsDb(dbName));
  return {
    async get(projectId: string): Promise<TrustDecision | undefined> {
      const value = await readPref(open(), PREFIX + projectId);
      return isDecision(value) ? value : undefined;
    },
    async set(projectId: string, decision: TrustDecision): Promise<void> {
      await writePref(open(), PREFIX + projectId, decision);
    },
  };
}
