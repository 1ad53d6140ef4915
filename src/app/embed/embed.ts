import type { AgentEvent } from '../../agent/events';
import {
  isAllowedHost,
  parseHostRequest,
  windowMessage,
  windowMessageType,
  type EmbedEvent,
  type EmbedMode,
  type EmbedTheme,
  type EmbedView,
  type FrameMessage,
  type HostEndpoint,
  type HostMethod,
  type HostRequest,
} from '../../lib/embed-protocol';
import { parseSessionUrl } from '../../lib/embed-options';
import { createStore, type ReadonlyStore } from '../store';

// The frame's side of the embed API (the host's is src/embed/sdk.ts). The frame announces itself
// to its parent; a parent on an allowed origin answers with a MessagePort, and from then on only
// that port drives the frame. A set-up message is believed only when it comes from the parent
// window itself (`source`) on an allowed origin; anything else is ignored, and a refused parent is
// shown a note instead of the app. Nothing here can reach a key, another stored session, the mode
// bypassPermissions or the provider settings: the actions it is handed do not include them.

export interface EmbedState {
  /** waiting: no host yet; connected: a host holds the port; refused: the parent's origin is not allowed. */
  status: 'waiting' | 'connected' | 'refused';
  /** The connected host's origin, or the refused one's (null when it could not be told). */
  hostOrigin: string | null;
  /** The pane shown beside the chat; null shows the chat alone. */
  view: EmbedView | null;
  /** The host's colours (`auto`: the visitor's system preference). */
  theme: EmbedTheme;
  /** The host's own model endpoint, when it gave one (shown to the visitor: their key is not used). */
  endpoint: HostEndpoint | null;
}

/** The host's files, which need the workspace only (it is live before the app: src/app/boot). */
export interface EmbedFileActions {
  setFiles(files: Record<string, string>): Promise<void>;
  applyDiff(create: Record<string, string>, destroy: string[]): Promise<void>;
  getFiles(): Promise<Record<string, string>>;
  /** A workspace path as the host names it (relative to the workspace root). */
  relativePath(path: string): string;
}

/** What the frame lets a host do: everything a host may ask, and nothing more. */
export interface EmbedActions extends EmbedFileActions {
  /** Settles when the session is open (the requests that run the agent wait for it). */
  ready: Promise<void>;
  openFile(path: string): void;
  setPrompt(prompt: string): void;
  setMode(mode: EmbedMode): void;
  /** Runs one turn; the reply waits for its end. An error message when it cannot start. */
  send(prompt: string): Promise<string | null>;
  stop(): void;
  /** The open conversation's events, from now on (follows a switch of conversation). */
  subscribe(listener: (event: AgentEvent) => void): () => void;
  /** Connects the host's MCP server on `port`; settles once its tools are offered (or says why not). */
  registerTools(port: MessagePort): Promise<void>;
  /** Runs the model on the host's endpoint with no key (null: the visitor's own model again). */
  useEndpoint(endpoint: HostEndpoint | null): Promise<void>;
  /** Fetches a recording and replays it; an error message when it cannot. */
  replay(url: string, speed: number): Promise<string | null>;
}

