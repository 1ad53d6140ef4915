// The embed API's wire format, shared by the host SDK (src/embed, which bundles only this file)
// and the frame (src/app/embed). Two window messages set the channel up — the frame says `ready`,
// the host answers `connect` with a MessagePort — and everything after goes over that port, which
// only the host that was handed it can use. Every message is checked here before it is believed.
import {
  parseEndpoint,
  parseSpeed,
  parseTheme,
  type Checked,
  type EmbedTheme,
  type HostEndpoint,
} from './embed-options';

export type { EmbedTheme, HostEndpoint };

export const PROTOCOL = 'tidepool-embed';
export const PROTOCOL_VERSION = 1;

/** The pane shown beside the chat. `editor` is the files pane with a file open. */
export type EmbedView = 'files' | 'editor' | 'preview' | 'terminal';
export const EMBED_VIEWS: readonly EmbedView[] = ['files', 'editor', 'preview', 'terminal'];

/** The permission modes a host may choose. Never `bypassPermissions`: only the visitor may pick that. */
export type EmbedMode = 'default' | 'acceptEdits' | 'plan' | 'dontAsk';
export const EMBED_MODES: readonly EmbedMode[] = ['default', 'acceptEdits', 'plan', 'dontAsk'];

/** Limits on what a host may hand over in one message: the frame's memory is the visitor's. */
export const EMBED_LIMITS = { files: 2000, bytes: 20 * 1024 * 1024, pathLength: 1024, prompt: 100_000 };

/** Set-up messages on the window: the frame announces itself, the host hands over the port. */
export type WindowMessage = { protocol: typeof PROTOCOL; version: number; type: 'hello' | 'ready' | 'connect' };

export function windowMessage(type: WindowMessage['type']): WindowMessage {
  return { protocol: PROTOCOL, version: PROTOCOL_VERSION, type };
}

/** The set-up message's type, or null for anything else (another library's messages included). */
export function windowMessageType(data: unknown): WindowMessage['type'] | null {
  if (!isRecord(data) || data.protocol !== PROTOCOL || data.version !== PROTOCOL_VERSION) return null;
  return data.type === 'hello' || data.type === 'ready' || data.type === 'connect' ? data.type : null;
}

/** What the host asks of the frame, over the port. `id` pairs a reply with its request. */
export type HostRequest = { id: number } & (
  | { method: 'setFiles'; files: Record<string, string> }
  | { method: 'applyDiff'; create: Record<string, string>; destroy: string[] }
  | { method: 'getFiles' }
  | { method: 'openFile'; path: string }
  | { method: 'setView'; view: EmbedView }
  | { method: 'setPrompt'; prompt: string }
  | { method: 'setMode'; mode: EmbedMode }
  | { method: 'send'; prompt: string }
  | { method: 'stop' }
  /** Carries a second MessagePort (transferred): the host's MCP server for its tools. */
  | { method: 'registerTools' }
  | { method: 'setTheme'; theme: EmbedTheme }
  /** A model endpoint the host runs (no key is sent to it); null goes back to the visitor's own model. */
  | { method: 'useEndpoint'; endpoint: HostEndpoint | null }
  /** Plays a recorded session (fetched by the frame) at `speed` characters per second. */
  | { method: 'replay'; url: string; speed: number }
);
export type HostMethod = HostRequest['method'];

/** The agent's events as a host sees them: the turn, its text, its tool calls and results, its end. */
export type EmbedEvent =
  | { type: 'ready' }
  | { type: 'turn-started'; turnId: string; prompt: string }
  | { type: 'text'; turnId: string; text: string }
  | { type: 'tool-call'; turnId: string; callId: string; name: string; input: unknown }
  | { type: 'tool-result'; turnId: string; callId: string; name: string; isError: boolean; content: string }
  | { type: 'turn-ended'; turnId: string; reason: string }
  | { type: 'files-changed'; turnId: string; paths: string[] };

/** What the frame sends over the port: a reply to one request, or an event. */
export type FrameMessage =
  | { kind: 'reply'; id: number; ok: true; value?: unknown }
  | { kind: 'reply'; id: number; ok: false; error: string }
  | { kind: 'event'; event: EmbedEvent };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why a workspace path from a host is unusable, or null: relative, no `..`, no control characters. */
