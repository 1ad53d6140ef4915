import type { SlashCommand } from '../../agent/commands/types';
import type { AgentHooks } from '../../agent/agent-hooks';
import type { LoadedExtensions, ProjectManifest, TrustStore } from '../../agent/extensions';
import type { ExtensionNotice, WorktreeReview } from '../../agent/extensions';
import type { Provider } from '../../providers/types';
import type { Tool } from '../../tools/types';
import type { FileTree } from '../../workspace/file-tree';
import type { Workspace } from '../../workspace/types';
import {
  emptyUserExtensions,
  toUserExtensions,
  type StoredUserExtensions,
  type UserExtensionsStore,
} from '../../store/user-extensions-store';
import type { Notify } from '../notify';
import type { Runtime } from '../runtime-loader';
import type { Conversation } from '../sessions/conversation';
import { providerReady, type SettingsApp } from '../settings';
import { MODE_PERMISSIVENESS } from '../../agent/events';
import { createStore, type ReadonlyStore } from '../store';
import type { ExtensionSlot } from './extension-slot';
import { trustCommand } from './trust-command';

// The workspace's extensions (Claude Code's .claude/ files) for the open conversation: loaded when
// it opens and again when those files change, with the project's own content held back until the
// user trusts it (the Trust dialog). Each load becomes a new ExtensionSession in the agent's slot.

export interface TrustAsk {
  projectId: string;
  /** unknown: never asked; changed: trusted before, the files differ now. */
  status: 'unknown' | 'changed';
  manifest: ProjectManifest;
}

export interface ExtensionsState {
  loaded: LoadedExtensions | null;
  /** The Trust dialog, while the project's files wait for the user's answer. */
  trustAsk: TrustAsk | null;
  /** Custom commands, skills and the /skills, /agents, /hooks listings, beside the built-ins. */
  commands: SlashCommand[];
  /** Worktree subagents' changes waiting for the user's Apply or Discard. */
  worktrees: WorktreeReview[];
  /** The user's own skills, commands, agents and settings.json (Settings › Your extensions). */
  user: StoredUserExtensions;
}

export interface ExtensionsDeps {
  runtime: () => Promise<Runtime>;
  settings: SettingsApp;
  notify: Notify;
  trustStore: TrustStore;
  /** Where the user's own extensions are kept (none: they live for this page only). */
  userStore?: Pick<UserExtensionsStore, 'load' | 'save'>;
  /** How long the agent waits for the user after a turn before Notification `idle_prompt` (default 60 s, as Claude Code). */
  idleMs?: number;
  /** Quiet time after a change to `.claude/` before loading again (default 250 ms). */
  debounceMs?: number;
}

/** Claude Code's model aliases, for skills, commands and agents that name one. */
const ALIASES: Record<string, string> = {
  haiku: 'claude-haiku-4-5',
  sonnet: 'claude-sonnet-4-5',
  opus: 'claude-opus-4-1',
};

/** Files whose change may change what the project loads or runs. */
function relevant(path: string, root: string): boolean {
  const rel = path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
  return (
    rel.startsWith('.claude/') ||
    rel === '.claude' ||
    rel === '.mcp.json' ||
    ['CLAUDE.md', 'AGENTS.md', 'CLAUDE.local.md'].includes(rel)
  );
}

