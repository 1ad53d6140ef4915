// The embed API's options beyond files and views, checked the same way on both sides: the host
// SDK checks what the page passes (a mistake gets a clear error at the call), the frame checks it
// again (a hostile host need not use the SDK). Shared wire format: host tools, theme, a keyless
// endpoint, a recorded session to replay.

/** The frame's colours: the visitor's system preference (`auto`, the default), or forced. */
export type EmbedTheme = 'auto' | 'light' | 'dark';
export const EMBED_THEMES: readonly EmbedTheme[] = ['auto', 'light', 'dark'];

/**
 * A model endpoint the host runs itself (an Anthropic- or OpenAI-compatible proxy holding its own
 * key), so a demo works without the visitor's key. The frame sends it no key at all.
 */
export interface HostEndpoint {
  format: 'anthropic' | 'openai';
  baseUrl: string;
  model: string;
}

export { HOST_TOOLS_SERVER } from './host-tools-server';

/** Limits on what a host may register (the tools' schemas go to the model with every request). */
export const HOST_TOOL_LIMITS = { tools: 64, nameLength: 64, description: 2048, schemaBytes: 16 * 1024 };

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseTheme(value: unknown): Checked<EmbedTheme> {
  return EMBED_THEMES.includes(value as EmbedTheme)
    ? { ok: true, value: value as EmbedTheme }
    : { ok: false, error: `theme must be one of ${EMBED_THEMES.join(', ')}` };
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/**
 * A host's endpoint, checked: https (plain http only on loopback, for development), no user name or
 * password in the URL (they would be sent as credentials), a model name, a known wire format.
 */
export function parseEndpoint(value: unknown): Checked<HostEndpoint> {
  const fail = (error: string): Checked<HostEndpoint> => ({ ok: false, error: `endpoint: ${error}` });
  if (!isRecord(value)) return fail('must be { format, baseUrl, model }');
  const { format, baseUrl, model } = value;
  if (format !== 'anthropic' && format !== 'openai') return fail('format must be "anthropic" or "openai"');
  if (typeof model !== 'string' || !model.trim() || model.length > 200)
    return fail('model must be a model name (at most 200 characters)');
  if (typeof baseUrl !== 'string' || baseUrl.length > 2048) return fail('baseUrl must be a URL');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return fail(`"${baseUrl.slice(0, 80)}" is not a URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname)))
    return fail('baseUrl must be https (plain http only on localhost)');
  if (url.username || url.password) return fail('baseUrl may not carry a user name or password');
  return { ok: true, value: { format, baseUrl: url.href.replace(/\/+$/, ''), model: model.trim() } };
}

/** Replay speed in characters per second of streamed text (Infinity: each recorded chunk at once). */
export function parseSpeed(value: unknown): Checked<number> {
  if (value === undefined) return { ok: true, value: 200 };
  if (typeof value === 'number' && (value === Infinity || (Number.isFinite(value) && value >= 1 && value <= 100_000)))
    return { ok: true, value };
  return { ok: false, error: 'speed must be characters per second, 1 to 100000 (or Infinity)' };
}

/** A recording's URL: https (or http on loopback while the app is too). */
export function parseSessionUrl(value: unknown, appOrigin: string): Checked<string> {
  if (typeof value !== 'string' || value.length > 4096) return { ok: false, error: 'url must be a URL' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, error: `"${value.slice(0, 80)}" is not a URL` };
  }
  const appOnLoopback = (() => {
    try {
      return LOOPBACK.test(new URL(appOrigin).hostname);
    } catch {
      return false;
    }
  })();
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname) && appOnLoopback))
    return { ok: true, value: url.href };
  return { ok: false, error: 'a recorded session must be fetched over https' };
}

/** One tool as a host describes it (the SDK's `registerTools`), without its function. */
export interface HostToolSpec {
  name: string;
  description: string;
  /** A JSON Schema object for the input; default: no input. */
  inputSchema: Record<string, unknown>;
  /** A hint shown to the model; the visitor is asked before every call whatever it says. */
  readOnly?: boolean;
}

/** The host's tool list, checked: names the agent can use, sizes a request can carry, no duplicates. */
export function checkHostTools(tools: unknown): Checked<HostToolSpec[]> {
  const fail = (error: string): Checked<HostToolSpec[]> => ({ ok: false, error: `registerTools: ${error}` });
  if (!Array.isArray(tools)) return fail('takes a list of tools');
  if (tools.length > HOST_TOOL_LIMITS.tools) return fail(`at most ${HOST_TOOL_LIMITS.tools} tools`);
  const seen = new Set<string>();
  const out: HostToolSpec[] = [];
  for (const [index, tool] of tools.entries()) {
    if (!isRecord(tool)) return fail(`tool ${index} is not an object`);
    const { name, description, inputSchema = { type: 'object', properties: {} }, readOnly } = tool;
    if (typeof name !== 'string' || !/^[A-Za-z0-9_-]+$/.test(name) || name.length > HOST_TOOL_LIMITS.nameLength)
      return fail(
        `tool ${index}: name must be letters, digits, _ or - (at most ${HOST_TOOL_LIMITS.nameLength}), got ${JSON.stringify(name)?.slice(0, 80)}`,
      );
    if (seen.has(name)) return fail(`two tools are named "${name}"`);
    seen.add(name);
    if (typeof description !== 'string' || !description.trim())
      return fail(`"${name}" needs a description (the model reads it to decide when to call the tool)`);
    if (description.length > HOST_TOOL_LIMITS.description)
      return fail(`"${name}"'s description is over ${HOST_TOOL_LIMITS.description} characters`);
    if (!isRecord(inputSchema) || (inputSchema.type !== undefined && inputSchema.type !== 'object'))
      return fail(`"${name}"'s inputSchema must be a JSON Schema with type "object"`);
    let size: number;
    try {
      size = JSON.stringify(inputSchema).length;
    } catch {
      return fail(`"${name}"'s inputSchema is not plain JSON`);
    }
    if (size > HOST_TOOL_LIMITS.schemaBytes)
      return fail(`"${name}"'s inputSchema is over ${HOST_TOOL_LIMITS.schemaBytes / 1024} KB`);
    if (readOnly !== undefined && typeof readOnly !== 'boolean')
      return fail(`"${name}"'s readOnly must be true or false`);
    out.push({
      name,
      description,
      inputSchema: { type: 'object', ...inputSchema },
      ...(readOnly ? { readOnly } : {}),
    });
  }
  return { ok: true, value: out };
}
