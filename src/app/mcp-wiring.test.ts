import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startEverything, type EverythingServer, SERVER_HOOK_TIMEOUT } from '../../test/fixtures/mcp-everything';
import {
  chatShape,
  startMockProvider,
  testApp,
  useMock,
  type MockProvider,
  type TestApp,
} from '../../test/fixtures/test-app';
import type { AgentEvent } from '../agent/events';
import { when } from './store';

// The whole app: a server added in the MCP store hands its tools to the open session's agent;
// the model sees `mcp__everything__echo`, calling it asks permission (rule name
// mcp__everything__echo), and the answer carries the server's echo and the card's details.

let server: EverythingServer;
let mock: MockProvider;
beforeAll(async () => {
  [server, mock] = await Promise.all([startEverything('streamableHttp'), startMockProvider({ port: 0 })]);
}, SERVER_HOOK_TIMEOUT);
afterAll(async () => {
  await Promise.all([server?.close(), mock?.close()]);
}, SERVER_HOOK_TIMEOUT);

const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.mcp.close();
    await app.sessions.close({ database: true });
  }
});

describe('MCP in the app', { timeout: 60_000 }, () => {
  test('the agent offers a connected server’s tools, asks before calling one, and gets the echo', async () => {
    const app = testApp('mcp-wiring-1');
    apps.push(app);
    await useMock(app, mock, 'default');
    mock.reset();
    expect(await app.mcp.addServer({ name: 'everything', url: server.url })).toMatchObject({ ok: true });
    await when(app.mcp.store, (s) => s.servers[0]?.status === 'connected');

    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'mcp__everything__echo', input: { message: 'Hello from MCP' } }] },
      { kind: 'reply', text: 'It echoed.' },
    ]);
    const conversation = await app.sessions.ensure();
    const events: AgentEvent[] = [];
    conversation.subscribe((event) => {
      events.push(event);
      if (event.type === 'permission-asked')
        queueMicrotask(() => app.chat.answerPermission(event.callId, { decision: 'allow-once' }));
    });
    await app.send('Echo something.');

    const tools = (mock.requests[0].body.tools as Array<{ name: string }>).map((t) => t.name);
    expect(tools).toContain('mcp__everything__echo');
    expect(tools).toContain('Read');
    const asked = events.find((e) => e.type === 'permission-asked');
    expect(asked).toMatchObject({ toolName: 'mcp__everything__echo', suggestedRule: 'mcp__everything__echo' });
    const result = events.find((e) => e.type === 'tool-result');
    expect(result).toMatchObject({ content: expect.stringContaining('Echo: Hello from MCP'), isError: false });
    expect((result as { details?: { kind: string } }).details?.kind).toBe('mcp-tool');
    expect(JSON.stringify(mock.requests[1].body.messages)).toContain('Echo: Hello from MCP');

    // Removing the server takes its tools away from the next request.
    await app.mcp.removeServer('everything');
    mock.setScript([{ kind: 'reply', text: 'No tools.' }]);
    await app.send('Anything else?');
    const later = (mock.requests[2].body.tools as Array<{ name: string }>).map((t) => t.name);
    expect(later).not.toContain('mcp__everything__echo');
  });

  test('a subagent gets the MCP tools, asks before calling one as the parent would, and its rules hold', async () => {
    const app = testApp('mcp-wiring-3');
    apps.push(app);
    await useMock(app, mock, 'default');
    mock.reset();
    await app.mcp.addServer({ name: 'everything', url: server.url });
    await when(app.mcp.store, (s) => s.servers[0]?.status === 'connected');
    // Reconnecting hands the agent a fresh set of MCP tools: none may linger twice.
    await app.mcp.reconnect('everything');
    await when(app.mcp.store, (s) => s.servers[0]?.status === 'connected');

    mock.setScript([
      {
        kind: 'reply',
        toolCalls: [{ name: 'Agent', input: { description: 'Echo via MCP', prompt: 'SUBTASK: echo through MCP' } }],
      },
      {
        kind: 'reply',
        match: 'SUBTASK',
        toolCalls: [{ name: 'mcp__everything__echo', input: { message: 'from the subagent' } }],
      },
      { kind: 'reply', match: 'from the subagent', text: 'The subagent echoed.' },
      { kind: 'reply', text: 'Done.' },
    ]);
    const conversation = await app.sessions.ensure();
    const events: AgentEvent[] = [];
    conversation.subscribe((event) => {
      events.push(event);
      if (event.type === 'permission-asked')
        queueMicrotask(() =>
          app.chat.answerPermission(event.callId, { decision: 'allow-always', rule: event.suggestedRule }),
        );
    });
    await app.send('Delegate an echo.');

    const names = (body: { tools?: Array<{ name: string }> }) => (body.tools ?? []).map((t) => t.name);
    const parentTools = names(mock.requests[0].body);
    expect(new Set(parentTools).size).toBe(parentTools.length);
    const childTools = names(mock.requests[1].body);
    expect(JSON.stringify(mock.requests[1].body.messages)).toContain('SUBTASK');
    expect(childTools).toContain('mcp__everything__echo');
    expect(childTools).not.toContain('Agent');
    expect(new Set(childTools).size).toBe(childTools.length);
    // The child's call asked, in the parent's dialog, labelled with the subagent.
    const asked = events.filter((e) => e.type === 'permission-asked');
    expect(asked).toHaveLength(1); // the Agent tool itself does not ask
    expect(asked[0]).toMatchObject({
      toolName: 'mcp__everything__echo',
      suggestedRule: 'mcp__everything__echo',
      agent: { name: 'general-purpose' },
    });
    const childResult = events.flatMap((e) =>
      e.type === 'subagent-event' && e.event.type === 'tool-result' ? [e.event] : [],
    );
    expect(childResult[0]).toMatchObject({
      content: expect.stringContaining('Echo: from the subagent'),
      isError: false,
    });

    // "Always allow" given in the subagent holds for the session: the parent's own call does not ask.
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'mcp__everything__echo', input: { message: 'parent' } }] },
      { kind: 'reply', text: 'Echoed without asking.' },
    ]);
    const before = events.filter((e) => e.type === 'permission-asked').length;
    await app.send('Echo yourself.');
    expect(events.filter((e) => e.type === 'permission-asked')).toHaveLength(before);
    expect(JSON.stringify(mock.requests.at(-1)!.body.messages)).toContain('Echo: parent');
  });

  test('@server:uri in a message: offered as you type, read at Send, sent after the text, shown folded', async () => {
    const app = testApp('mcp-wiring-4');
    apps.push(app);
    await useMock(app, mock, 'default');
    mock.reset();
    expect(app.mcp.mentionOptions('@every')).toEqual([]); // nothing connected yet
    await app.mcp.addServer({ name: 'everything', url: server.url });
    await when(app.mcp.store, (s) => s.servers[0]?.status === 'connected');

    const offered = app.mcp.mentionOptions('@everything:demo://resource/static/document/');
    expect(offered.map((o) => o.label)).toContain('@everything:demo://resource/static/document/features.md');
    expect(app.mcp.mentionOptions('@nothing-like-this')).toEqual([]);

    mock.setScript([{ kind: 'reply', text: 'Read it.' }]);
    await app.send(
      'Summarise @everything:demo://resource/static/document/features.md and @everything:demo://no/such/thing please',
    );
    const user = (mock.requests[0].body.messages as Array<{ role: string; content: Array<{ text?: string }> }>).at(-1)!;
    expect(user.role).toBe('user');
    const texts = user.content.map((b) => b.text ?? '');
    expect(texts[0]).toMatch(/^Summarise @everything:demo/); // the user's words first, as typed
    const resource = texts.find((t) => t.startsWith('<mcp-resource'))!;
    expect(resource).toMatch(
      /^<mcp-resource server="everything" uri="demo:\/\/resource\/static\/document\/features.md">\n[\s\S]+\n<\/mcp-resource>$/,
    );
    expect(resource.length).toBeGreaterThan(100);
    // The chat shows the user's message as typed, the resource as a folded line, and what failed.
    app.chat.flush();
    const items = app.chat.store.get().chat.items;
    const context = items.find((i) => i.kind === 'context');
    expect(context).toMatchObject({
      source: 'mcp-resource',
      label: '@everything:demo://resource/static/document/features.md',
    });
    const warning = items.find((i) => i.kind === 'notice' && i.tone === 'warning');
    expect(warning).toMatchObject({
      title: expect.stringContaining('Could not attach @everything:demo://no/such/thing'),
    });
    expect(chatShape(app)).toContain('Read it.');
  });

  test('/mcp lists the servers with status and tools; a server prompt runs as /mcp__server__prompt', async () => {
    const app = testApp('mcp-wiring-2');
    apps.push(app);
    await useMock(app, mock, 'default');
    await app.send('/mcp');
    expect(chatShape(app).at(-1)).toMatch(/No MCP servers yet/);

    await app.mcp.addServer({ name: 'everything', url: server.url });
    await when(app.mcp.store, (s) => s.servers[0]?.status === 'connected');
    await app.send('/mcp');
    const listing = chatShape(app).at(-1)!;
    expect(listing).toMatch(/\*\*everything\*\*: connected, \d+ tools/);
    expect(listing).toContain('`mcp__everything__echo`');
    expect(app.extraCommands().map((c) => c.name)).toContain('mcp__everything__args-prompt');

    mock.reset();
    mock.setScript([{ kind: 'reply', text: 'Paris weather noted.' }]);
    await app.send('/mcp__everything__args-prompt Paris');
    const turn = mock.requests.find((r) => Array.isArray(r.body?.messages));
    expect(JSON.stringify(turn!.body.messages)).toContain('Paris');
    expect(chatShape(app)).toContain('Paris weather noted.');
  });
});