/** The window the frame lives in, as far as the handshake needs it (a fake in tests). */
export interface EmbedWindow {
  readonly parent: unknown;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface EmbedDeps {
  window: EmbedWindow;
  /** Posts a set-up message to the parent window (only `ready`, which carries nothing). */
  postToParent(message: unknown, targetOrigin: string): void;
  /** Host origins the deployer allowed at build time. */
  allowed: readonly string[];
  appOrigin: string;
  /** The parent's origin when the browser tells it up front (location.ancestorOrigins), else null. */
  ancestorOrigin: string | null;
  view: EmbedView | null;
  /** The theme the page's URL asked for (`?theme=`). */
  theme?: EmbedTheme;
  /** A promise while the app is still loading (the handshake starts first: boot-embed.ts); requests wait for it. */
  actions: EmbedActions | Promise<EmbedActions>;
  /** The host's files before the app is up (boot-embed.ts), so its handle need not wait for the app. */
  files?: EmbedFileActions;
}

export type EmbedApp = ReturnType<typeof createEmbed>;

/** The agent's event as a host sees it, or null for the ones a host is not told. */
export function toEmbedEvent(event: AgentEvent, relativePath: (path: string) => string = (p) => p): EmbedEvent | null {
  switch (event.type) {
    case 'turn-started':
      return { type: 'turn-started', turnId: event.turnId, prompt: event.text };
    case 'text-delta':
      return { type: 'text', turnId: event.turnId, text: event.text };
    case 'tool-call':
      return { type: 'tool-call', turnId: event.turnId, callId: event.callId, name: event.name, input: event.input };
    case 'tool-result':
      return {
        type: 'tool-result',
        turnId: event.turnId,
        callId: event.callId,
        name: event.name,
        isError: event.isError,
        content: event.content,
      };
    case 'turn-ended':
      return { type: 'turn-ended', turnId: event.turnId, reason: event.reason };
    case 'files-changed':
      return { type: 'files-changed', turnId: event.turnId, paths: event.files.map((f) => relativePath(f.path)) };
    default:
      return null;
  }
}

/**
 * The requests that run the agent or reach its tools wait for the session. Files, the open file,
 * the view, the message box and the mode are the app's from the start (a session opened later
 * saves the files it finds whole), so a host's set-up does not wait for the agent's code.
 */
const SESSION_METHODS: ReadonlySet<HostMethod> = new Set(['send', 'stop', 'registerTools', 'useEndpoint', 'replay']);

type FileRequest = Extract<HostRequest, { method: 'setFiles' | 'applyDiff' | 'getFiles' }>;
const isFileRequest = (request: HostRequest): request is FileRequest =>
  request.method === 'setFiles' || request.method === 'applyDiff' || request.method === 'getFiles';

function fileRequest(files: EmbedFileActions, request: FileRequest): Promise<unknown> {
  switch (request.method) {
    case 'setFiles':
      return files.setFiles(request.files);
    case 'applyDiff':
      return files.applyDiff(request.create, request.destroy);
    case 'getFiles':
      return files.getFiles();
  }
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function createEmbed(deps: EmbedDeps) {
  const bound = Promise.resolve(deps.actions);
  const refusedUpFront =
    deps.ancestorOrigin !== null && !isAllowedHost(deps.ancestorOrigin, deps.allowed, deps.appOrigin);
  const store = createStore<EmbedState>({
    status: refusedUpFront ? 'refused' : 'waiting',
    hostOrigin: refusedUpFront ? deps.ancestorOrigin : null,
    view: deps.view,
    theme: deps.theme ?? 'auto',
    endpoint: null,
  });
  let port: MessagePort | null = null;
  let unsubscribe = (): void => undefined;

  const post = (msg: FrameMessage): void => port?.postMessage(msg);

  async function handle(request: HostRequest, ports: readonly MessagePort[]): Promise<unknown> {
    if (isFileRequest(request)) return fileRequest(deps.files ?? (await bound), request);
    const actions = await bound;
    if (SESSION_METHODS.has(request.method)) await actions.ready;
    switch (request.method) {
      case 'openFile':
        store.set((s) => ({ view: s.view === 'files' ? s.view : 'editor' }));
        return actions.openFile(request.path);
      case 'setView':
        return store.set({ view: request.view });
      case 'setPrompt':
        return actions.setPrompt(request.prompt);
      case 'setMode':
        return actions.setMode(request.mode);
      case 'stop':
        return actions.stop();
      case 'registerTools':
        if (ports.length !== 1) throw new Error('registerTools carries one MessagePort, for the tools’ MCP server');
        return actions.registerTools(ports[0]);
      case 'setTheme':
        return store.set({ theme: request.theme });
      case 'useEndpoint':
        await actions.useEndpoint(request.endpoint);
        return store.set({ endpoint: request.endpoint });
      case 'replay': {
        const url = parseSessionUrl(request.url, deps.appOrigin);
        if (!url.ok) throw new Error(url.error);
        const refused = await actions.replay(url.value, request.speed);
        if (refused) throw new Error(refused);
        return undefined;
      }
      case 'send': {
        // The visitor's slash commands stay the visitor's: a host sends prompts only.
        if (request.prompt.trimStart().startsWith('/'))
          throw new Error('send() takes a prompt; slash commands are for the visitor to type');
        const refused = await actions.send(request.prompt);
        if (refused) throw new Error(refused);
        return undefined;
      }
    }
  }

  function onPortMessage(event: MessageEvent): void {
    const parsed = parseHostRequest(event.data);
    if (!parsed.ok) {
      // A reply needs an id to pair with; without one there is no request to answer.
      const id = (event.data as { id?: unknown } | null)?.id;
      if (typeof id === 'number') post({ kind: 'reply', id, ok: false, error: parsed.error });
      return;
    }
    const { id } = parsed.value;
    handle(parsed.value, event.ports ?? []).then(
      (value) => post({ kind: 'reply', id, ok: true, ...(value === undefined ? {} : { value }) }),
      (error: unknown) => post({ kind: 'reply', id, ok: false, error: message(error) }),
    );
  }

  function connect(origin: string, given: MessagePort): void {
    port = given;
    port.onmessage = onPortMessage;
    store.set({ status: 'connected', hostOrigin: origin });
    // Ready once the host's files can be answered: at once when the workspace is live before the
    // app (boot-embed.ts), else when the app is. Its session may still be opening (SESSION_METHODS).
    const ready = (): void => {
      post({ kind: 'event', event: { type: 'ready' } });
    };
    if (deps.files) ready();
    void bound.then((actions) => {
      if (port !== given) return; // stopped before the app arrived
      unsubscribe = actions.subscribe((agentEvent) => {
        const event = toEmbedEvent(agentEvent, actions.relativePath);
        if (event) post({ kind: 'event', event });
      });
      if (!deps.files) ready();
    });
  }

  function onWindowMessage(event: MessageEvent): void {
    const type = windowMessageType(event.data);
    if (!type || type === 'ready') return;
    // Only the parent window speaks for the host: a message from a popup, a sibling frame or
    // this frame's own children is ignored, whatever its origin.
    if (event.source !== deps.window.parent || deps.window.parent === deps.window) return;
    if (store.get().status === 'refused') return;
    const knownElsewhere = deps.ancestorOrigin !== null && event.origin !== deps.ancestorOrigin;
    if (knownElsewhere || !isAllowedHost(event.origin, deps.allowed, deps.appOrigin)) {
      store.set({ status: 'refused', hostOrigin: event.origin || null });
      return;
    }
    if (type === 'hello') {
      // A host that connects to an already loaded frame asks it to announce itself again.
      if (!port) deps.postToParent(windowMessage('ready'), event.origin);
      return;
    }
    // One host per frame: a second port (from the same parent) is not taken.
    if (port || event.ports.length !== 1) return;
    connect(event.origin, event.ports[0]);
  }

  return {
    store: store as ReadonlyStore<EmbedState>,
    /** Listens for the host and tells the parent the frame is here (unless it is refused already). */
    start(): void {
      deps.window.addEventListener('message', onWindowMessage);
      if (store.get().status === 'refused' || deps.window.parent === deps.window) return;
      // The announcement carries nothing; sent to the parent's origin when the browser told it.
      deps.postToParent(windowMessage('ready'), deps.ancestorOrigin ?? '*');
    },
    setView(view: EmbedView | null): void {
      store.set({ view });
    },
    stop(): void {
      deps.window.removeEventListener('message', onWindowMessage);
      unsubscribe();
      port?.close();
      port = null;
    },
  };
}