export function badPath(path: unknown): string | null {
  if (typeof path !== 'string' || !path) return 'a path must be a non-empty string';
  if (path.length > EMBED_LIMITS.pathLength) return `the path is over ${EMBED_LIMITS.pathLength} characters`;
  if (/[\u0000-\u001f]/.test(path)) return `"${path}" has a control character`;
  const parts = path.replace(/^\.\//, '').split('/');
  if (path.startsWith('/') || parts.some((p) => p === '..' || p === '' || p === '.'))
    return `"${path}" is not a plain relative path (no leading /, no . or .. parts)`;
  return null;
}

function checkFiles(files: unknown, name: string): Checked<Record<string, string>> {
  if (!isRecord(files)) return { ok: false, error: `${name} must be an object of path → text` };
  const entries = Object.entries(files);
  if (entries.length > EMBED_LIMITS.files) return { ok: false, error: `${name} has over ${EMBED_LIMITS.files} files` };
  let bytes = 0;
  const out: Record<string, string> = {};
  for (const [path, text] of entries) {
    const bad = badPath(path);
    if (bad) return { ok: false, error: bad };
    if (typeof text !== 'string') return { ok: false, error: `${name}["${path}"] must be text` };
    bytes += text.length;
    out[path.replace(/^\.\//, '')] = text;
  }
  if (bytes > EMBED_LIMITS.bytes) return { ok: false, error: `${name} is over ${EMBED_LIMITS.bytes / 1048576} MB` };
  return { ok: true, value: out };
}

/** A request from the port, checked field by field; anything else is refused with the reason. */
export function parseHostRequest(data: unknown): Checked<HostRequest> {
  if (!isRecord(data) || typeof data.id !== 'number' || !Number.isSafeInteger(data.id))
    return { ok: false, error: 'not a request' };
  const id = data.id;
  const fail = (error: string): Checked<HostRequest> => ({ ok: false, error });
  switch (data.method) {
    case 'setFiles': {
      const files = checkFiles(data.files, 'files');
      return files.ok ? { ok: true, value: { id, method: 'setFiles', files: files.value } } : files;
    }
    case 'applyDiff': {
      const create = checkFiles(data.create ?? {}, 'create');
      if (!create.ok) return create;
      const destroy = data.destroy ?? [];
      if (!Array.isArray(destroy)) return fail('destroy must be a list of paths');
      for (const path of destroy) {
        const bad = badPath(path);
        if (bad) return fail(bad);
      }
      return { ok: true, value: { id, method: 'applyDiff', create: create.value, destroy: destroy as string[] } };
    }
    case 'getFiles':
    case 'stop':
    case 'registerTools':
      return { ok: true, value: { id, method: data.method } };
    case 'setTheme': {
      const theme = parseTheme(data.theme);
      return theme.ok ? { ok: true, value: { id, method: 'setTheme', theme: theme.value } } : theme;
    }
    case 'useEndpoint': {
      if (data.endpoint === null) return { ok: true, value: { id, method: 'useEndpoint', endpoint: null } };
      const endpoint = parseEndpoint(data.endpoint);
      return endpoint.ok ? { ok: true, value: { id, method: 'useEndpoint', endpoint: endpoint.value } } : endpoint;
    }
    case 'replay': {
      const speed = parseSpeed(data.speed);
      if (!speed.ok) return speed;
      if (typeof data.url !== 'string' || data.url.length > 4096) return fail('url must be a URL');
      return { ok: true, value: { id, method: 'replay', url: data.url, speed: speed.value } };
    }
    case 'openFile': {
      const bad = badPath(data.path);
      return bad ? fail(bad) : { ok: true, value: { id, method: 'openFile', path: data.path as string } };
    }
    case 'setView':
      return EMBED_VIEWS.includes(data.view as EmbedView)
        ? { ok: true, value: { id, method: 'setView', view: data.view as EmbedView } }
        : fail(`view must be one of ${EMBED_VIEWS.join(', ')}`);
    case 'setMode':
      if (data.mode === 'bypassPermissions')
        return fail('a host may not choose bypassPermissions: only the visitor can, inside the frame');
      return EMBED_MODES.includes(data.mode as EmbedMode)
        ? { ok: true, value: { id, method: 'setMode', mode: data.mode as EmbedMode } }
        : fail(`mode must be one of ${EMBED_MODES.join(', ')}`);
    case 'setPrompt':
    case 'send': {
      const prompt = data.prompt;
      if (typeof prompt !== 'string' || prompt.length > EMBED_LIMITS.prompt)
        return fail(`prompt must be text of at most ${EMBED_LIMITS.prompt} characters`);
      return { ok: true, value: { id, method: data.method, prompt } };
    }
    default:
      return fail(`unknown method ${JSON.stringify(String(data.method)).slice(0, 60)}`);
  }
}

/** A message from the frame's port, or null when it is not one (the SDK ignores those). */
export function parseFrameMessage(data: unknown): FrameMessage | null {
  if (!isRecord(data)) return null;
  if (data.kind === 'reply' && typeof data.id === 'number' && typeof data.ok === 'boolean') {
    if (data.ok) return { kind: 'reply', id: data.id, ok: true, value: data.value };
    return { kind: 'reply', id: data.id, ok: false, error: String(data.error) };
  }
  if (data.kind === 'event' && isRecord(data.event) && typeof data.event.type === 'string')
    return { kind: 'event', event: data.event as EmbedEvent };
  return null;
}

const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/** An origin on this machine (http or https on localhost, 127.x or ::1). */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOST.test(url.hostname);
  } catch {
    return false;
  }
}

/**
 * Whether a page on `origin` may drive this frame: it is in the deployer's list (exact origins,
 * or `https://*.example.com` for subdomains), or both it and the app are on loopback (dev and
 * tests: a deployed app never trusts a local page unless the list names it). `null` (an opaque
 * origin, a sandboxed frame) never may.
 */
export function isAllowedHost(origin: string | null, allowed: readonly string[], appOrigin: string): boolean {
  if (!origin || origin === 'null') return false;
  if (isLoopbackOrigin(origin) && isLoopbackOrigin(appOrigin)) return true;
  for (const entry of allowed) {
    if (entry === origin) return true;
    const wildcard = /^(https?):\/\/\*\.([^/:]+)(:\d+)?$/.exec(entry);
    if (!wildcard) continue;
    try {
      const url = new URL(origin);
      const port = url.port ? `:${url.port}` : '';
      if (
        url.protocol === `${wildcard[1]}:` &&
        url.hostname.endsWith(`.${wildcard[2]}`) &&
        port === (wildcard[3] ?? '')
      )
        return true;
    } catch {
      // not an origin at all
    }
  }
  return false;
}

/** The build-time list (space- or comma-separated): exact origins or `scheme://*.host`; anything else throws. */
export function parseOriginList(text: string | undefined, name: string): string[] {
  const list = (text ?? '').split(/[\s,]+/).filter(Boolean);
  for (const entry of list) {
    if (!/^https?:\/\/(\*\.)?[a-z0-9.-]+(:\d+)?$/i.test(entry))
      throw new Error(`${name}: "${entry}" is not an origin such as https://docs.example.com`);
  }
  return list;
}
