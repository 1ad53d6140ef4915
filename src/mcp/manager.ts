// The connection manager: every configured server's status (connecting, connected with its tool
// count, needs sign-in, failed with the reason, disabled, waiting for project trust), reconnect /
// disable / remove / sign in / sign out, and the tools, prompt commands and resources of the
// connected ones. Plain TypeScript with a subscribe(): the app layer wraps it in a store.
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { err, ok, type Result } from '../lib/result';
import type { Tool } from '../tools/types';
import type { Workspace } from '../workspace/types';
import type { McpRemoteConfig, McpServerConfig, McpServerEntry, McpServerSource, McpTransportKind } from './config';
import { connectMcp, type McpCallbacks, type McpConnection } from './connection';
import { probeCors as pageProbeCors, pageOrigin, type CorsProbe } from './cors-probe';
import { mcpFailure, type McpFailure } from './errors';
import { createListResourcesTool, type McpServerView } from './list-resources-tool';
import { findMcpMentions, resolveMcpMention, type McpAttachment, type McpMention } from './mentions';
import { assignServerParts } from './names';
import { createOAuthProvider, type McpOAuthProvider } from './oauth/auth-provider';
import type { AuthorizationWindow } from './oauth/popup';
import { signIn as runSignIn } from './oauth/sign-in';
import { createPromptCommands, type McpPromptCommand } from './prompt-commands';
import { createReadResourceTool } from './read-resource-tool';
import { loadSdk } from './sdk';
import { secretOrigin, type McpSecretStore } from './secret-store';
import { buildToolset, specBytes, type McpToolset } from './toolset';
import { secretHeaderName } from './user-servers';
import type { WebSocketConstructor } from './transports/websocket';

export type McpServerStatus =
  'disabled' | 'waiting-for-trust' | 'connecting' | 'connected' | 'needs-sign-in' | 'failed';

export interface McpServerState {
  name: string;
  source: McpServerSource;
  transport: McpTransportKind;
  url?: string;
  status: McpServerStatus;
  /** Set when connected. */
  toolCount?: number;
  /** Why it is not connected (failed, needs sign-in, cannot run here …). */
  failure?: McpFailure;
  serverInfo?: { name: string; version: string; title?: string };
  /** The server's instructions for the model (for the system prompt). */
  instructions?: string;
  /** The `mcp__…` names of its tools, when connected. */
  tools: string[];
  resourceCount: number;
  promptCount: number;
  /** True when OAuth tokens are stored for it (sign-out is offered). */
  signedIn: boolean;
}

export interface McpManagerOptions {
  secrets: McpSecretStore;
  /** The current workspace, for stdio servers (spawned as its processes). */
  workspace?: () => Workspace | undefined;
  callbacks?: McpCallbacks;
  /** OAuth for remote servers that answer 401; without it they report "needs credentials". */
  oauth?: { redirectUrl: string; clientName?: string };
  /** Which sources may connect. Default: everything but `project` (that waits for trust). */
  allowedSources?: Partial<Record<McpServerSource, boolean>>;
  fetch?: FetchLike;
  WebSocket?: WebSocketConstructor;
  origin?: string;
  probeCors?: CorsProbe;
  /** Built-in tool names, so no MCP tool takes one. */
  reservedToolNames?: readonly string[];
  reservedCommandNames?: readonly string[];
  budgetBytes?: number;
  clientInfo?: { name: string; version: string };
}

