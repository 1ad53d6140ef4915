// User-level servers, kept in the browser (Settings › MCP servers: Server name, Server URL,
// Transport). The record is plain data for the settings store; header values that are secrets
// go to the secret store, bound to the server URL's origin, and only their names stay here.
import { err, ok, type Result } from '../lib/result';
import {
  parseServerEntry,
  SERVER_NAME,
  type McpConfigIssue,
  type McpRemoteConfig,
  type McpServerEntry,
} from './config';
import { isSecretHeader, secretOrigin, type McpSecretStore } from './secret-store';

export interface McpUserServerRecord {
  name: string;
  type: 'http' | 'sse' | 'ws';
  url: string;
  /** Header values that are not secrets. */
  headers?: Record<string, string>;
  /** Names of headers whose values are in the secret store under the URL's origin. */
  secretHeaders?: string[];
  enabled: boolean;
}

/** What the Add server form collects. */
export interface McpUserServerInput {
  name: string;
  url: string;
  type?: 'http' | 'sse' | 'ws';
  headers?: Record<string, string>;
}

/**
 * Checks the form's values: the record to keep and the secret header values to store, or the
 * problems, each naming its field (`name`, `url`, `headers.X`) so the form can show it there.
 */
export function checkUserServer(
  input: McpUserServerInput,
  existingNames: readonly string[] = [],
): Result<{ record: McpUserServerRecord; secrets: Record<string, string> }, McpConfigIssue[]> {
  const name = input.name.trim();
  if (!name) return err([{ field: 'name', message: 'Server name is required.' }]);
  if (!SERVER_NAME.test(name)) {
    return err([
      { server: name, field: 'name', message: 'Server name may only contain letters, digits, "-" and "_".' },
    ]);
  }
  if (existingNames.includes(name)) {
    return err([
      { server: name, field: 'name', message: `A server named "${name}" already exists; choose another name.` },
    ]);
  }
  const type = input.type ?? 'http';
  const parsed = parseServerEntry(name, {
    type,
    url: input.url.trim(),
    ...(input.headers ? { headers: input.headers } : {}),
  });
  if ('issue' in parsed) {
    const issue = parsed.issue;
    const field = issue.field === 'url' ? 'url' : issue.field;
    return err([{ ...issue, field, message: issue.message.replace(`server "${name}": `, '') }]);
  }
  const config = parsed.config as McpRemoteConfig;
  const headers: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const [header, value] of Object.entries(config.headers ?? {})) {
    if (isSecretHeader(header)) secrets[header] = value;
    else headers[header] = value;
  }
  return ok({
    record: {
      name,
      type,
      url: config.url,
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(Object.keys(secrets).length ? { secretHeaders: Object.keys(secrets) } : {}),
      enabled: true,
    },
    secrets,
  });
}

export function secretHeaderName(header: string): string {
  return `header:${header.toLowerCase()}`;
}

/** Saves a new server's secret header values under its origin. */
export async function saveUserServerSecrets(
  record: McpUserServerRecord,
  secrets: Record<string, string>,
  store: McpSecretStore,
): Promise<void> {
  const origin = secretOrigin(record.url);
  if (!origin) return;
  for (const [header, value] of Object.entries(secrets)) await store.set(origin, secretHeaderName(header), value);
}

/** Forgets a removed server's secret header values. */
export async function forgetUserServerSecrets(record: McpUserServerRecord, store: McpSecretStore): Promise<void> {
  const origin = secretOrigin(record.url);
  if (!origin) return;
  for (const header of record.secretHeaders ?? []) await store.delete(origin, secretHeaderName(header));
}

/** The manager's entry for a stored record (secret headers are read at connect time). */
export function userServerEntry(record: McpUserServerRecord): McpServerEntry {
  return {
    name: record.name,
    source: 'user',
    enabled: record.enabled,
    config: {
      type: record.type,
      url: record.url,
      ...(record.headers ? { headers: record.headers } : {}),
      ...(record.secretHeaders?.length ? { secretHeaders: record.secretHeaders } : {}),
    },
  };
}