/** A cloned repository is known by its remote, so its answer follows it into any session; else by the session. */
async function projectIdOf(workspace: Workspace, sessionId: string): Promise<string> {
  const config = `${workspace.root}/.git/config`;
  try {
    if ((await workspace.stat(config))?.kind === 'file') {
      const remote = /\[remote "origin"\][^[]*?url\s*=\s*(\S+)/.exec(await workspace.readText(config));
      if (remote) return `repo:${remote[1]}`;
    }
  } catch {
    // no git metadata: the session names the project
  }
  return `session:${sessionId}`;
}

/**
 * The in-page FileTree under the workspace, for worktree subagents to fork: the app's workspace
 * handle holds the lite workspace (`.tree`), which holds the FileTree (`.tree.tree`).
 */
function fileTreeOf(workspace: Workspace): FileTree | undefined {
  const isTree = (t: unknown): t is FileTree =>
    typeof (t as FileTree | undefined)?.snapshot === 'function' && typeof (t as FileTree).restore === 'function';
  let t: unknown = workspace;
  for (let depth = 0; depth < 3 && t && !isTree(t); depth++) t = (t as { tree?: unknown }).tree;
  return isTree(t) ? t : undefined;
}

const noticeKey = (n: ExtensionNotice): string => `${n.file}\0${n.message}`;

export type ExtensionsApp = ReturnType<typeof createExtensions>;

export function createExtensions(deps: ExtensionsDeps) {
  const store = createStore<ExtensionsState>({
    loaded: null,
    trustAsk: null,
    commands: [],
    worktrees: [],
    user: emptyUserExtensions(),
  });
  const userReady: Promise<void> = (deps.userStore?.load() ?? Promise.resolve(emptyUserExtensions())).then(
    (user) => store.set({ user }),
    (error: unknown) => console.error('[tidepool] your extensions could not be read', error),
  );
  const currentSlot = (): ExtensionSlot | undefined => (bound ? slots.get(bound.conversation.agent) : undefined);
  const refreshWorktrees = (): void => store.set({ worktrees: currentSlot()?.pendingWorktrees() ?? [] });
  const slots = new WeakMap<object, ExtensionSlot>();
  const reported = new Set<string>();
  let bound: { conversation: Conversation; unwatch: () => void; installs: number; projectLoaded: boolean } | null =
    null;
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function providerFor(rt: Runtime, model: string): Provider | undefined {
    const s = deps.settings.store.get();
    if (!providerReady(s)) return undefined;
    const config = deps.settings.providerConfig();
    const id = ALIASES[model.toLowerCase()];
    // An alias or a Claude id means a Claude model: other endpoints keep their own model rather than guess.
    if ((id || /^claude-/i.test(model)) && config.format !== 'anthropic') return undefined;
    return rt.createProvider({ ...config, model: id ?? model });
  }

  let newest: Promise<void> = Promise.resolve();
  /** Settles when the newest load has (a later change supersedes an earlier load, which then waits for it). */
  function load(): Promise<void> {
    const run = loadOnce();
    newest = run;
    const settle = async (p: Promise<void>): Promise<void> => {
      await p;
      if (newest !== p) return settle(newest);
    };
    return settle(run);
  }

  async function loadOnce(): Promise<void> {
    const b = bound;
    if (!b) return;
    const mine = ++generation;
    const rt = await deps.runtime();
    await userReady;
    const slot = slots.get(b.conversation.agent);
    const work = (async () => {
      const workspace = b.conversation.agent.workspace;
      const sessionId = b.conversation.live?.id ?? 'unsaved';
      const projectId = await projectIdOf(workspace, sessionId);
      const loaded = await rt.loadExtensions({
        workspace,
        user: toUserExtensions(store.get().user),
        trust: { projectId, store: deps.trustStore },
      });
      if (mine !== generation || bound !== b) return;
      const status = loaded.trust.status;
      store.set({
        loaded,
        commands: [...rt.promptCommands(loaded.prompts), ...rt.listingCommands(() => store.get().loaded ?? loaded)],
        // Files that would neither run nor load anything (an empty settings.json) are not worth a question.
        trustAsk:
          (status === 'unknown' || status === 'changed') && loaded.trust.manifest.items.length > 0
            ? { projectId, status, manifest: loaded.trust.manifest }
            : null,
      });
      for (const notice of loaded.notices) {
        if (reported.has(noticeKey(notice))) continue;
        reported.add(noticeKey(notice));
        deps.notify('warning', `${notice.file}: ${notice.message}`, {
          hint: 'The rest of the project’s configuration still applies. /skills, /agents and /hooks list what loaded.',
        });
      }
      if (!slot) return;
      const tree = fileTreeOf(workspace);
      const session = new rt.ExtensionSession(loaded, {
        sessionId,
        providerFor: (model) => providerFor(rt, model),
        tree,
        fetch: (input, init) => fetch(input, init),
        worktreesChanged: refreshWorktrees,
        onBackgroundDone: (done) =>
          deps.notify('info', `Background agent finished: ${done.description}`, {
            hint: 'Its report goes to the agent with your next message.',
          }),
      });
      slot.install(session);
      const agent = b.conversation.agent;
      const offered = agent.toolList.includes(slot.skillTool);
      if (slot.offersSkill !== offered)
        agent.setTools(
          offered ? agent.toolList.filter((t) => t !== slot.skillTool) : [...agent.toolList, slot.skillTool],
        );
      const first = b.installs++ === 0;
      const nowLoaded = loaded.projectLoaded && !b.projectLoaded;
      b.projectLoaded = loaded.projectLoaded;
      if (first || nowLoaded) startWith(loaded, rt, nowLoaded || b.conversation.events.length === 0);
      // SessionStart: when the session opens, and when a trusted project's own hooks first apply.
      if (first || nowLoaded)
        void session.sessionStarted(first && b.conversation.events.length > 0 ? 'resume' : 'startup');
    })();
    slot?.loading(work);
    await work;
  }

  /**
   * Settings' `permissions.defaultMode` (for a new session, or one whose project was just trusted;
   * never more permissive than the mode the user has) and `model` (every request, said once).
   */
  function startWith(loaded: LoadedExtensions, rt: Runtime, fresh: boolean): void {
    const { defaultMode, model } = loaded.settings;
    const mode = deps.settings.store.get().settings.mode;
    if (defaultMode && fresh && defaultMode !== mode) {
      if (MODE_PERMISSIVENESS[defaultMode] > MODE_PERMISSIVENESS[mode])
        deps.notify('warning', `The settings ask for ${defaultMode} mode; you stay in ${mode} mode.`, {
          hint: 'Settings that come with a project may make the mode stricter, never more permissive.',
        });
      else {
        deps.settings.setMode(defaultMode);
        deps.notify('info', `Permission mode: ${defaultMode}, as the settings’ permissions.defaultMode says.`, {
          hint: 'Shift+Tab changes it.',
        });
      }
    }
    if (model && model !== deps.settings.store.get().settings.model && providerFor(rt, model))
      deps.notify('info', `Requests use ${model}, as the settings’ model says.`, {
        hint: 'Remove "model" from .claude/settings.json (or your own settings.json) to use the model chosen in Settings.',
      });
  }

  const sessionOf = (conversation: Conversation) => slots.get(conversation.agent)?.current ?? null;
  let idle: ReturnType<typeof setTimeout> | undefined;

  /** SessionEnd on /clear (then SessionStart `clear`); Notification `idle_prompt` when a finished turn waits for the user. */
  function watchSession(conversation: Conversation): () => void {
    return conversation.subscribe((event) => {
      const session = sessionOf(conversation);
      if (event.type === 'turn-started') clearTimeout(idle);
      if (!session) return;
      if (event.type === 'transcript-cleared')
        void session.sessionEnded('clear').then(() => session.sessionStarted('clear'));
      if (event.type === 'turn-ended' && event.reason === 'done') {
        clearTimeout(idle);
        idle = setTimeout(
          () => session.notify('Tidepool is waiting for your input', 'idle_prompt'),
          deps.idleMs ?? 60_000,
        );
      }
    });
  }

  function follow(conversation: Conversation | null): void {
    if (bound?.conversation === conversation) return;
    // Leaving a session: SessionEnd `resume` when another stored one opens, `clear` for a new one.
    const leaving = bound && sessionOf(bound.conversation);
    if (leaving) void leaving.sessionEnded(!conversation ? 'other' : conversation.events.length ? 'resume' : 'clear');
    clearTimeout(idle);
    bound?.unwatch();
    bound = null;
    clearTimeout(timer);
    store.set({ loaded: null, trustAsk: null, commands: [], worktrees: [] });
    if (!conversation) return;
    const workspace = conversation.agent.workspace;
    const unwatch = workspace.watch((changes) => {
      const paths = changes.flatMap((c) => ('path' in c ? [c.path] : [c.from, c.to]));
      if (!paths.some((p) => relevant(p, workspace.root))) return;
      clearTimeout(timer);
      timer = setTimeout(() => void load(), deps.debounceMs ?? 250);
    });
    const unwatchSession = watchSession(conversation);
    bound = {
      conversation,
      unwatch: () => {
        unwatch();
        unwatchSession();
      },
      installs: 0,
      projectLoaded: false,
    };
    void load().catch((error: unknown) => console.error('[tidepool] extensions failed to load', error));
  }

  /** Records the user's trust (or distrust) of the project's files as they are now, then loads again. */
  async function decideTrust(trusted: boolean): Promise<void> {
    const b = bound;
    const loaded = store.get().loaded;
    if (!b || !loaded) return;
    const projectId = await projectIdOf(b.conversation.agent.workspace, b.conversation.live?.id ?? 'unsaved');
    store.set({ trustAsk: null });
    const rt = await deps.runtime();
    await rt.recordTrust(deps.trustStore, projectId, loaded.trust.manifest, trusted);
    await load();
  }

  const trust = trustCommand({
    loaded: () => store.get().loaded,
    projectId: () =>
      bound
        ? projectIdOf(bound.conversation.agent.workspace, bound.conversation.live?.id ?? 'unsaved')
        : Promise.resolve('session:unsaved'),
    decide: decideTrust,
  });

  return {
    store: store as ReadonlyStore<ExtensionsState>,

    /** Notification hooks for something that waits on the user outside the agent (an MCP server's question). */
    notify(message: string, type: string, title?: string): void {
      if (bound) sessionOf(bound.conversation)?.notify(message, type, title);
    },

    /** SessionEnd for the open session (the page is going away). */
    endSession(reason: 'other' | 'prompt_input_exit'): void {
      if (bound) void sessionOf(bound.conversation)?.sessionEnded(reason);
    },

    /** `/trust` (always there, unlike the commands a project brings). */
    trustCommand: trust,

    /** The slot for an agent about to be built: its hooks and tools go into the Agent's options. */
    agentExtras(rt: Runtime): { tools: Tool[]; hooks: AgentHooks } {
      const slot = new rt.ExtensionSlot((agent, me) => slots.set(agent, me));
      return { tools: slot.tools, hooks: slot.hooks };
    },

    /** Follows the open conversation (create-app subscribes this to the sessions store). */
    follow,

    /** Loads the workspace's extensions again now (after a clone; tests call it instead of waiting). */
    reload: (): Promise<void> => load(),

    /** The open project's id for trust decisions (its repository, else its session): MCP asks under the same. */
    async projectId(): Promise<string> {
      const b = bound;
      if (!b) return 'session:unsaved';
      return projectIdOf(b.conversation.agent.workspace, b.conversation.live?.id ?? 'unsaved');
    },

    /** Keeps the user's own extensions and loads them into the open conversation; false when storing failed. */
    async saveUser(next: StoredUserExtensions): Promise<boolean> {
      await userReady;
      store.set({ user: next });
      let saved = true;
      try {
        await deps.userStore?.save(next);
      } catch (error) {
        saved = false;
        deps.notify('error', 'Your extensions could not be stored in this browser.', {
          hint: `They apply until the page is reloaded. ${error instanceof Error ? error.message : ''}`.trim(),
        });
      }
      await load();
      return saved;
    },

    /**
     * The user's review of a worktree subagent's changes: apply these files (or all; three-way, a
     * conflict keeps the workspace's file) or discard them ('none'). The model hears of it next.
     */
    reviewWorktree(agentId: string, apply: 'all' | 'none' | string[]): void {
      const records = currentSlot()?.decideWorktree(agentId, { apply }) ?? [];
      refreshWorktrees();
      const conflicts = records.filter((r) => r.status === 'conflict').length;
      if (conflicts)
        deps.notify('warning', `${conflicts} file${conflicts === 1 ? '' : 's'} changed meanwhile and kept yours.`, {
          hint: 'The subagent’s version of each is in the chat’s review notice.',
        });
    },

    /** The user's answer to the Trust dialog: kept for this project and these files, then loaded again. */
    async answerTrust(trusted: boolean): Promise<void> {
      const ask = store.get().trustAsk;
      if (!ask) return;
      store.set({ trustAsk: null });
      const rt = await deps.runtime();
      await rt.recordTrust(deps.trustStore, ask.projectId, ask.manifest, trusted);
      if (!trusted)
        deps.notify('info', 'This project’s own hooks, skills, commands, agents, settings and CLAUDE.md stay off.', {
          hint: 'Your own settings still apply. A change to those files asks again.',
        });
      await load();
    },
  };
}