export interface McpManager {
  /** Replaces the configured servers: new ones connect, removed ones close, changed ones reconnect. */
  setServers(entries: readonly McpServerEntry[]): void;
  setSourceAllowed(source: McpServerSource, allowed: boolean): void;
  states(): readonly McpServerState[];
  subscribe(listener: () => void): () => void;
  /** The tools to hand the agent: MCP tools, ToolSearch when schemas are deferred, the resource tools. */
  tools(): readonly Tool[];
  promptCommands(): readonly McpPromptCommand[];
  servers(): readonly McpServerView[];
  connection(name: string): McpConnection | undefined;
  reconnect(name: string): Promise<void>;
  setEnabled(name: string, enabled: boolean): Promise<void>;
  remove(name: string): Promise<void>;
  /** Reconnects the stdio servers (after the workspace switched backend). */
  workspaceChanged(): Promise<void>;
  /** Interactive OAuth sign-in; `window` was opened in the click (see openAuthorizationWindow). */
  signIn(name: string, window: AuthorizationWindow, signal?: AbortSignal): Promise<Result<void, McpFailure>>;
  signOut(name: string): Promise<void>;
  findMentions(text: string): McpMention[];
  resolveMention(
    mention: Pick<McpMention, 'server' | 'uri'>,
    signal?: AbortSignal,
  ): Promise<Result<McpAttachment, McpFailure>>;
  /** Resolves when no connection attempt is in flight. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

interface Slot {
  entry: McpServerEntry;
  status: McpServerStatus;
  connection?: McpConnection;
  failure?: McpFailure;
  attempt: number;
  pending?: Promise<void>;
  oauth?: McpOAuthProvider;
  signedIn: boolean;
}

const DEFAULT_ALLOWED: Record<McpServerSource, boolean> = { project: false, user: true, embed: true, app: true };

/** What makes two configurations the same server (live objects compare by identity). */
function configKey(config: McpServerConfig): unknown[] {
  if (config.type === 'in-page') return [config.type, config.server];
  if (config.type === 'embed') return [config.type, config.port];
  return [JSON.stringify(config)];
}

function sameConfig(a: McpServerConfig, b: McpServerConfig): boolean {
  const ka = configKey(a);
  const kb = configKey(b);
  return ka.length === kb.length && ka.every((v, i) => v === kb[i]);
}

export function createMcpManager(options: McpManagerOptions): McpManager {
  const slots = new Map<string, Slot>();
  const allowed = { ...DEFAULT_ALLOWED, ...options.allowedSources };
  const listeners = new Set<() => void>();
  const loaded = new Set<string>();
  const origin = options.origin ?? pageOrigin();
  const probeCors = options.probeCors ?? pageProbeCors;
  let cache: {
    states: McpServerState[];
    toolset: McpToolset;
    tools: Tool[];
    commands: McpPromptCommand[];
    views: McpServerView[];
  } | null = null;
  let closed = false;

  const changed = (): void => {
    cache = null;
    for (const listener of listeners) listener();
  };

  const serverParts = (): Map<string, string> => assignServerParts([...slots.keys()]);

  const build = (): NonNullable<typeof cache> => {
    if (cache) return cache;
    const parts = serverParts();
    const connected = [...slots.values()].filter((s) => s.connection);
    const resourceTools = connected.some((s) => s.connection!.capabilities.resources)
      ? [createListResourcesTool(() => api.servers()), createReadResourceTool(() => api.servers())]
      : [];
    const toolset = buildToolset(
      connected.map((slot) => ({
        server: slot.entry.name,
        serverPart: parts.get(slot.entry.name)!,
        listed: slot.connection!.tools,
        alwaysLoad: 'alwaysLoad' in slot.entry.config && !!slot.entry.config.alwaysLoad,
        connection: () => slots.get(slot.entry.name)?.connection,
        unavailable: () => unavailable(slots.get(slot.entry.name), slot.entry.name),
      })),
      {
        budgetBytes: options.budgetBytes,
        extraBytes: resourceTools.reduce((sum, t) => sum + specBytes(t), 0),
        loaded,
        reserved: options.reservedToolNames,
        onLoaded: (names) => {
          const before = loaded.size;
          for (const n of names) loaded.add(n);
          if (loaded.size !== before) changed();
        },
      },
    );
    const views: McpServerView[] = [...slots.values()].map((slot) => ({
      name: slot.entry.name,
      ...(slot.connection ? { connection: slot.connection } : {}),
      status: slot.failure ? `${slot.status}: ${slot.failure.message}` : slot.status,
    }));
    const tools: Tool[] = [...toolset.tools];
    if (connected.some((s) => s.connection!.capabilities.resources)) {
      tools.push(
        createListResourcesTool(() => api.servers()),
        createReadResourceTool(() => api.servers()),
      );
    }
    const commands = createPromptCommands(
      connected.map((slot) => ({
        server: slot.entry.name,
        serverPart: parts.get(slot.entry.name)!,
        prompts: slot.connection!.prompts,
        connection: () => slots.get(slot.entry.name)?.connection,
      })),
      options.reservedCommandNames,
    );
    const states = [...slots.values()].map((slot) => stateOf(slot, toolset));
    cache = { states, toolset, tools, commands, views };
    return cache;
  };

  const stateOf = (slot: Slot, toolset: McpToolset): McpServerState => {
    const { entry, connection } = slot;
    const config = entry.config;
    return {
      name: entry.name,
      source: entry.source,
      transport: connection?.transport ?? config.type,
      ...(config.type === 'http' || config.type === 'sse' || config.type === 'ws' ? { url: config.url } : {}),
      status: slot.status,
      ...(connection ? { toolCount: connection.tools.length } : {}),
      ...(slot.failure ? { failure: slot.failure } : {}),
      ...(connection?.serverInfo ? { serverInfo: connection.serverInfo } : {}),
      ...(connection?.instructions ? { instructions: connection.instructions } : {}),
      tools: toolset.mcpTools.filter((t) => t.mcp.server === entry.name).map((t) => t.name),
      resourceCount: connection?.resources.length ?? 0,
      promptCount: connection?.prompts.length ?? 0,
      signedIn: slot.signedIn,
    };
  };

  const unavailable = (slot: Slot | undefined, name: string): McpFailure | undefined => {
    if (!slot)
      return mcpFailure(
        'not-connected',
        name,
        `"${name}" is no longer configured.`,
        'Add it again in Settings › MCP servers.',
      );
    if (slot.failure) return slot.failure;
    if (slot.status === 'disabled')
      return mcpFailure(
        'not-connected',
        name,
        `"${name}" is disabled.`,
        'Enable it in Settings › MCP servers or /mcp.',
      );
    return undefined;
  };

  const oauthFor = (slot: Slot): McpOAuthProvider | undefined => {
    const config = slot.entry.config;
    if (!options.oauth || (config.type !== 'http' && config.type !== 'sse')) return undefined;
    slot.oauth ??= createOAuthProvider({ serverUrl: config.url, store: options.secrets, ...options.oauth });
    return slot.oauth;
  };

  /** The configuration with secret header values read from the store (bound to the URL's origin). */
  const withSecrets = async (config: McpServerConfig): Promise<McpServerConfig> => {
    if ((config.type !== 'http' && config.type !== 'sse') || !config.secretHeaders?.length) return config;
    const bound = secretOrigin(config.url);
    const headers = { ...config.headers };
    for (const header of config.secretHeaders) {
      const value = bound ? await options.secrets.get(bound, secretHeaderName(header)) : null;
      if (value !== null) headers[header] = value;
    }
    return { ...config, headers } satisfies McpRemoteConfig;
  };

  const settle = (slot: Slot, status: McpServerStatus, failure?: McpFailure): void => {
    slot.status = status;
    if (failure) slot.failure = failure;
    else delete slot.failure;
    changed();
  };

  const disconnect = async (slot: Slot): Promise<void> => {
    slot.attempt++;
    const connection = slot.connection;
    delete slot.connection;
    await connection?.close();
  };

  const connect = (slot: Slot): Promise<void> => {
    const attempt = ++slot.attempt;
    const name = slot.entry.name;
    const run = (async () => {
      if (slot.entry.enabled === false) return settle(slot, 'disabled');
      if (!allowed[slot.entry.source]) {
        return settle(
          slot,
          'waiting-for-trust',
          mcpFailure(
            'untrusted',
            name,
            `"${name}" comes with this project and connects once you trust the project.`,
            'Trust the project to connect its MCP servers.',
          ),
        );
      }
      settle(slot, 'connecting');
      const oauth = oauthFor(slot);
      const result = await connectMcp({
        name,
        config: await withSecrets(slot.entry.config),
        workspace: options.workspace?.(),
        fetch: options.fetch,
        WebSocket: options.WebSocket,
        authProvider: oauth,
        callbacks: options.callbacks,
        origin,
        probeCors,
        clientInfo: options.clientInfo,
        onListChanged: () => {
          if (slot.attempt === attempt) changed();
        },
        onLost: (failure) => {
          if (slot.attempt !== attempt || closed) return;
          delete slot.connection;
          settle(slot, 'failed', failure);
        },
      });
      slot.signedIn = (await oauth?.hasTokens()) ?? false;
      if (slot.attempt !== attempt || closed) {
        if (result.ok) await result.value.close();
        return;
      }
      if (result.ok) {
        slot.connection = result.value;
        return settle(slot, 'connected');
      }
      const failure = result.error;
      settle(slot, failure.kind === 'auth-required' ? 'needs-sign-in' : 'failed', failure);
    })().catch((error: unknown) => {
      // A bug, not an expected failure: keep the manager alive and show it on the server.
      settle(
        slot,
        'failed',
        mcpFailure(
          'server-error',
          name,
          `Connecting "${name}" failed unexpectedly: ${String(error)}`,
          'Reconnect it; if it persists, report it.',
        ),
      );
    });
    slot.pending = run;
    return run;
  };

  const api: McpManager = {
    setServers(entries) {
      const next = new Map(entries.map((e) => [e.name, e]));
      for (const [name, slot] of slots) {
        if (!next.has(name)) {
          slots.delete(name);
          void disconnect(slot);
        }
      }
      for (const entry of entries) {
        const slot = slots.get(entry.name);
        if (
          slot &&
          sameConfig(slot.entry.config, entry.config) &&
          slot.entry.source === entry.source &&
          (slot.entry.enabled !== false) === (entry.enabled !== false)
        )
          continue;
        if (slot) void disconnect(slot);
        const fresh: Slot = {
          entry,
          status: 'connecting',
          attempt: slot?.attempt ?? 0,
          signedIn: false,
        };
        slots.set(entry.name, fresh);
        void connect(fresh);
      }
      changed();
    },
    setSourceAllowed(source, value) {
      if (allowed[source] === value) return;
      allowed[source] = value;
      for (const slot of slots.values()) {
        if (slot.entry.source !== source) continue;
        if (!value) void disconnect(slot);
        void connect(slot);
      }
    },
    states: () => build().states,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    tools: () => build().tools,
    promptCommands: () => build().commands,
    servers: () => build().views,
    connection: (name) => slots.get(name)?.connection,
    async reconnect(name) {
      const slot = slots.get(name);
      if (!slot) return;
      await disconnect(slot);
      await connect(slot);
    },
    async setEnabled(name, enabled) {
      const slot = slots.get(name);
      if (!slot || (slot.entry.enabled !== false) === enabled) return;
      slot.entry = { ...slot.entry, enabled };
      await disconnect(slot);
      await connect(slot);
    },
    async remove(name) {
      const slot = slots.get(name);
      if (!slot) return;
      slots.delete(name);
      await disconnect(slot);
      changed();
    },
    async workspaceChanged() {
      await Promise.all(
        [...slots.values()].filter((s) => s.entry.config.type === 'stdio').map((s) => api.reconnect(s.entry.name)),
      );
    },
    async signIn(name, window, signal) {
      const slot = slots.get(name);
      const config = slot?.entry.config;
      const provider = slot && oauthFor(slot);
      if (!slot || !provider || (config?.type !== 'http' && config?.type !== 'sse')) {
        window.close();
        return err(
          mcpFailure(
            'auth-failed',
            name,
            `"${name}" has no sign-in.`,
            'Only remote (HTTP or SSE) servers sign in with OAuth.',
          ),
        );
      }
      const sdk = await loadSdk();
      const result = await runSignIn({
        server: name,
        serverUrl: config.url,
        provider,
        window,
        sdk,
        fetch: options.fetch,
        signal,
        origin,
        probeCors,
      });
      if (!result.ok) {
        settle(slot, result.error.kind === 'cancelled' ? slot.status : 'needs-sign-in', result.error);
        return result;
      }
      await api.reconnect(name);
      return ok(undefined);
    },
    async signOut(name) {
      const slot = slots.get(name);
      const provider = slot && oauthFor(slot);
      if (!slot || !provider) return;
      await provider.forget();
      slot.signedIn = false;
      await disconnect(slot);
      await connect(slot);
    },
    findMentions: (text) => findMcpMentions(text, [...slots.keys()]),
    resolveMention: (mention, signal) => resolveMcpMention(api.servers(), mention, signal),
    async settled() {
      for (;;) {
        const pending = [...slots.values()].map((s) => s.pending);
        await Promise.all(pending);
        if ([...slots.values()].every((s, i) => s.pending === pending[i])) return;
      }
    },
    async close() {
      closed = true;
      await Promise.all([...slots.values()].map(disconnect));
      slots.clear();
      changed();
    },
  };
  return api;
}
