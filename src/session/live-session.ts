import type { RestoredFile } from '../workspace/file-tree';
import { Agent, type AgentOptions } from '../agent/agent';
import {
  Checkpointer,
  fork,
  rewind,
  rewindPoints,
  type Checkpoint,
  type CheckpointStorage,
  type RewindOptions,
  type RewindResult,
} from '../agent/checkpoints';
import type { AgentEvent, PermissionMode, RuleLists, TurnEndReason } from '../agent/events';
import type { TurnContext } from '../agent/extension-events';
import { replayEvents } from '../agent/transcript';
import type { Provider } from '../providers/types';
import {
  coalesce,
  newMeta,
  type MemoryOnlyFiles,
  SessionLockedError,
  StorageFullError,
  type SessionMeta,
  type SessionStore,
  type StoreProblem,
} from '../store/session-store';
import type { Tool } from '../tools/types';
import { nextTask } from '../lib/yield';
import { createLiteWorkspace } from '../workspace/lite-workspace';
import type { Workspace } from '../workspace/types';
import { buildExport, serializeExport } from './export';
import { sessionToMarkdown } from './markdown';
import { closeInterruptedTurn } from './resume';
import { TurnFileTracker, turnChangesFromLog, workspaceSide, type TurnChanges } from './turn-changes';
import { mirrorWorkspace, type WorkspaceMirror } from './workspace-mirror';
import { switchableCheckpoints, type SwitchableCheckpoints } from './switchable-checkpoints';

// One open session: the Agent, its workspace, checkpoints, and the store they persist to.
// Every event the agent emits is appended as it happens, and at each turn's end the session adds
// what the turn changed (`files-changed`); file changes follow the workspace's watch; a checkpoint
// is saved before each user message. The app subscribes to the session's log, not to the agent.
// The permission mode and rules are the user's: they come from the options, never from the log.

/** The checkpoints of one stored session, as checkpoints.ts wants them. */
export function storeCheckpointStorage(store: SessionStore, sessionId: string): CheckpointStorage {
  return {
    blobHashes: () => store.blobHashes(sessionId),
    save: (checkpoint, newBlobs) => store.saveCheckpoint(sessionId, checkpoint, newBlobs),
    list: () => store.listCheckpoints(sessionId),
    load: (id) => store.loadCheckpoint(sessionId, id),
    blob: (hash) => store.getBlob(sessionId, hash),
    remove: (ids) => store.deleteCheckpoints(sessionId, ids),
  };
}

export type PersistenceStatus =
  | { kind: 'saved' }
  /** Writes did not fit; nothing in memory is lost. Free space (delete or export sessions), then `retryWrites()`. */
  | { kind: 'storage-full'; error: StorageFullError }
  /** Another tab took the session over: this tab should stop writing and follow it (reload). */
  | { kind: 'locked'; error: SessionLockedError }
  | { kind: 'error'; error: unknown };

export interface LiveSessionOptions {
  store: SessionStore;
  provider: Provider;
  tools: Tool[];
  /** `hooks`: the session's extensions (skills, commands, hooks, subagents), with their tools in `tools`. */
  agent?: Pick<AgentOptions, 'mode' | 'rules' | 'maxSteps' | 'contextWindow' | 'autoCompact' | 'hooks'>;
  /** Builds the workspace for a restored session's files; default: a lite workspace. */
  createWorkspace?: (init: { root: string; files: readonly RestoredFile[] }) => Workspace;
  /** Quiet time before file changes are written. */
  debounceMs?: number;
  /** Lease heartbeat; 0 turns the timer off (writes still refresh and check the lease). */
  heartbeatMs?: number;
  onStatus?: (status: PersistenceStatus) => void;
}

export interface OpenedSession {
  session: LiveSession;
  /** Damaged records skipped while loading. */
  problems: StoreProblem[];
  /** True when the last turn had been cut off by a reload or crash and was closed as interrupted. */
  interrupted: boolean;
}

/** What to record when a session starts keeping its files in memory only. */
export type MemoryOnlyRequest = Omit<MemoryOnlyFiles, 'since'>;

/** The mode and rules a session's agent starts with: the caller's (the user's settings), never the log's. */
function userPermissions(options: LiveSessionOptions): { mode: PermissionMode; rules: RuleLists } {
  const rules = options.agent?.rules ?? { allow: [], ask: [], deny: [] };
  return {
    mode: options.agent?.mode ?? 'default',
    rules: { allow: [...rules.allow], ask: [...rules.ask], deny: [...rules.deny] },
  };
}

