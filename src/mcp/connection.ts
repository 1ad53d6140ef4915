// One live connection to one MCP server: the SDK's Client on the transport the configuration
// names, its lists (tools, resources, prompts) kept fresh on `list_changed`, elicitation and
// sampling routed to the callbacks, and calls that return failures as values. A connection that
// is lost (process exit, dead stream) rejects what is pending and reports itself once.
import type {
  CallToolResult,
  GetPromptResult,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  ServerCapabilities,
  Tool as McpListedTool,
} from '@modelcontextprotocol/sdk/types.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { err, ok, type Result } from '../lib/result';
import type { McpServerConfig, McpTransportKind } from './config';
import { describeError, isNetworkFailure, mcpFailure, type ErrorContext, type McpFailure } from './errors';
import { elicitationFields, type McpElicitationAnswer, type McpElicitationRequest } from './elicitation';
import { samplingPreview, type McpSamplingRequest, type SamplingAnswer, type SamplingParams } from './sampling';
import { lazySchemaValidator } from './schema-validator';
import { loadSdk, type McpClient, type McpSdk } from './sdk';
import { createTransport, type TransportDeps } from './transports/create-transport';
import { WorkspaceStdioTransport } from './transports/workspace-stdio';

export type { McpListedTool };

export interface McpCallbacks {
  /** Shows the server's form; without it the client does not offer elicitation. */
  elicit?: (request: McpElicitationRequest, signal: AbortSignal) => Promise<McpElicitationAnswer>;
  /** Asks the user and answers with the session's model; without it the client does not offer sampling. */
  sample?: (request: McpSamplingRequest, signal: AbortSignal) => Promise<SamplingAnswer>;
}

export interface ConnectOptions extends Omit<TransportDeps, 'sdk'> {
  name: string;
  config: McpServerConfig;
  callbacks?: McpCallbacks;
  /** A list changed on the server and has been re-read. */
  onListChanged?: (list: 'tools' | 'resources' | 'prompts') => void;
  /** The connection ended without `close()` (the server died or went away). */
  onLost?: (failure: McpFailure) => void;
  /** For CORS wording and probing. */
  origin?: string;
  probeCors?: (url: string) => Promise<boolean>;
  clientInfo?: { name: string; version: string };
  /** How long connecting may take; default 30 s. */
  connectTimeoutMs?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  onProgress?: (progress: { progress: number; total?: number; message?: string }) => void;
  /** Wall-clock limit; progress does not extend it. Default: the server's `timeout`, else 10 minutes. */
  timeoutMs?: number;
}

