// The SDK's OAuthClientProvider for one remote server, backed by the secret store: the registered
// client and the tokens are saved under the MCP server's origin; the PKCE verifier and the state
// live only as long as one sign-in. The provider never opens a window on its own: when the SDK
// wants the user to authorize (a 401 with no usable refresh token), it is remembered as "needs
// sign-in" unless a sign-in the user started is waiting with a window.
import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { secretOrigin, type McpSecretStore } from '../secret-store';

export interface McpOAuthOptions {
  /** The MCP server's URL; its origin is what the secrets are bound to. */
  serverUrl: string;
  store: McpSecretStore;
  /** The app's callback page (registered as the client's redirect URI). */
  redirectUrl: string;
  clientName?: string;
}

export interface McpOAuthProvider extends OAuthClientProvider {
  /** Set for a sign-in the user started: where to send the authorization URL. */
  interactive: ((authorizationUrl: URL) => void) | null;
  /** The authorization URL the SDK asked for while nobody was signing in (the server wants a sign-in). */
  readonly pendingAuthorization: URL | null;
  /** The state of the authorization request in flight, to check against the callback. */
  readonly expectedState: string | null;
  hasTokens(): Promise<boolean>;
  /** Forgets tokens (and, with `everything`, the registered client too). */
  forget(everything?: boolean): Promise<void>;
}

const TOKENS = 'oauth-tokens';
const CLIENT = 'oauth-client';

function randomState(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export function createOAuthProvider(options: McpOAuthOptions): McpOAuthProvider {
  const origin = secretOrigin(options.serverUrl);
  if (!origin) throw new Error(`Not a server URL: ${options.serverUrl}`); // config validation ran before this
  // One origin may host several servers; the path keeps their secrets apart.
  const path = new URL(options.serverUrl).pathname;
  const name = (kind: string): string => `${kind}:${path}`;
  const { store } = options;
  let verifier: string | null = null;
  let state: string | null = null;
  let discovery: OAuthDiscoveryState | undefined;
  let pending: URL | null = null;

  const readJson = async <T>(kind: string): Promise<T | undefined> => {
    const text = await store.get(origin, name(kind));
    if (!text) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch {
      return undefined; // a damaged record reads as none; a fresh sign-in replaces it
    }
  };

  const provider: McpOAuthProvider = {
    interactive: null,
    get pendingAuthorization() {
      return pending;
    },
    get expectedState() {
      return state;
    },
    get redirectUrl() {
      return options.redirectUrl;
    },
    get clientMetadata(): OAuthClientMetadata {
      return {
        client_name: options.clientName ?? 'Tidepool',
        redirect_uris: [options.redirectUrl],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        // A page cannot keep a client secret: it is a public client and proves itself with PKCE.
        token_endpoint_auth_method: 'none',
      };
    },
    state() {
      state = randomState();
      return state;
    },
    clientInformation: () => readJson<OAuthClientInformationMixed>(CLIENT),
    async saveClientInformation(info) {
      await store.set(origin, name(CLIENT), JSON.stringify(info));
    },
    tokens: () => readJson<OAuthTokens>(TOKENS),
    async saveTokens(tokens) {
      pending = null;
      await store.set(origin, name(TOKENS), JSON.stringify(tokens));
    },
    redirectToAuthorization(url) {
      if (provider.interactive) provider.interactive(url);
      else pending = url;
    },
    saveCodeVerifier(v) {
      verifier = v;
    },
    codeVerifier() {
      if (!verifier) throw new Error('No sign-in is in progress for this server.');
      return verifier;
    },
    async invalidateCredentials(scope) {
      if (scope === 'all' || scope === 'tokens') await store.delete(origin, name(TOKENS));
      if (scope === 'all' || scope === 'client') await store.delete(origin, name(CLIENT));
      if (scope === 'all' || scope === 'verifier') verifier = null;
      if (scope === 'all' || scope === 'discovery') discovery = undefined;
    },
    saveDiscoveryState(next) {
      discovery = next;
    },
    discoveryState: () => discovery,
    async hasTokens() {
      return !!(await readJson<OAuthTokens>(TOKENS))?.access_token;
    },
    async forget(everything = false) {
      await provider.invalidateCredentials!(everything ? 'all' : 'tokens');
      pending = null;
    },
  };
  return provider;
}
