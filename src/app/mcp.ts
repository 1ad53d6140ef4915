import type { ProjectManifest, TrustItem, TrustStatus, TrustStore } from '../agent/extensions/index';
import { err, ok, type Result } from '../lib/result';
import type {
  AuthorizationWindow,
  McpConfigIssue,
  McpElicitationAnswer,
  McpElicitationRequest,
  McpFailure,
  McpManager,
  McpManagerOptions,
  McpPromptCommand,
  McpSamplingRequest,
  McpSecretStore,
  McpServerEntry,
  McpServerState,
  McpUserServerInput,
  McpUserServerRecord,
  SamplingAnswer,
} from '../mcp/index';
import type { Provider } from '../providers/types';
import type { McpServerPrefs } from '../store/mcp-prefs';
import type { Tool } from '../tools/types';
import type { Workspace } from '../workspace/types';
import type { Notify } from './notify';
import { createStore, type ReadonlyStore } from './store';
import { HOST_TOOLS_SERVER } from '../lib/host-tools-server';
import { attachMcpMentions, type AttachedMentions } from './mcp-mentions';

/** One `@server:uri` completion: `label` is what goes into the message. */
export interface McpMentionOption {
  label: string;
  name: string;
  server: string;
  uri: string;
}

// MCP servers for the page: the user's own (kept on this device) and the project's `.mcp.json`,
// which connect only once the user trusts the project (the extensions' trust: one decision per
// project fingerprint). Owns the connection manager; hands the connected servers' tools to the
// agent (create-app.ts); holds the servers' questions to the user (elicitation, sampling) until
// the UI answers them. The MCP client loads on first use, after the first paint.

/** What a project's `.mcp.json` brings and whether it may connect. */
export interface McpProjectState {
  /** none: no `.mcp.json` servers; loading: reading the project; else the project's trust status. */
  status: 'none' | 'loading' | TrustStatus;
  /** The project's servers, one line each (`name: url` or `name: command args`). */
  servers: string[];
  /** Everything trusting the project lets load or run (hooks, settings, skills … and these servers). */
  items: TrustItem[];
  /** Problems in `.mcp.json`, each naming server and field. */
  issues: string[];
}

export interface PendingElicitation {
  id: number;
  request: McpElicitationRequest;
}

export interface PendingSampling {
  id: number;
  request: McpSamplingRequest;
}

export interface McpState {
  /** The saved servers have been read and handed to the manager. */
  loaded: boolean;
  servers: readonly McpServerState[];
  /** The user's own servers as saved (the rest come from the project). */
  records: readonly McpUserServerRecord[];
  project: McpProjectState;
  /** The connected servers' tools, for the agent (a new array whenever they change). */
  tools: readonly Tool[];
  elicitations: readonly PendingElicitation[];
  samplings: readonly PendingSampling[];
}

export interface McpDeps {
  prefs: McpServerPrefs;
  secrets: McpSecretStore;
  trust: TrustStore;
  notify: Notify;
  workspace: () => Workspace;
  /** Which project the workspace holds (a repository URL, else the workspace), for trust decisions. */
  projectId: () => string | Promise<string>;
  /** The session's provider, to answer a sampling request the user approved. */
  provider: () => Promise<Provider>;
  /** Loading waits for this (the app: the session has opened), so the first paint never waits for MCP. */
  start?: Promise<unknown>;
  /** Test seams: the manager's transport options. */
  managerOptions?: Partial<McpManagerOptions>;
}

export type McpApp = ReturnType<typeof createMcp>;

const NO_PROJECT: McpProjectState = { status: 'none', servers: [], items: [], issues: [] };
const issueText = (issue: McpConfigIssue): string => issue.message;

