// Where MCP secrets live: OAuth tokens, registered clients, secret header values. The app backs
// this with the key store (on this device, apart from settings and sessions); every value is
// bound to the origin of the server it is for, and handed out for that origin only.

export interface McpSecretStore {
  /** The value saved under `name` for exactly this origin; null for any other origin. */
  get(origin: string, name: string): Promise<string | null>;
  set(origin: string, name: string, value: string): Promise<void>;
  delete(origin: string, name: string): Promise<void>;
}

/** The origin a server URL's secrets are bound to (`https://host:port`, `wss://host`), or null. */
export function secretOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) return null;
    return parsed.origin;
  } catch {
    return null;
  }
}

/** Secrets kept only for this page's lifetime (tests, and users who chose not to remember). */
export function memorySecretStore(): McpSecretStore & { entries(): Array<[string, string, string]> } {
  const values = new Map<string, string>();
  const key = (origin: string, name: string): string => `${origin}\u0000${name}`;
  return {
    async get(origin, name) {
      return values.get(key(origin, name)) ?? null;
    },
    async set(origin, name, value) {
      values.set(key(origin, name), value);
    },
    async delete(origin, name) {
      values.delete(key(origin, name));
    },
    entries() {
      return [...values].map(([k, v]) => {
        const [origin, name] = k.split('\u0000');
        return [origin, name, v];
      });
    },
  };
}

/** Header names whose values are credentials, stored like keys rather than with the server record. */
export function isSecretHeader(name: string): boolean {
  return /^(authorization|proxy-authorization|cookie)$|api[-_]?key|token|secret|password|auth/i.test(name);
}