export class LiveSession {
  readonly id: string;
  readonly store: SessionStore;
  readonly agent: Agent;
  readonly workspace: Workspace;
  readonly checkpointer: Checkpointer;
  private readonly checkpoints: SwitchableCheckpoints;
  /** The session's event log as this tab knows it (the store holds the same, deltas merged). */
  readonly events: AgentEvent[];
  private readonly mirror: WorkspaceMirror;
  private readonly options: LiveSessionOptions;
  private release: (() => Promise<void>) | null = null;
  private status: PersistenceStatus = { kind: 'saved' };
  private readonly unsubscribe: () => void;
  private readonly listeners = new Set<(event: AgentEvent) => void>();
  private readonly rewindListeners = new Set<(what: RewindOptions) => void>();
  private readonly turnFiles: TurnFileTracker;
  /** Agent events held back while a turn's `files-changed` is worked out, so the log stays in order. */
  private held: AgentEvent[] | null = null;
  private settling: Promise<void> = Promise.resolve();
  private kept: MemoryOnlyFiles | null;
  private lost: MemoryOnlyFiles | null = null;

  private constructor(
    id: string,
    workspace: Workspace,
    events: AgentEvent[],
    options: LiveSessionOptions,
    fullSync: boolean,
    memoryOnly: MemoryOnlyFiles | null = null,
  ) {
    this.id = id;
    this.kept = memoryOnly;
    this.store = options.store;
    this.options = options;
    this.workspace = workspace;
    this.events = events;
    this.checkpoints = switchableCheckpoints(storeCheckpointStorage(options.store, id), memoryOnly !== null);
    this.checkpointer = new Checkpointer(workspace, this.checkpoints);
    this.turnFiles = new TurnFileTracker(workspace, this.checkpointer.storage, (path) =>
      this.checkpointer.currentHash(path),
    );
    this.agent = new Agent({
      ...options.agent,
      workspace,
      provider: options.provider,
      tools: options.tools,
      initialState: { ...replayEvents(events), ...userPermissions(options) },
      checkpoints: {
        snapshot: (turnId, label) =>
          this.checkpointer.snapshot(turnId, label).catch((error: unknown) => {
            this.report(error);
            throw error;
          }),
      },
    });
    this.unsubscribe = this.agent.subscribe((event) => this.onAgentEvent(event));
    this.mirror = mirrorWorkspace(options.store, id, workspace, {
      debounceMs: options.debounceMs,
      fullSync,
      memoryOnly: memoryOnly !== null,
      onError: (e) => this.report(e),
    });
  }

  /** A new session, stored at once; `workspace` (default: an empty lite one) is saved whole. */
  static async create(options: LiveSessionOptions & { workspace?: Workspace; title?: string }): Promise<LiveSession> {
    const workspace = options.workspace ?? createLiteWorkspace();
    const meta = await options.store.createSession({
      title: options.title,
      model: options.provider.model,
      root: workspace.root,
      rules: options.agent?.rules,
    });
    const session = new LiveSession(meta.id, workspace, [], options, true);
    await session.claim(false);
    return session;
  }

  /**
   * Reopens a stored session: events replayed into the agent, files into a fresh workspace. A turn
   * cut off by a reload is closed as interrupted (and can be continued). Throws SessionLockedError
   * while another tab writes it, unless `takeOver`.
   */
  static async open(options: LiveSessionOptions & { sessionId: string; takeOver?: boolean }): Promise<OpenedSession> {
    const { store, sessionId } = options;
    const loaded = await store.loadSession(sessionId);
    if (!loaded) throw new Error(`No session ${sessionId}.`);
    const root = loaded.meta.root;
    const memoryOnly = loaded.meta.memoryOnly ?? null;
    // A memory-only session's files died with the page that held them. Records a cut-short switch
    // left behind are not shown: a partial tree would pass for the whole repository.
    const files = memoryOnly ? [] : loaded.files;
    // Reading the records and building the tree are two tasks, not one long one (20,000 files).
    await nextTask();
    const workspace = options.createWorkspace
      ? options.createWorkspace({ root, files })
      : createLiteWorkspace({ root, files: Object.fromEntries(files.map((f) => [f.path, f.data])) });
    const repair = closeInterruptedTurn(loaded.events);
    const events = [...loaded.events, ...repair];
    const session = new LiveSession(sessionId, workspace, events, options, false, memoryOnly);
    session.lost = memoryOnly;
    try {
      await session.claim(options.takeOver ?? false);
    } catch (error) {
      await session.close();
      throw error;
    }
    for (const event of repair) session.persist(event);
    if (memoryOnly && loaded.files.length)
      await store.keepFilesInMemory(sessionId, memoryOnly).catch((e) => session.report(e));
    await session.seedCheckpointHashes(files).catch((e) => session.report(e));
    await store.touchSession(sessionId).catch((e) => session.report(e));
    return { session, problems: loaded.problems, interrupted: repair.length > 0 };
  }

  get meta(): Promise<SessionMeta | undefined> {
    return this.store.getSession(this.id);
  }

