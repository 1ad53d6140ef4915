import { prepareTools, serveHostTools, type HostTool, type HostToolServer } from './host-tools';
import { parseEndpoint, parseTheme, type EmbedTheme, type HostEndpoint } from '../lib/embed-options';
import {
  parseFrameMessage,
  windowMessage,
  windowMessageType,
  type EmbedEvent,
  type EmbedMode,
  type EmbedView,
  type FrameMessage,
} from '../lib/embed-protocol';

// The host SDK, served as /embed.js (an ES module, built on its own by vite-embed-sdk.ts). A host
// page loads it from Tidepool's origin (examples/embed/README.md has the five lines), then:
//
//   const tidepool = await embed(document.querySelector('#demo'), { files: { 'index.js': '…' } });
//   tidepool.onEvent((event) => console.log(event));
//   await tidepool.send('Add a test for index.js');
//   console.log(await tidepool.getFiles());
//
// It imports nothing from the app: only the wire format (src/lib/embed-protocol.ts). The frame
// decides what a host may do; this side only checks that what it hears comes from the frame.

export type { EmbedEvent, EmbedMode, EmbedTheme, EmbedView, HostEndpoint, HostTool };

export interface ConnectOptions {
  /** Where Tidepool is served; default: the origin this script was loaded from. */
  origin?: string;
  /** How long to wait for the frame to answer (default 30 s): a refused host never hears back. */
  timeoutMs?: number;
}

export interface EmbedOptions extends ConnectOptions {
  /** The workspace's files, path → text. */
  files?: Record<string, string>;
  /** A file to show in the editor. */
  openFile?: string;
  /** The pane beside the chat (default `files`). */
  view?: EmbedView;
  /** Text put in the message box, not sent. */
  prompt?: string;
  /** The permission mode (never bypassPermissions: the frame refuses it). */
  mode?: EmbedMode;
  /** The iframe's height (CSS; default 600px). */
  height?: string;
  /** `light`, `dark`, or the visitor's system preference (`auto`, the default). */
  theme?: EmbedTheme;
  /** Tools the agent may call on this page (see `registerTools`). */
  tools?: HostTool[];
  /** A model endpoint you run (it holds its own key), so the demo works without the visitor's key. */
  endpoint?: HostEndpoint;
  /** A recorded session (an https URL, served with CORS) to replay once the frame is up. */
  session?: string;
  /** Replay speed in characters per second (default 200). */
  speed?: number;
}

export interface TidepoolHandle {
  readonly iframe: HTMLIFrameElement;
  /** Replaces every file in the workspace. */
  setFiles(files: Record<string, string>): Promise<void>;
  /** Writes `create` and removes `destroy`, leaving other files alone. */
  applyDiff(diff: { create?: Record<string, string>; destroy?: string[] }): Promise<void>;
  /** Every text file in the workspace, path → text. */
  getFiles(): Promise<Record<string, string>>;
  openFile(path: string): Promise<void>;
  setView(view: EmbedView): Promise<void>;
  setMode(mode: EmbedMode): Promise<void>;
  /** Puts text in the message box without sending it. */
  setPrompt(prompt: string): Promise<void>;
  /** Runs one turn with the visitor's model; resolves when the turn has ended. */
  send(prompt: string): Promise<void>;
  stop(): Promise<void>;
  /**
   * Offers `tools` to the agent as `mcp__host__<name>` (replacing any registered before). The
   * visitor is asked before every call; what `run` returns is shown and given to the model as text.
   */
  registerTools(tools: HostTool[]): Promise<void>;
  setTheme(theme: EmbedTheme): Promise<void>;
  /** Runs the model on your endpoint (no key is sent to it); null: the visitor's own model again. */
  useEndpoint(endpoint: HostEndpoint | null): Promise<void>;
  /** Replays a recorded session (an https URL served with CORS) with the real tools. */
  replay(url: string, options?: { speed?: number }): Promise<void>;
  /** The agent's events: turn-started, text, tool-call, tool-result, turn-ended, files-changed. */
  onEvent(listener: (event: EmbedEvent) => void): () => void;
  /** Closes the channel and removes an iframe that `embed` created. */
  destroy(): void;
}

function scriptOrigin(): string {
  return new URL(import.meta.url).origin;
}

/** Connects to a Tidepool iframe already on the page (loaded with `?embed=1`). */
export function connect(iframe: HTMLIFrameElement, options: ConnectOptions = {}): Promise<TidepoolHandle> {
  return link(iframe, options);
}