export function createMcp(deps: McpDeps) {
  const store = createStore<McpState>({
    loaded: false,
    servers: [],
    records: [],
    project: NO_PROJECT,
    tools: [],
    elicitations: [],
    samplings: [],
  });
  let projectEntries: McpServerEntry[] = [];
  /** The embedding page's tools (registerTools), over the port its handshake handed over. */
  let hostEntries: McpServerEntry[] = [];
  const fromHost = (server: string): boolean => hostEntries.some((e) => e.name === server);
  let manifest: ProjectManifest | null = null;
  let manifestProject = '';
  let nextId = 0;
  const answers = new Map<number, (answer: never) => void>();
  let manager: McpManager | null = null;
  let mcpModule: typeof import('../mcp/index') | null = null;

  const ask = <K extends 'elicitations' | 'samplings', A>(
    list: K,
    request: McpState[K][number]['request'],
    signal: AbortSignal,
  ): Promise<A> =>
    new Promise<A>((resolve) => {
      const id = ++nextId;
      const drop = (): void => {
        answers.delete(id);
        store.set((s) => ({ [list]: s[list].filter((p) => p.id !== id) }) as Partial<McpState>);
      };
      answers.set(id, ((answer: A) => (drop(), resolve(answer))) as (answer: never) => void);
      // The server gave up (or the connection closed): the question goes away unanswered.
      signal.addEventListener('abort', () => {
        if (!answers.has(id)) return;
        drop();
        resolve((list === 'elicitations' ? { action: 'cancel' } : err('The request was cancelled.')) as A);
      });
      store.set((s) => ({ [list]: [...s[list], { id, request }] }) as Partial<McpState>);
    });

  /** The manager's servers: the user's, then the project's (a name the user took stays the user's). */
  const apply = (): void => {
    if (!manager || !mcpModule) return;
    const user = store.get().records.map(mcpModule.userServerEntry);
    const taken = new Set([...hostEntries, ...user].map((e) => e.name));
    manager.setServers([
      ...hostEntries,
      ...user.filter((e) => !fromHost(e.name)),
      ...projectEntries.filter((e) => !taken.has(e.name)),
    ]);
  };

  const saveRecords = async (records: McpUserServerRecord[]): Promise<Result<void>> => {
    try {
      await deps.prefs.save(records);
    } catch (error) {
      return err(`The server list could not be saved: ${error instanceof Error ? error.message : String(error)}`);
    }
    store.set({ records });
    apply();
    return ok(undefined);
  };

  const ready: Promise<McpManager> = (async () => {
    await deps.start?.catch(() => undefined);
    const mcp = (mcpModule = await import('../mcp/index'));
    const created = mcp.createMcpManager({
      secrets: deps.secrets,
      workspace: deps.workspace,
      oauth:
        typeof location === 'undefined' ? undefined : { redirectUrl: `${location.origin}/mcp-oauth-callback.html` },
      callbacks: {
        // The embedding page may not put forms before the visitor (a key-phishing page could), nor
        // spend the visitor's model: a demo that wants a model passes its own endpoint.
        elicit: async (request, signal) =>
          fromHost(request.server)
            ? { action: 'decline' }
            : ask<'elicitations', McpElicitationAnswer>('elicitations', request, signal),
        sample: async (request, signal) =>
          fromHost(request.server)
            ? err('The embedding page may not use the visitor’s model.')
            : ask<'samplings', SamplingAnswer>('samplings', request, signal),
      },
      ...deps.managerOptions,
    });
    created.subscribe(() => store.set({ servers: created.states(), tools: created.tools() }));
    manager = created;
    let records: McpUserServerRecord[] = [];
    try {
      records = await deps.prefs.load();
    } catch (error) {
      deps.notify('warning', 'Your MCP servers could not be read from this device.', {
        hint: error instanceof Error ? error.message : undefined,
      });
    }
    store.set({ records, loaded: true });
    apply();
    return created;
  })();

  const recordOf = (name: string): McpUserServerRecord | undefined => store.get().records.find((r) => r.name === name);

  return {
    store: store as ReadonlyStore<McpState>,
    /** Resolves once the MCP client has loaded and the saved servers are connecting. */
    ready,

    /** Adds one of the user's servers (the Add server form); problems name their field. */
    async addServer(input: McpUserServerInput): Promise<Result<void, McpConfigIssue[]>> {
      const current = await ready;
      const mcp = mcpModule!;
      const names = [...store.get().records.map((r) => r.name), ...current.states().map((s) => s.name)];
      const checked = mcp.checkUserServer(input, names);
      if (!checked.ok) return checked;
      const { record, secrets } = checked.value;
      try {
        await mcp.saveUserServerSecrets(record, secrets, deps.secrets);
      } catch (error) {
        return err([{ message: `The server's secret headers could not be saved: ${String(error)}` }]);
      }
      const saved = await saveRecords([...store.get().records, record]);
      return saved.ok ? ok(undefined) : err([{ message: saved.error }]);
    },

    /** Removes one of the user's servers and forgets its secrets (a project's server can only be disabled). */
    async removeServer(name: string): Promise<Result<void>> {
      await ready;
      const record = recordOf(name);
      if (!record) return err(`"${name}" comes from the project's .mcp.json; disable it instead.`);
      await mcpModule!.forgetUserServerSecrets(record, deps.secrets).catch(() => undefined);
      await manager!.signOut(name).catch(() => undefined);
      return saveRecords(store.get().records.filter((r) => r.name !== name));
    },

    async reconnect(name: string): Promise<void> {
      await (await ready).reconnect(name);
    },

    /** Disables or enables a server; the user's choice is saved for their own servers. */
    async setEnabled(name: string, enabled: boolean): Promise<void> {
      const current = await ready;
      const record = recordOf(name);
      if (record) {
        await saveRecords(store.get().records.map((r) => (r.name === name ? { ...r, enabled } : r)));
      }
      await current.setEnabled(name, enabled);
    },

    /**
     * OAuth sign-in in `window`, which the UI opened in the click (openAuthorizationWindow). It
     * waits for the callback page until `signal` fires (the UI's Cancel sign-in).
     */
    async signIn(name: string, window: AuthorizationWindow, signal?: AbortSignal): Promise<Result<void, McpFailure>> {
      return (await ready).signIn(name, window, signal);
    },

    async signOut(name: string): Promise<void> {
      await (await ready).signOut(name);
    },

    /**
     * Reads the workspace's `.mcp.json` (with the rest of what project trust covers) and connects
     * its servers only when the project is trusted; otherwise they wait and the UI asks.
     */
    async loadProject(): Promise<void> {
      await ready;
      const mcp = mcpModule!;
      store.set((s) => ({ project: { ...s.project, status: s.project.status === 'none' ? 'none' : 'loading' } }));
      const [{ readProjectFiles, projectPaths }, trust] = await Promise.all([
        import('../agent/extensions/trust/project-files'),
        import('../agent/extensions/trust/project-trust'),
      ]);
      const workspace = deps.workspace();
      const projectId = await deps.projectId();
      let files: Record<string, string>;
      try {
        files = (await readProjectFiles(workspace)).files;
      } catch (error) {
        deps.notify('warning', "The project's MCP configuration could not be read.", {
          hint: error instanceof Error ? error.message : undefined,
        });
        return;
      }
      const text = files[projectPaths(workspace.root).mcp];
      const parsed = text === undefined ? { servers: [], issues: [] } : mcp.parseMcpJson(text);
      const described = await trust.describeProject(files, workspace.root);
      const state = await trust.checkTrust(deps.trust, projectId, described);
      manifest = described;
      manifestProject = projectId;
      projectEntries = parsed.servers;
      const hasServers = parsed.servers.length > 0 || parsed.issues.length > 0;
      store.set({
        project: hasServers
          ? {
              status: state.status,
              servers: described.items.filter((i) => i.kind === 'mcp-server').map((i) => i.detail),
              items: described.items,
              issues: parsed.issues.map(issueText),
            }
          : NO_PROJECT,
      });
      manager!.setSourceAllowed('project', state.status === 'trusted');
      apply();
    },

    /** The user trusts the project as listed (every item, not just its servers): its servers connect. */
    async trustProject(trusted: boolean): Promise<void> {
      await ready;
      if (!manifest) return;
      const { recordTrust } = await import('../agent/extensions/trust/project-trust');
      try {
        await recordTrust(deps.trust, manifestProject, manifest, trusted);
      } catch (error) {
        deps.notify('warning', 'Your answer could not be saved on this device; it applies until you reload.', {
          hint: error instanceof Error ? error.message : undefined,
        });
      }
      store.set((s) => ({ project: { ...s.project, status: trusted ? 'trusted' : 'distrusted' } }));
      manager!.setSourceAllowed('project', trusted);
    },

    /** The user's answer to a server's form (accept with the checked content, decline, cancel). */
    answerElicitation(id: number, answer: McpElicitationAnswer): void {
      (answers.get(id) as ((a: McpElicitationAnswer) => void) | undefined)?.(answer);
    },

    /** Approve: the session's model answers the server's request; decline: the server hears so. */
    async answerSampling(id: number, approve: boolean): Promise<void> {
      const resolve = answers.get(id) as ((a: SamplingAnswer) => void) | undefined;
      if (!resolve) return;
      answers.delete(id); // answered once, however often the button is pressed
      const pending = store.get().samplings.find((p) => p.id === id);
      if (!approve || !pending) return resolve(err('The user declined the sampling request.'));
      const provider = await deps.provider();
      resolve(await mcpModule!.sampleWithProvider(provider, pending.request.params));
    },

    /** `@` completions for the message box: the connected servers' resources matching `prefix`. */
    mentionOptions: (prefix: string): McpMentionOption[] =>
      manager && mcpModule ? mcpModule.mentionCompletions(manager.servers(), prefix) : [],

    /** Reads the resources `text` mentions (`@server:uri`), for the message's context. */
    attachMentions: (text: string): Promise<AttachedMentions> => attachMcpMentions(manager, text),

    /** The connected servers' prompts as slash commands (`/mcp__server__prompt`). */
    promptCommands: (): readonly McpPromptCommand[] => manager?.promptCommands() ?? [],

    /**
     * The embedding page's tools: its MCP server on `port` replaces any it registered before.
     * Settles once they are offered to the agent, or with what went wrong.
     */
    async setHostTools(port: MessagePort): Promise<Result<void>> {
      const current = await ready;
      hostEntries = [{ name: HOST_TOOLS_SERVER, source: 'embed', config: { type: 'embed', port } }];
      apply();
      await current.settled();
      const state = current.states().find((s) => s.name === HOST_TOOLS_SERVER);
      if (state?.status === 'connected') return ok(undefined);
      return err(`The page's tools could not be connected: ${state?.failure?.message ?? state?.status ?? 'no server'}`);
    },

    /** The MCP tools the agent should offer now. */
    tools: (): readonly Tool[] => store.get().tools,

    /** Closes every connection (tests, page teardown). */
    async close(): Promise<void> {
      await (await ready).close();
    },

    /** The manager, once loaded (tests; the app goes through the actions above). */
    manager: (): McpManager | null => manager,
  };
}
