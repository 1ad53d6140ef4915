import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent } from '../../agent/events';
import { windowMessage, type FrameMessage } from '../../lib/embed-protocol';
import { createEmbed, type EmbedActions, type EmbedDeps } from './embed';

// The frame's side of the handshake and the port, against a fake window and a real MessageChannel.

const APP = 'https://tidepool.example';
const HOST = 'https://docs.example.com';

function fakeActions(): EmbedActions & { calls: string[]; emit: (e: AgentEvent) => void } {
  const calls: string[] = [];
  const listeners = new Set<(e: AgentEvent) => void>();
  let files: Record<string, string> = {};
  return {
    calls,
    emit: (e) => listeners.forEach((l) => l(e)),
    ready: Promise.resolve(),
    setFiles: async (f) => void (calls.push('setFiles'), (files = { ...f })),
    applyDiff: async () => void calls.push('applyDiff'),
    getFiles: async () => (calls.push('getFiles'), files),
    openFile: () => void calls.push('openFile'),
    setPrompt: () => void calls.push('setPrompt'),
    setMode: (mode) => void calls.push(`setMode:${mode}`),
    send: async (prompt) => (calls.push(`send:${prompt}`), null),
    stop: () => void calls.push('stop'),
    relativePath: (path) => path.replace(/^\/workspace\//, ''),
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
    registerTools: async () => void calls.push('registerTools'),
    useEndpoint: async (endpoint) => void calls.push(`useEndpoint:${endpoint?.baseUrl ?? null}`),
    replay: async (url, speed) => (calls.push(`replay:${url}@${speed}`), null),
  };
}

type Listener = (event: MessageEvent) => void;

function setup(overrides: Partial<EmbedDeps> = {}) {
  const parent = { name: 'parent' };
  const listeners = new Set<Listener>();
  const posted: Array<{ message: unknown; origin: string }> = [];
  const actions = fakeActions();
  const embed = createEmbed({
    window: {
      parent,
      addEventListener: (_t, l) => listeners.add(l),
      removeEventListener: (_t, l) => listeners.delete(l),
    },
    postToParent: (message, origin) => posted.push({ message, origin }),
    allowed: [HOST],
    appOrigin: APP,
    ancestorOrigin: null,
    view: 'files',
    actions,
    ...overrides,
  });
  embed.start();
  const deliver = (data: unknown, origin: string, source: unknown, ports: MessagePort[] = []): void =>
    listeners.forEach((l) => l({ data, origin, source, ports } as unknown as MessageEvent));
  /** A host that hands over a port; returns its end and what arrives on it. */
  const connectFrom = (origin: string, source: unknown = parent) => {
    const channel = new MessageChannel();
    const received: FrameMessage[] = [];
    channel.port1.onmessage = (e) => received.push(e.data as FrameMessage);
    deliver(windowMessage('connect'), origin, source, [channel.port2]);
    // `given` is the frame's end: a frame that did not take it never listens on it.
    return { port: channel.port1, given: channel.port2, received };
  };
  return { embed, parent, posted, actions, deliver, connectFrom };
}

const ports: MessagePort[] = [];
afterEach(() => ports.splice(0).forEach((p) => p.close()));

async function request(host: { port: MessagePort; received: FrameMessage[] }, body: Record<string, unknown>) {
  const id = Math.floor(Math.random() * 1e9);
  host.port.postMessage({ id, ...body });
  await vi.waitFor(() => expect(host.received.some((m) => m.kind === 'reply' && m.id === id)).toBe(true));
  return host.received.find((m) => m.kind === 'reply' && m.id === id)!;
}

describe('embed handshake', () => {
  it('answers the host’s files before the app is bound; its other requests wait for the app, send for the session', async () => {
    let bind!: (actions: EmbedActions) => void;
    let openSession!: () => void;
    const app = { ...fakeActions(), ready: new Promise<void>((resolve) => (openSession = resolve)) };
    const early = fakeActions();
    const { connectFrom } = setup({ actions: new Promise((resolve) => (bind = resolve)), files: early });
    const host = connectFrom(HOST);
    ports.push(host.port);
    await vi.waitFor(() => expect(host.received).toContainEqual({ kind: 'event', event: { type: 'ready' } }));
    expect(await request(host, { method: 'setFiles', files: { 'a.txt': 'A' } })).toMatchObject({ ok: true });
    expect(early.calls).toEqual(['setFiles']);

    const prompt = request(host, { method: 'setPrompt', prompt: 'hi' });
    const send = request(host, { method: 'send', prompt: 'go' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(app.calls).toEqual([]);
    bind(app);
    expect(await prompt).toMatchObject({ ok: true });
    expect(app.calls).toEqual(['setPrompt']);
    openSession();
    expect(await send).toMatchObject({ ok: true });
    expect(app.calls).toEqual(['setPrompt', 'send:go']);
    // The files are still answered where they live: the early workspace is the app's workspace.
    expect(await request(host, { method: 'getFiles' })).toMatchObject({ ok: true, value: { 'a.txt': 'A' } });
  });

  it('announces itself to the parent, takes an allowed host’s port and serves it', async () => {
    const { embed, posted, actions, connectFrom } = setup();
    expect(posted).toEqual([{ message: windowMessage('ready'), origin: '*' }]);
    const host = connectFrom(HOST);
    ports.push(host.port);
    expect(embed.store.get()).toMatchObject({ status: 'connected', hostOrigin: HOST });
    await vi.waitFor(() => expect(host.received).toContainEqual({ kind: 'event', event: { type: 'ready' } }));

    expect(await request(host, { method: 'setFiles', files: { 'a.txt': 'A', 'src/b.ts': 'B' } })).toMatchObject({
      ok: true,
    });
    expect(await request(host, { method: 'getFiles' })).toMatchObject({
      ok: true,
      value: { 'a.txt': 'A', 'src/b.ts': 'B' },
    });
    actions.emit({ type: 'text-delta', turnId: 't1', text: 'hello' });
    actions.emit({ type: 'usage', turnId: 't1' } as unknown as AgentEvent); // not a host's business
    actions.emit({ type: 'files-changed', turnId: 't1', files: [{ path: '/workspace/src/a.ts', change: 'modified' }] });
    await vi.waitFor(() =>
      expect(host.received).toContainEqual({ kind: 'event', event: { type: 'text', turnId: 't1', text: 'hello' } }),
    );
    await vi.waitFor(() =>
      expect(host.received.filter((m) => m.kind === 'event').map((m) => m.kind === 'event' && m.event)).toEqual([
        { type: 'ready' },
        { type: 'text', turnId: 't1', text: 'hello' },
        { type: 'files-changed', turnId: 't1', paths: ['src/a.ts'] },
      ]),
    );
  });

  it('refuses a parent on an origin that is not allowed, and never touches the workspace for it', () => {
    const { embed, actions, connectFrom } = setup();
    const host = connectFrom('https://evil.example');
    ports.push(host.port);
    expect(embed.store.get()).toMatchObject({ status: 'refused', hostOrigin: 'https://evil.example' });
    // Even an allowed origin cannot connect once the frame has refused its parent.
    const later = connectFrom(HOST);
    ports.push(later.port);
    expect(host.given.onmessage).toBeNull();
    expect(later.given.onmessage).toBeNull();
    expect(actions.calls).toEqual([]);
    expect(embed.store.get().status).toBe('refused');
  });

  it('refuses up front when the browser names a parent origin that is not allowed, and says nothing to it', () => {
    const { embed, posted } = setup({ ancestorOrigin: 'https://evil.example' });
    expect(embed.store.get()).toMatchObject({ status: 'refused', hostOrigin: 'https://evil.example' });
    expect(posted).toEqual([]);
  });

  it('ignores a connect from any window but the parent, even on an allowed origin', () => {
    const { embed, actions, connectFrom } = setup();
    const forged = connectFrom(HOST, { name: 'a popup or sibling frame' });
    ports.push(forged.port);
    expect(forged.given.onmessage).toBeNull();
    expect(embed.store.get().status).toBe('waiting');
    expect(actions.calls).toEqual([]);
  });

  it('takes one port only: a second connect from the parent is ignored', async () => {
    const { connectFrom, actions } = setup();
    const first = connectFrom(HOST);
    const second = connectFrom(HOST);
    ports.push(first.port, second.port);
    expect(second.given.onmessage).toBeNull();
    await request(first, { method: 'stop' });
    expect(actions.calls).toEqual(['stop']);
  });

  it('answers forged or malformed requests with an error and runs nothing', async () => {
    const { connectFrom, actions } = setup();
    const host = connectFrom(HOST);
    ports.push(host.port);
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ method: 'setMode', mode: 'bypassPermissions' }, /bypassPermissions/],
      [{ method: 'setMode', mode: 'yolo' }, /mode must be one of/],
      [{ method: 'setFiles', files: { '../../etc/passwd': 'x' } }, /not a plain relative path/],
      [{ method: 'setFiles', files: { '/abs.txt': 'x' } }, /not a plain relative path/],
      [{ method: 'setFiles', files: { 'a.txt': 42 } }, /must be text/],
      [{ method: 'openFile', path: 'a/../../b' }, /not a plain relative path/],
      [{ method: 'saveProvider', baseUrl: 'https://attacker.example', apiKey: 'x' }, /unknown method/],
      [{ method: 'getKeys' }, /unknown method/],
      [{ method: 'send', prompt: '/config' }, /slash commands/],
    ];
    for (const [body, error] of cases) {
      const reply = await request(host, body);
      expect(reply, JSON.stringify(body)).toMatchObject({ ok: false });
      expect(reply.kind === 'reply' && !reply.ok && reply.error).toMatch(error);
    }
    host.port.postMessage('not even an object');
    host.port.postMessage({ method: 'getFiles' }); // no id: nothing to answer
    expect(await request(host, { method: 'setMode', mode: 'plan' })).toMatchObject({ ok: true });
    expect(actions.calls).toEqual(['setMode:plan']);
  });

  it('ignores messages that are not the protocol’s, and a hello from the parent gets a fresh ready', () => {
    const { embed, parent, posted, deliver } = setup();
    deliver({ type: 'connect' }, HOST, parent);
    deliver({ protocol: 'tidepool-embed', version: 99, type: 'connect' }, HOST, parent);
    expect(embed.store.get().status).toBe('waiting');
    deliver(windowMessage('hello'), HOST, parent);
    expect(posted.at(-1)).toEqual({ message: windowMessage('ready'), origin: HOST });
  });

  it('takes the new options checked: theme, a keyless endpoint, a replay, tools only with a port', async () => {
    const { connectFrom, actions, embed } = setup();
    const host = connectFrom(HOST);
    ports.push(host.port);
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ method: 'setTheme', theme: 'neon' }, /theme must be one of auto, light, dark/],
      [{ method: 'useEndpoint', endpoint: 'https://proxy.example' }, /endpoint: must be \{ format, baseUrl, model \}/],
      [
        { method: 'useEndpoint', endpoint: { format: 'anthropic', baseUrl: 'http://proxy.example', model: 'm' } },
        /baseUrl must be https/,
      ],
      [
        { method: 'useEndpoint', endpoint: { format: 'anthropic', baseUrl: 'https://u:p@proxy.example', model: 'm' } },
        /user name or password/,
      ],
      [
        { method: 'useEndpoint', endpoint: { format: 'gemini', baseUrl: 'https://proxy.example', model: 'm' } },
        /format/,
      ],
      [
        { method: 'useEndpoint', endpoint: { format: 'openai', baseUrl: 'https://proxy.example', model: ' ' } },
        /model/,
      ],
      [{ method: 'replay', url: 'http://lessons.example/a.json' }, /over https/],
      [{ method: 'replay', url: 'javascript:alert(1)' }, /over https/],
      [{ method: 'replay', url: 'https://lessons.example/a.json', speed: -5 }, /speed must be/],
      // The tools' MCP server comes as a transferred port; without one there is nothing to connect.
      [{ method: 'registerTools' }, /one MessagePort/],
    ];
    for (const [body, error] of cases) {
      const reply = await request(host, body);
      expect(reply, JSON.stringify(body)).toMatchObject({ ok: false });
      expect(reply.kind === 'reply' && !reply.ok && reply.error).toMatch(error);
    }
    expect(actions.calls).toEqual([]);
    expect(embed.store.get()).toMatchObject({ theme: 'auto', endpoint: null });

    expect(await request(host, { method: 'setTheme', theme: 'dark' })).toMatchObject({ ok: true });
    const endpoint = { format: 'openai', baseUrl: 'https://proxy.example/v1/', model: 'demo-model' };
    expect(await request(host, { method: 'useEndpoint', endpoint })).toMatchObject({ ok: true });
    expect(await request(host, { method: 'replay', url: 'https://lessons.example/a.json', speed: 50 })).toMatchObject({
      ok: true,
    });
    const tools = new MessageChannel();
    ports.push(tools.port1, tools.port2);
    host.port.postMessage({ id: 7, method: 'registerTools' }, [tools.port2]);
    await vi.waitFor(() => expect(host.received.some((m) => m.kind === 'reply' && m.id === 7 && m.ok)).toBe(true));
    expect(embed.store.get()).toMatchObject({
      theme: 'dark',
      endpoint: { format: 'openai', baseUrl: 'https://proxy.example/v1', model: 'demo-model' },
    });
    expect(actions.calls).toEqual([
      'useEndpoint:https://proxy.example/v1',
      'replay:https://lessons.example/a.json@50',
      'registerTools',
    ]);
  });
});