/** `files` go over the port as soon as it is handed over, not a round trip after `ready`. */
function link(
  iframe: HTMLIFrameElement,
  options: ConnectOptions,
  files?: Record<string, string>,
): Promise<TidepoolHandle> {
  const frameOrigin = options.origin ?? new URL(iframe.src, location.href).origin;
  const channel = new MessageChannel();
  const port = channel.port1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const listeners = new Set<(event: EmbedEvent) => void>();
  let nextId = 1;
  let handedOver = false;

  let tools: HostToolServer | null = null;

  const request = <T>(
    method: string,
    params: Record<string, unknown> = {},
    transfer: Transferable[] = [],
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      port.postMessage({ ...params, id, method }, transfer);
    });

  const registerTools = async (list: HostTool[]): Promise<void> => {
    if (tools) return tools.update(list);
    // The tools get a port of their own, handed over on the checked one: MCP runs on it alone.
    const channel = new MessageChannel();
    const server = serveHostTools(channel.port1, list);
    try {
      await request('registerTools', {}, [channel.port2]);
      tools = server;
    } catch (error) {
      server.close();
      throw error;
    }
  };

  let filesSet: Promise<void> = Promise.resolve();
  const onWindowMessage = (event: MessageEvent): void => {
    // Only the frame itself, on Tidepool's origin, may ask for the port — and it gets it once.
    const frame = iframe.contentWindow;
    if (handedOver || !frame || event.source !== frame || event.origin !== frameOrigin) return;
    if (windowMessageType(event.data) !== 'ready') return;
    handedOver = true;
    frame.postMessage(windowMessage('connect'), frameOrigin, [channel.port2]);
    if (files) {
      filesSet = request<void>('setFiles', { files });
      filesSet.catch(() => undefined); // heard once the frame is ready
    }
  };

  return new Promise<TidepoolHandle>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Tidepool at ${frameOrigin} did not answer: is ${location.origin} an allowed host?`));
    }, options.timeoutMs ?? 30_000);
    const cleanup = (): void => {
      clearTimeout(timer);
      window.removeEventListener('message', onWindowMessage);
    };
    const handle: TidepoolHandle = {
      iframe,
      setFiles: (files) => request('setFiles', { files }),
      applyDiff: ({ create = {}, destroy = [] }) => request('applyDiff', { create, destroy }),
      getFiles: () => request('getFiles'),
      openFile: (path) => request('openFile', { path }),
      setView: (view) => request('setView', { view }),
      setMode: (mode) => request('setMode', { mode }),
      setPrompt: (prompt) => request('setPrompt', { prompt }),
      send: (prompt) => request('send', { prompt }),
      stop: () => request('stop'),
      registerTools,
      setTheme: (theme) => request('setTheme', { theme }),
      useEndpoint: (endpoint) => request('useEndpoint', { endpoint }),
      replay: (url, { speed } = {}) => request('replay', { url, ...(speed === undefined ? {} : { speed }) }),
      onEvent(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      destroy() {
        cleanup();
        tools?.close();
        port.close();
        for (const { reject: fail } of pending.values()) fail(new Error('The embed was destroyed.'));
        pending.clear();
      },
    };
    port.onmessage = (event: MessageEvent) => {
      const message: FrameMessage | null = parseFrameMessage(event.data);
      if (!message) return;
      if (message.kind === 'reply') {
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) waiting?.resolve(message.value);
        else waiting?.reject(new Error(message.error));
      } else if (message.event.type === 'ready') {
        cleanup();
        filesSet.then(() => resolve(handle), reject);
      } else for (const listener of listeners) listener(message.event);
    };
    window.addEventListener('message', onWindowMessage);
    // A frame that loaded before we listened announces itself again when asked.
    iframe.contentWindow?.postMessage(windowMessage('hello'), frameOrigin);
  });
}

/** Creates a Tidepool iframe in `element`, connects, and hands it the options' files and settings. */
export async function embed(element: HTMLElement, options: EmbedOptions = {}): Promise<TidepoolHandle> {
  // A mistake in the options is the page author's to hear at once, before any frame is made.
  const bad = [
    options.theme === undefined ? null : parseTheme(options.theme),
    options.endpoint === undefined ? null : parseEndpoint(options.endpoint),
  ].find((checked) => checked && !checked.ok);
  if (bad && !bad.ok) throw new TypeError(`embed: ${bad.error}`);
  if (options.tools) prepareTools(options.tools);
  const origin = options.origin ?? scriptOrigin();
  // embed.html is the app's page with its code preloaded (vite-early-boot.ts); `?embed=1` makes it an embed.
  const url = new URL('/embed.html', origin);
  url.searchParams.set('embed', '1');
  url.searchParams.set('view', options.view ?? (options.openFile ? 'editor' : 'files'));
  // In the URL, so the first frame is painted in the host's colours.
  if (options.theme) url.searchParams.set('theme', options.theme);
  const iframe = document.createElement('iframe');
  iframe.title = 'Tidepool';
  iframe.allow = 'cross-origin-isolated; clipboard-write';
  iframe.style.cssText = `width:100%;height:${options.height ?? '600px'};border:1px solid #8884;border-radius:8px`;
  iframe.src = url.href;
  element.appendChild(iframe);
  // On failure the frame stays: a refused host shows the visitor the frame's own note.
  const handle = await link(iframe, { origin: url.origin, timeoutMs: options.timeoutMs }, options.files);
  if (options.mode) await handle.setMode(options.mode);
  if (options.openFile) await handle.openFile(options.openFile);
  if (options.prompt) await handle.setPrompt(options.prompt);
  if (options.endpoint) await handle.useEndpoint(options.endpoint);
  if (options.tools) await handle.registerTools(options.tools);
  if (options.session) await handle.replay(options.session, { speed: options.speed });
  const destroy = handle.destroy;
  return { ...handle, destroy: () => (destroy(), iframe.remove()) };
}
