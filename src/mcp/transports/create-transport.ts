// The transport for a server's configuration: the SDK's where it has one (Streamable HTTP, SSE,
// in-memory), ours where it does not (WebSocket with an injectable constructor, MessagePort,
// stdio inside the workspace).
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { FetchLike, Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { err, ok, type Result } from '../../lib/result';
import type { Workspace } from '../../workspace/types';
import type { McpServerConfig } from '../config';
import { mcpFailure, type McpFailure } from '../errors';
import type { McpSdk } from '../sdk';
import { MessagePortTransport } from './message-port';
import { WebSocketClientTransport, type WebSocketConstructor } from './websocket';
import { WorkspaceStdioTransport } from './workspace-stdio';

export interface TransportDeps {
  sdk: McpSdk;
  workspace?: Workspace;
  fetch?: FetchLike;
  WebSocket?: WebSocketConstructor;
  authProvider?: OAuthClientProvider;
}

/** How quickly a broken Streamable HTTP stream gives up resuming, so a dead server is noticed. */
const RECONNECTION = {
  initialReconnectionDelay: 250,
  maxReconnectionDelay: 2000,
  reconnectionDelayGrowFactor: 2,
  maxRetries: 2,
};

export async function createTransport(
  name: string,
  config: McpServerConfig,
  deps: TransportDeps,
  /** `sse` when falling back from Streamable HTTP for an older server. */
  override?: 'sse',
): Promise<Result<Transport, McpFailure>> {
  const { sdk } = deps;
  switch (config.type) {
    case 'http':
    case 'sse': {
      const url = new URL(config.url);
      const requestInit: RequestInit | undefined = config.headers ? { headers: { ...config.headers } } : undefined;
      if (config.type === 'sse' || override === 'sse') {
        return ok(new sdk.SSEClientTransport(url, { requestInit, fetch: deps.fetch, authProvider: deps.authProvider }));
      }
      return ok(
        new sdk.StreamableHTTPClientTransport(url, {
          requestInit,
          fetch: deps.fetch,
          authProvider: deps.authProvider,
          reconnectionOptions: RECONNECTION,
        }),
      );
    }
    case 'ws':
      return ok(new WebSocketClientTransport(new URL(config.url), deps.WebSocket));
    case 'stdio': {
      const spawn = deps.workspace?.spawn?.bind(deps.workspace);
      if (!spawn) {
        const command = [config.command, ...config.args].join(' ');
        return err(
          mcpFailure(
            'cannot-run-here',
            name,
            `"${name}" is a local server (\`${command}\`), and the lite workspace cannot run processes: its shell is just-bash, in the page, with no Node or npx.`,
            "Switch the workspace to WebContainer (where the command runs as a real process), or use the server's HTTP endpoint if it has one.",
          ),
        );
      }
      return ok(new WorkspaceStdioTransport(spawn, config));
    }
    case 'in-page': {
      const [clientSide, serverSide] = sdk.InMemoryTransport.createLinkedPair();
      const server = typeof config.server === 'function' ? await config.server() : config.server;
      await server.connect(serverSide);
      return ok(clientSide);
    }
    case 'embed':
      return ok(new MessagePortTransport(config.port));
  }
}