  /** Set while the session keeps its files in memory only (not stored; a reload loses them). */
  get memoryOnly(): MemoryOnlyFiles | null {
    return this.kept;
  }

  /** Set when this session was reopened after keeping its files in memory only: its files are gone. */
  get filesLost(): MemoryOnlyFiles | null {
    return this.lost;
  }

  /**
   * From now on the files are not stored (a repository the browser's storage cannot hold), and the
   * ones stored so far are deleted, so a reload shows none rather than a half set. Rejects when the
   * store refused the change (the files then stay unwritten for this page all the same).
   * New checkpoints are kept in memory too (switchable-checkpoints.ts): the first one after a clone
   * holds its working tree, which is what the storage could not take. Stored ones stay readable.
   */
  async keepFilesInMemory(request: MemoryOnlyRequest = {}): Promise<void> {
    const memoryOnly: MemoryOnlyFiles = { since: Date.now(), ...request };
    this.kept = memoryOnly;
    this.lost = null;
    this.checkpoints.toMemory();
    await this.mirror.keepInMemory();
    await this.store.keepFilesInMemory(this.id, memoryOnly);
  }

  /** Every event appended to the log from now on (the agent's, and each turn's `files-changed`). */
  subscribe(listener: (event: AgentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A rewind put the files back and/or cut the log (`conversation`): re-read `events`. */
  onRewind(listener: (what: RewindOptions) => void): () => void {
    this.rewindListeners.add(listener);
    return () => this.rewindListeners.delete(listener);
  }

  /** Runs one turn; resolves once its `files-changed` (if any) is in the log too. */
  async send(text: string, options: { context?: readonly TurnContext[] } = {}): Promise<TurnEndReason> {
    const reason = await this.agent.send(text, options);
    await this.settled();
    return reason;
  }

  /** Resolves once no turn's `files-changed` is still being worked out. */
  async settled(): Promise<void> {
    while (this.held) await this.settling;
  }

  /**
   * /rewind: restores files and/or the conversation to just before user message `turnId`.
   * The stored log is cut in the same way, so a reload shows the rewound session.
   */
  async rewind(turnId: string, options: RewindOptions): Promise<RewindResult> {
    if (this.agent.running) return { ok: false, reason: 'The agent is working. Stop it first, then rewind.' };
    const result = await rewind({ events: this.events, checkpointer: this.checkpointer }, turnId, options);
    if (!result.ok) return result;
    if (options.conversation) {
      await this.store.truncateFromTurn(this.id, turnId);
      this.events.splice(0, this.events.length, ...result.events);
      // Only the conversation goes back: whatever mode-changed/rules-changed the log holds, the mode stays the user's.
      this.agent.resetState({ ...replayEvents(this.events), mode: this.agent.mode, rules: this.agent.rules });
    }
    await this.mirror.flush().catch((e) => this.report(e));
    for (const listener of this.rewindListeners) listener({ files: options.files, conversation: options.conversation });
    return result;
  }

  /**
   * What each turn changed (its `files-changed` event), with the bytes for a diff from the stored
   * checkpoints (the last turn against the files now); `turnId` narrows to one turn.
   */
  turnChanges(turnId?: string): Promise<TurnChanges[]> {
    const current = workspaceSide(this.workspace, (path) => this.checkpointer.currentHash(path));
    return turnChangesFromLog([...this.events], this.checkpointer.storage, current, turnId);
  }

  /** "Fork from here": a new stored session branching at `turnId`; returns its id (open it with `open`). */
  async fork(
    turnId: string,
    options: { include?: 'before' | 'through' } = {},
  ): Promise<{ ok: true; sessionId: string; prompt?: string } | { ok: false; reason: string }> {
    const result = await fork({ events: this.events, checkpointer: this.checkpointer }, turnId, options);
    if (!result.ok) return result;
    const source = await this.store.getSession(this.id);
    const meta = newMeta(`${this.id}-fork-${Date.now().toString(36)}`, Date.now(), this.workspace.root);
    const state = replayEvents(result.data.events);
    Object.assign(meta, {
      title: `${source?.title || 'Session'} (fork)`,
      model: source?.model ?? '',
      usage: state.usage,
      usageByModel: state.usageByModel,
      rules: state.rules,
      searchText: source?.searchText ?? '',
      forkedFrom: { sessionId: this.id, turnId },
    });
    const mtimeMs = Date.now();
    await this.store.createSessionFrom({
      meta,
      events: result.data.events,
      files: result.data.files.map((f) => ({ ...f, mtimeMs })),
      checkpoints: result.data.checkpoints as Checkpoint[],
      blobs: [...result.data.blobs].map(([hash, data]) => ({ hash, data })),
    });
    return { ok: true, sessionId: meta.id, ...(result.data.prompt ? { prompt: result.data.prompt } : {}) };
  }

  /** Retries writes that failed (after the user freed space). Resolves once everything is stored. */
  async retryWrites(): Promise<void> {
    await this.store.flush(this.id);
    await this.mirror.flush();
    this.setStatus({ kind: 'saved' });
  }

  /** The session as one JSON file. `redact`: strings to scrub (pass the saved API keys). */
  async exportJson(options: { checkpoints?: boolean; redact?: string[]; pretty?: boolean } = {}): Promise<string> {
    await this.mirror.flush();
    const meta = (await this.store.getSession(this.id)) ?? newMeta(this.id, Date.now(), this.workspace.root);
    const files = await Promise.all(
      (await this.workspace.listFiles()).map(async (path) => ({ path, data: await this.workspace.readFile(path) })),
    );
    let checkpoints: Checkpoint[] | undefined;
    let blobs: Map<string, Uint8Array> | undefined;
    if (options.checkpoints) {
      checkpoints = await this.checkpointer.storage.list();
      blobs = new Map();
      for (const c of checkpoints)
        for (const [, hash] of c.files)
          if (!blobs.has(hash)) blobs.set(hash, (await this.checkpointer.storage.blob(hash)) ?? new Uint8Array());
    }
    // Deltas merged as the store keeps them: a key split across two deltas is still one string to redact.
    return serializeExport(buildExport({ meta, events: coalesce(this.events), files, checkpoints, blobs }), options);
  }

  async exportMarkdown(): Promise<string> {
    const meta = await this.store.getSession(this.id);
    return sessionToMarkdown(
      { title: meta?.title ?? '', createdAt: meta?.createdAt ?? Date.now(), model: meta?.model },
      this.events,
    );
  }

  /** Stops persisting (after writing what is pending) and gives the lease up. The workspace stays usable. */
  async close(): Promise<void> {
    this.unsubscribe();
    await this.settled();
    this.turnFiles.dispose();
    this.checkpointer.dispose();
    await this.mirror.detach().catch((e) => this.report(e));
    await this.store.flush(this.id).catch((e) => this.report(e));
    await this.release?.();
    this.release = null;
  }

  /** Files restored unchanged since the last checkpoint keep its hashes: the first snapshot after a reload stays cheap. */
  private async seedCheckpointHashes(
    files: readonly { path: string; data: Uint8Array; mtimeMs: number }[],
  ): Promise<void> {
    const last = rewindPoints(this.events)
      .filter((p) => p.hasCheckpoint)
      .at(-1);
    const checkpoint = last && (await this.checkpointer.storage.load(last.turnId));
    if (checkpoint)
      await this.checkpointer.seed(
        checkpoint,
        files.map((f) => ({ path: f.path, size: f.data.byteLength, mtimeMs: f.mtimeMs })),
      );
  }

  /** Takes the writer lease; throws SessionLockedError while another tab holds it (unless `force`). */
  private async claim(force: boolean): Promise<void> {
    const claim = await this.store.claimSession(this.id, {
      force,
      heartbeatMs: this.options.heartbeatMs ?? 10_000,
      onLost: (holder) => this.report(new SessionLockedError(this.id, holder)),
    });
    if (!claim.ok) throw new SessionLockedError(this.id, claim.holder);
    this.release = claim.release;
  }

  private onAgentEvent(event: AgentEvent): void {
    if (this.held) {
      this.held.push(event);
      return;
    }
    this.append(event);
    if (event.type === 'turn-started') this.turnFiles.start(event.turnId);
    else if (event.type === 'turn-ended') {
      this.held = [];
      this.settling = this.turnFiles
        .finish(event.turnId)
        .catch((error: unknown) => {
          console.warn('[tidepool] what the turn changed could not be worked out:', error);
          return null;
        })
        .then((changed) => {
          if (changed) this.append(changed);
          const held = this.held ?? [];
          this.held = null;
          for (const e of held) this.onAgentEvent(e);
        });
    }
  }

  private append(event: AgentEvent): void {
    this.events.push(event);
    this.persist(event);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('Tidepool session listener failed', error);
      }
    }
  }

  private persist(event: AgentEvent): void {
    this.store.appendEvent(this.id, event).then(
      () => {
        if (this.status.kind !== 'saved' && this.store.pendingWrites(this.id) === 0 && this.status.kind !== 'locked')
          this.setStatus({ kind: 'saved' });
      },
      (error: unknown) => this.report(error),
    );
  }

  private report(error: unknown): void {
    if (error instanceof StorageFullError) this.setStatus({ kind: 'storage-full', error });
    else if (error instanceof SessionLockedError) this.setStatus({ kind: 'locked', error });
    else this.setStatus({ kind: 'error', error });
  }

  private setStatus(status: PersistenceStatus): void {
    const changed = status.kind !== this.status.kind;
    this.status = status;
    if (changed || status.kind !== 'saved') this.options.onStatus?.(status);
  }
}