export interface McpConnection {
  readonly name: string;
  /** The transport in use (`sse` when an untyped URL fell back from Streamable HTTP). */
  readonly transport: McpTransportKind;
  readonly serverInfo?: { name: string; version: string; title?: string };
  readonly instructions?: string;
  readonly capabilities: ServerCapabilities;
  readonly tools: readonly McpListedTool[];
  readonly resources: readonly Resource[];
  readonly resourceTemplates: readonly ResourceTemplate[];
  readonly prompts: readonly Prompt[];
  /** Recent log lines: the server's logging notifications and transport errors. */
  readonly log: readonly string[];
  callTool(
    tool: string,
    args: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<Result<CallToolResult, McpFailure>>;
  readResource(uri: string, signal?: AbortSignal): Promise<Result<ReadResourceResult, McpFailure>>;
  getPrompt(
    name: string,
    args: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<Result<GetPromptResult, McpFailure>>;
  /** Re-reads the lists now (the `/mcp` refresh). */
  refresh(): Promise<Result<void, McpFailure>>;
  close(): Promise<void>;
  /** The SDK client, for what this wrapper does not cover. */
  readonly client: McpClient;
}

const DEFAULT_CALL_TIMEOUT = 10 * 60_000;
const MAX_PAGES = 50;
const LOG_LINES = 100;

function remoteUrl(config: McpServerConfig): string | undefined {
  return config.type === 'http' || config.type === 'sse' || config.type === 'ws' ? config.url : undefined;
}

/** Connects (falling back to SSE for an untyped URL whose server predates Streamable HTTP) and reads the lists. */
export async function connectMcp(options: ConnectOptions): Promise<Result<McpConnection, McpFailure>> {
  let sdk: McpSdk;
  try {
    sdk = await loadSdk();
  } catch (error) {
    return err(describeError(error, { server: options.name, phase: 'connect' }));
  }
  const first = await attempt(sdk, options);
  if (first.ok || !shouldFallBack(first.error, options.config, sdk))
    return first.ok ? ok(first.value) : err(await explain(first.error, options, sdk));
  const second = await attempt(sdk, options, 'sse');
  return second.ok ? ok(second.value) : err(await explain(first.error, options, sdk));
}

function shouldFallBack(error: unknown, config: McpServerConfig, sdk: McpSdk): boolean {
  if (config.type !== 'http' || !config.inferredType) return false;
  return error instanceof sdk.StreamableHTTPError && [400, 404, 405].includes(error.code ?? 0);
}

async function explain(
  error: unknown,
  options: ConnectOptions,
  sdk: McpSdk,
  phase: ErrorContext['phase'] = 'connect',
): Promise<McpFailure> {
  const url = remoteUrl(options.config);
  const corsRefused =
    url && isNetworkFailure(error) && options.probeCors ? await options.probeCors(url).catch(() => false) : false;
  return describeError(
    error,
    {
      server: options.name,
      url,
      origin: options.origin,
      headers:
        options.config.type === 'http' || options.config.type === 'sse'
          ? Object.keys(options.config.headers ?? {})
          : [],
      corsRefused,
      phase,
    },
    sdk,
  );
}

async function attempt(
  sdk: McpSdk,
  options: ConnectOptions,
  override?: 'sse',
): Promise<Result<McpConnection, unknown>> {
  const made = await createTransport(options.name, options.config, { ...options, sdk }, override).catch(
    (error: unknown) => err(error),
  );
  if (!made.ok) return made;
  const transport = made.value;
  const { callbacks = {} } = options;
  const client = new sdk.Client(options.clientInfo ?? { name: 'tidepool', version: '0.1.0' }, {
    capabilities: {
      ...(callbacks.elicit ? { elicitation: { form: {} } } : {}),
      ...(callbacks.sample ? { sampling: {} } : {}),
    },
    jsonSchemaValidator: lazySchemaValidator(sdk.Validator),
  });
  try {
    await client.connect(transport, { timeout: options.connectTimeoutMs ?? 30_000 });
  } catch (error) {
    await client.close().catch(() => undefined);
    return err(
      transport instanceof WorkspaceStdioTransport && transport.exitCode !== null
        ? processExited(options.name, transport)
        : error,
    );
  }
  const connection = new Connection(sdk, client, transport, options, override ?? options.config.type);
  const lists = await connection.readLists();
  if (!lists.ok) {
    await client.close().catch(() => undefined);
    return err(lists.error);
  }
  return ok(connection);
}

/** A stdio server whose process ended while connecting: what it printed says why. */
function processExited(name: string, transport: WorkspaceStdioTransport): McpFailure {
  const tail = transport.log.slice(-4).join('\n');
  return mcpFailure(
    'unreachable',
    name,
    `The process for "${name}" (\`${transport.commandLine()}\`) exited with code ${transport.exitCode} before it answered.`,
    tail ? `It printed:\n${tail}` : 'Check the command and its arguments; run it in the terminal to see what it says.',
  );
}

class Connection implements McpConnection {
  tools: McpListedTool[] = [];
  resources: Resource[] = [];
  resourceTemplates: ResourceTemplate[] = [];
  prompts: Prompt[] = [];
  readonly log: string[] = [];
  readonly serverInfo;
  readonly instructions;
  readonly capabilities: ServerCapabilities;
  private closing = false;
  private lost = false;
  private refreshing: Partial<Record<'tools' | 'resources' | 'prompts', Promise<void>>> = {};
  private again = new Set<'tools' | 'resources' | 'prompts'>();

  constructor(
    private readonly sdk: McpSdk,
    readonly client: McpClient,
    private readonly transportObject: Transport,
    private readonly options: ConnectOptions,
    readonly transport: McpTransportKind,
  ) {
    this.name = options.name;
    const info = client.getServerVersion();
    this.serverInfo = info
      ? { name: info.name, version: info.version, ...(info.title ? { title: info.title } : {}) }
      : undefined;
    this.instructions = client.getInstructions();
    this.capabilities = client.getServerCapabilities() ?? {};
    this.watch();
    this.handleServerRequests();
  }

  readonly name: string;

  private note(line: string): void {
    this.log.push(line);
    if (this.log.length > LOG_LINES) this.log.shift();
  }

  /** Notices a connection that died under us, and reports it once. */
  private watch(): void {
    const { client, sdk } = this;
    client.onclose = () => {
      if (this.closing || this.lost) return;
      this.lost = true;
      // Reported synchronously: the SDK calls this before it rejects the pending calls, so the
      // server's status reads "failed" by the time a tool's result says it died.
      const log =
        'log' in this.transportObject ? (this.transportObject as { log: string[] }).log.slice(-3).join(' | ') : '';
      const closedError = new sdk.McpError(sdk.ErrorCode.ConnectionClosed, `Connection closed${log ? `: ${log}` : ''}`);
      this.options.onLost?.(
        describeError(closedError, { server: this.name, url: remoteUrl(this.options.config), phase: 'call' }, sdk),
      );
    };
    client.onerror = (error) => {
      this.note(`transport: ${error.message}`);
      if (this.closing || this.lost) return;
      const text = error.message;
      // Streamable HTTP keeps a request pending while it tries to resume a broken stream; once it
      // gives up (or the legacy SSE stream breaks) nothing will ever answer, so close and reject.
      if (/Maximum reconnection attempts|Failed to reconnect/i.test(text) || error instanceof sdk.SseError) {
        void client.close();
      } else if (/SSE stream disconnected/i.test(text) || isNetworkFailure(error)) {
        void client.ping({ timeout: 5000 }).catch(() => client.close());
      }
    };
    const types = this.sdk.types;
    const refresh = (list: 'tools' | 'resources' | 'prompts') => () =>
      void this.refreshList(list).then(() => this.options.onListChanged?.(list));
    client.setNotificationHandler(types.ToolListChangedNotificationSchema, refresh('tools'));
    client.setNotificationHandler(types.ResourceListChangedNotificationSchema, refresh('resources'));
    client.setNotificationHandler(types.PromptListChangedNotificationSchema, refresh('prompts'));
    client.setNotificationHandler(types.LoggingMessageNotificationSchema, (notification) => {
      const { level, logger, data } = notification.params;
      this.note(`${level}${logger ? ` ${logger}` : ''}: ${typeof data === 'string' ? data : JSON.stringify(data)}`);
    });
  }

  private handleServerRequests(): void {
    const { client, sdk } = this;
    const { callbacks = {} } = this.options;
    if (callbacks.elicit) {
      const elicit = callbacks.elicit;
      client.setRequestHandler(sdk.types.ElicitRequestSchema, async (request, extra) => {
        const params = request.params;
        if (params.mode === 'url') return { action: 'decline' };
        const requestedSchema = params.requestedSchema as Record<string, unknown>;
        return elicit(
          { server: this.name, message: params.message, requestedSchema, fields: elicitationFields(requestedSchema) },
          extra.signal,
        );
      });
    }
    if (callbacks.sample) {
      const sample = callbacks.sample;
      client.setRequestHandler(sdk.types.CreateMessageRequestSchema, async (request, extra) => {
        const params = request.params as unknown as SamplingParams;
        const answer = await sample({ server: this.name, params, preview: samplingPreview(params) }, extra.signal);
        // MCP's convention for a refused sampling request: error code -1.
        if (!answer.ok) throw new sdk.McpError(-1, answer.error);
        return answer.value;
      });
    }
  }

  /** Reads every list the server offers, following pagination. */
  async readLists(): Promise<Result<void, unknown>> {
    try {
      await Promise.all([this.fetchList('tools'), this.fetchList('resources'), this.fetchList('prompts')]);
      return ok(undefined);
    } catch (error) {
      return err(error);
    }
  }

  private async fetchList(list: 'tools' | 'resources' | 'prompts'): Promise<void> {
    const caps = this.capabilities;
    if (list === 'tools') {
      if (!caps.tools) return;
      this.tools = await this.paged(async (cursor) => {
        const page = await this.client.listTools(cursor ? { cursor } : undefined);
        return { items: page.tools, next: page.nextCursor };
      });
    } else if (list === 'resources') {
      if (!caps.resources) return;
      const [resources, templates] = await Promise.all([
        this.paged(async (cursor) => {
          const page = await this.client.listResources(cursor ? { cursor } : undefined);
          return { items: page.resources, next: page.nextCursor };
        }),
        this.paged(async (cursor) => {
          const page = await this.client.listResourceTemplates(cursor ? { cursor } : undefined);
          return { items: page.resourceTemplates, next: page.nextCursor };
        }).catch(() => [] as ResourceTemplate[]), // templates are optional; a server without them may refuse the method
      ]);
      this.resources = resources;
      this.resourceTemplates = templates;
    } else {
      if (!caps.prompts) return;
      this.prompts = await this.paged(async (cursor) => {
        const page = await this.client.listPrompts(cursor ? { cursor } : undefined);
        return { items: page.prompts, next: page.nextCursor };
      });
    }
  }

  private async paged<T>(read: (cursor?: string) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const { items, next } = await read(cursor);
      out.push(...items);
      if (!next) break;
      cursor = next;
    }
    return out;
  }

  /** One refresh per list at a time; a notification during a refresh runs one more after it. */
  private refreshList(list: 'tools' | 'resources' | 'prompts'): Promise<void> {
    if (this.refreshing[list]) {
      this.again.add(list);
      return this.refreshing[list]!;
    }
    const run = (async () => {
      do {
        this.again.delete(list);
        await this.fetchList(list).catch((error: unknown) => this.note(`refreshing ${list} failed: ${String(error)}`));
      } while (this.again.has(list));
    })().finally(() => delete this.refreshing[list]);
    this.refreshing[list] = run;
    return run;
  }

  async refresh(): Promise<Result<void, McpFailure>> {
    const read = await this.readLists();
    return read.ok ? ok(undefined) : err(await explain(read.error, this.options, this.sdk, 'call'));
  }

  async callTool(
    tool: string,
    args: Record<string, unknown>,
    options: CallOptions = {},
  ): Promise<Result<CallToolResult, McpFailure>> {
    const timeout = options.timeoutMs ?? this.options.config.timeout ?? DEFAULT_CALL_TIMEOUT;
    // A signal of the call's own: the SDK leaves its abort listener on the signal it is given, and
    // the agent's signal lives for the whole turn.
    const local = new AbortController();
    const forward = (): void => local.abort(options.signal?.reason);
    if (options.signal?.aborted) forward();
    else options.signal?.addEventListener('abort', forward, { once: true });
    try {
      const result = await this.client.callTool({ name: tool, arguments: args }, undefined, {
        signal: local.signal,
        timeout,
        maxTotalTimeout: timeout,
        ...(options.onProgress
          ? {
              onprogress: (p: { progress: number; total?: number; message?: string }) =>
                options.onProgress!({
                  progress: p.progress,
                  ...(p.total !== undefined ? { total: p.total } : {}),
                  ...(p.message ? { message: p.message } : {}),
                }),
            }
          : {}),
      });
      return ok(result as CallToolResult);
    } catch (error) {
      return err(await this.failure(error, local.signal));
    } finally {
      options.signal?.removeEventListener('abort', forward);
    }
  }

  async readResource(uri: string, signal?: AbortSignal): Promise<Result<ReadResourceResult, McpFailure>> {
    try {
      return ok(await this.client.readResource({ uri }, { signal }));
    } catch (error) {
      return err(await this.failure(error, signal));
    }
  }

  async getPrompt(
    name: string,
    args: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<Result<GetPromptResult, McpFailure>> {
    try {
      return ok(await this.client.getPrompt({ name, arguments: args }, { signal }));
    } catch (error) {
      return err(await this.failure(error, signal));
    }
  }

  private async failure(error: unknown, signal?: AbortSignal): Promise<McpFailure> {
    if (signal?.aborted) {
      return describeError(Object.assign(new Error('aborted'), { name: 'AbortError' }), {
        server: this.name,
        phase: 'call',
      });
    }
    if (this.lost && !(error instanceof this.sdk.McpError && error.code !== this.sdk.ErrorCode.ConnectionClosed)) {
      return explain(
        new this.sdk.McpError(this.sdk.ErrorCode.ConnectionClosed, 'Connection closed'),
        this.options,
        this.sdk,
        'call',
      );
    }
    return explain(error, this.options, this.sdk, 'call');
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.client.close().catch(() => undefined);
  }
}
