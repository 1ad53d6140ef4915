// The MCP SDK, loaded on first use: a page with no MCP servers never downloads it (it brings its
// own zod schemas and a JSON Schema validator). Everything else imports its types only.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

export interface McpSdk {
  Client: typeof import('@modelcontextprotocol/sdk/client/index.js').Client;
  StreamableHTTPClientTransport: typeof import('@modelcontextprotocol/sdk/client/streamableHttp.js').StreamableHTTPClientTransport;
  StreamableHTTPError: typeof import('@modelcontextprotocol/sdk/client/streamableHttp.js').StreamableHTTPError;
  SSEClientTransport: typeof import('@modelcontextprotocol/sdk/client/sse.js').SSEClientTransport;
  SseError: typeof import('@modelcontextprotocol/sdk/client/sse.js').SseError;
  InMemoryTransport: typeof import('@modelcontextprotocol/sdk/inMemory.js').InMemoryTransport;
  auth: typeof import('@modelcontextprotocol/sdk/client/auth.js').auth;
  UnauthorizedError: typeof import('@modelcontextprotocol/sdk/client/auth.js').UnauthorizedError;
  OAuthError: typeof import('@modelcontextprotocol/sdk/server/auth/errors.js').OAuthError;
  types: typeof import('@modelcontextprotocol/sdk/types.js');
  McpError: typeof import('@modelcontextprotocol/sdk/types.js').McpError;
  ErrorCode: typeof import('@modelcontextprotocol/sdk/types.js').ErrorCode;
  /** Output-schema validation without code generation (see schema-validator.ts). */
  Validator: typeof import('@cfworker/json-schema').Validator;
}

export type McpClient = Client;

let loading: Promise<McpSdk> | null = null;

export function loadSdk(): Promise<McpSdk> {
  loading ??= (async () => {
    const [client, http, sse, memory, auth, authErrors, types, cfworker] = await Promise.all([
      import('@modelcontextprotocol/sdk/client/index.js'),
      import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
      import('@modelcontextprotocol/sdk/client/sse.js'),
      import('@modelcontextprotocol/sdk/inMemory.js'),
      import('@modelcontextprotocol/sdk/client/auth.js'),
      import('@modelcontextprotocol/sdk/server/auth/errors.js'),
      import('@modelcontextprotocol/sdk/types.js'),
      import('@cfworker/json-schema'),
    ]);
    return {
      Client: client.Client,
      StreamableHTTPClientTransport: http.StreamableHTTPClientTransport,
      StreamableHTTPError: http.StreamableHTTPError,
      SSEClientTransport: sse.SSEClientTransport,
      SseError: sse.SseError,
      InMemoryTransport: memory.InMemoryTransport,
      auth: auth.auth,
      UnauthorizedError: auth.UnauthorizedError,
      OAuthError: authErrors.OAuthError,
      types,
      McpError: types.McpError,
      ErrorCode: types.ErrorCode,
      Validator: cfworker.Validator,
    };
  })();
  loading.catch(() => (loading = null)); // a failed chunk load (offline blip) may be retried
  return loading;
}
