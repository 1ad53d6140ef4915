// The real @modelcontextprotocol/server-everything, over Streamable HTTP and over SSE, driven the
// way the agent will drive it: through the manager's Tools, the resource tools, prompt commands,
// and the elicitation and sampling callbacks (the latter answered by the scripted mock provider).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '../../test/fixtures/mock-provider';
import { startEverything, type EverythingServer, SERVER_HOOK_TIMEOUT } from '../../test/fixtures/mcp-everything';
import { createProvider } from '../providers/create-provider';
import { call, makeContext } from '../tools/test-context';
import type { Tool, ToolContext } from '../tools/types';
import { connectMcp } from './connection';
import { checkElicitationAnswer, type McpElicitationRequest } from './elicitation';
import { createMcpManager, type McpManager } from './manager';
import type { McpToolResult } from './mcp-tool';
import { isMcpTool } from './mcp-tool';
import { sampleWithProvider, type McpSamplingRequest } from './sampling';
import { memorySecretStore } from './secret-store';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
}, SERVER_HOOK_TIMEOUT);
afterAll(() => mock.close());

const tool = (manager: McpManager, name: string): Tool => {
  const found = manager.tools().find((t) => t.name === name);
  if (!found)
    throw new Error(
      `no tool ${name}; have ${manager
        .tools()
        .map((t) => t.name)
        .join(', ')}`,
    );
  return found;
};

describe.each([
  ['Streamable HTTP', 'streamableHttp', 'http'],
  ['SSE', 'sse', 'sse'],
] as const)('server-everything over %s', (_label, mode, type) => {
  let server: EverythingServer;
  let manager: McpManager;
  const elicitations: McpElicitationRequest[] = [];
  const samplings: McpSamplingRequest[] = [];
  const ctx = (): ToolContext => makeContext();

  beforeAll(async () => {
    server = await startEverything(mode);
    const provider = createProvider({
      preset: 'anthropic',
      format: 'anthropic',
      baseUrl: mock.url,
      apiKey: 'sk-ant-test',
      model: 'claude-haiku-4-5',
      retryBaseDelayMs: 1,
    });
    manager = createMcpManager({
      secrets: memorySecretStore(),
      reservedToolNames: ['Read', 'Bash'],
      callbacks: {
        async elicit(request) {
          elicitations.push(request);
          const answer = checkElicitationAnswer(request.fields, { name: 'Ada Lovelace', check: true, integer: '7' });
          if (!answer.ok) throw new Error(JSON.stringify(answer.error));
          return { action: 'accept', content: answer.value };
        },
        async sample(request, signal) {
          samplings.push(request);
          return sampleWithProvider(provider, request.params, signal);
        },
      },
    });
    manager.setServers([{ name: 'everything', source: 'user', config: { type, url: server.url } }]);
    await manager.settled();
  }, SERVER_HOOK_TIMEOUT);
  afterAll(async () => {
    await manager?.close();
    await server?.close();
  }, SERVER_HOOK_TIMEOUT);

  it('connects and lists its tools as mcp__everything__<tool>, asking by default', () => {
    const [state] = manager.states();
    expect(state).toMatchObject({ name: 'everything', status: 'connected', transport: type });
    expect(state.toolCount).toBeGreaterThanOrEqual(10);
    const names = manager.tools().map((t) => t.name);
    for (const name of [
      'echo',
      'get-sum',
      'get-tiny-image',
      'trigger-elicitation-request',
      'trigger-sampling-request',
      'trigger-long-running-operation',
    ]) {
      expect(names).toContain(`mcp__everything__${name}`);
    }
    const echo = tool(manager, 'mcp__everything__echo');
    expect(echo.kind).toBe('network');
    expect(isMcpTool(echo) && echo.mcp.readOnly).toBe(true);
    expect(echo.inputSchema).toMatchObject({
      type: 'object',
      properties: { message: { type: 'string' } },
      required: ['message'],
    });
    expect(echo.inputSchema).not.toHaveProperty('$schema');
    expect(echo.permission({ message: 'x' })).toEqual({ ruleName: 'mcp__everything__echo' });
  });

  it('calls echo and get-sum', async () => {
    const echoed = await call(tool(manager, 'mcp__everything__echo'), { message: 'hello from the page' }, ctx());
    expect(echoed).toMatchObject({ content: 'Echo: hello from the page' });
    expect(echoed.isError).toBeUndefined();
    const sum = await call(tool(manager, 'mcp__everything__get-sum'), { a: 2, b: 40 }, ctx());
    expect(sum.content).toBe('The sum of 2 and 40 is 42.');
  });

  it('returns get-tiny-image as an image for the card and a description for the model', async () => {
    const result = (await call(tool(manager, 'mcp__everything__get-tiny-image'), {}, ctx())) as McpToolResult;
    const image = result.details.blocks.find((b) => b.type === 'image');
    expect(image).toMatchObject({ type: 'image', mimeType: 'image/png' });
    expect(image && 'data' in image && atob(image.data).startsWith('\x89PNG')).toBe(true);
    expect(result.content).toMatch(/\[image: image\/png, [\d.]+ (B|KB) — shown to the user/);
  });

  it('passes resource links and structured content on', async () => {
    const links = (await call(
      tool(manager, 'mcp__everything__get-resource-links'),
      { count: 2 },
      ctx(),
    )) as McpToolResult;
    expect(links.details.blocks.filter((b) => b.type === 'resource-link')).toHaveLength(2);
    expect(links.content).toContain('ReadMcpResourceTool {"server": "everything", "uri": "demo://resource/dynamic/');
    const weather = (await call(
      tool(manager, 'mcp__everything__get-structured-content'),
      { location: 'Chicago' },
      ctx(),
    )) as McpToolResult;
    expect(weather.details.structuredContent).toMatchObject({
      temperature: expect.any(Number),
      conditions: expect.any(String),
    });
  });

  it('reports a bad argument as an error result, not an exception', async () => {
    const result = await call(tool(manager, 'mcp__everything__get-sum'), { a: 'two', b: 1 }, ctx());
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(/a|number|invalid/i);
  });

  it('lists and reads resources through the resource tools and an @mention', async () => {
    const listed = await call(tool(manager, 'ListMcpResourcesTool'), { server: 'everything' }, ctx());
    const resources = JSON.parse(listed.content.split('\n\n')[0]) as Array<{ uri: string; server: string }>;
    expect(resources.map((r) => r.uri)).toContain('demo://resource/static/document/features.md');
    expect(resources.every((r) => r.server === 'everything')).toBe(true);
    expect(listed.content).toContain('demo://resource/dynamic/text/{resourceId}');

    const read = await call(
      tool(manager, 'ReadMcpResourceTool'),
      { server: 'everything', uri: 'demo://resource/static/document/features.md' },
      ctx(),
    );
    expect(JSON.parse(read.content).contents[0]).toMatchObject({
      mimeType: 'text/markdown',
      text: expect.stringContaining('# Everything Server - Features'),
    });

    const [mention] = manager.findMentions('Summarise @everything:demo://resource/dynamic/text/3, please');
    expect(mention).toMatchObject({ server: 'everything', uri: 'demo://resource/dynamic/text/3' });
    const attached = await manager.resolveMention(mention);
    expect(attached.ok && attached.value.text).toMatch(
      /^<mcp-resource server="everything" uri="demo:\/\/resource\/dynamic\/text\/3">\n[\s\S]*Resource 3/,
    );
  });

  it('runs a server prompt as the slash command /mcp__everything__args-prompt with its arguments', async () => {
    const command = manager.promptCommands().find((c) => c.name === 'mcp__everything__args-prompt');
    expect(command).toMatchObject({ argHint: '<city> [state]' });
    expect(await command!.run({ args: 'Paris' })).toEqual([{ type: 'send', prompt: expect.stringContaining('Paris') }]);
    expect(await command!.run({ args: 'city="New York" state=NY' })).toEqual([
      { type: 'send', prompt: expect.stringMatching(/New York[\s\S]*NY/) },
    ]);
    const missing = await command!.run({ args: '' });
    expect(missing[0]).toMatchObject({
      type: 'notice',
      tone: 'error',
      markdown: expect.stringContaining('Missing city'),
    });
  });

  it('answers trigger-elicitation-request through the form callback', async () => {
    const result = await call(tool(manager, 'mcp__everything__trigger-elicitation-request'), {}, ctx());
    const request = elicitations.at(-1)!;
    expect(request.server).toBe('everything');
    expect(request.fields.find((f) => f.name === 'name')).toMatchObject({
      kind: 'text',
      required: true,
      label: 'String',
    });
    expect(request.fields.find((f) => f.name === 'integer')).toMatchObject({
      kind: 'integer',
      minimum: 1,
      maximum: 100,
      default: 42,
    });
    expect(request.fields.find((f) => f.name === 'titledSingleSelectEnum')?.options?.[0]).toEqual({
      value: 'hero-1',
      label: 'Superman',
    });
    expect(result.content).toContain('User provided the requested information');
    expect(result.content).toContain('- Name: Ada Lovelace');
    expect(result.content).toContain('- Favorite Integer: 7');
  });

  it('answers trigger-sampling-request with the session provider', async () => {
    mock.setScript([{ kind: 'reply', text: 'The capital of France is Paris.' }]);
    const result = await call(
      tool(manager, 'mcp__everything__trigger-sampling-request'),
      { prompt: 'Capital of France?', maxTokens: 50 },
      ctx(),
    );
    expect(samplings.at(-1)?.preview).toContain('Capital of France?');
    const sent = mock.requests.at(-1)!;
    expect(JSON.stringify(sent.body.system)).toContain('You are a helpful test server.');
    expect(JSON.stringify(sent.body.messages)).toContain('Capital of France?');
    expect(sent.body.max_tokens).toBe(50);
    expect(result.content).toContain('The capital of France is Paris.');
    expect(result.content).toContain('"model": "claude-haiku-4-5"');
  });

  it.runIf(mode === 'sse')(
    'reaches this older server from an untyped URL by falling back from Streamable HTTP',
    async () => {
      const result = await connectMcp({ name: 'old', config: { type: 'http', url: server.url, inferredType: true } });
      expect(result.ok && result.value.transport).toBe('sse');
      if (result.ok) await result.value.close();
    },
  );

  it('streams progress and, on Stop, cancels trigger-long-running-operation on the server', async () => {
    const controller = new AbortController();
    const chunks: string[] = [];
    const context: ToolContext = {
      ...ctx(),
      signal: controller.signal,
      onProgress: (chunk) => {
        chunks.push(chunk);
        if (chunks.length === 2) controller.abort();
      },
    };
    const started = Date.now();
    const result = (await call(
      tool(manager, 'mcp__everything__trigger-long-running-operation'),
      { duration: 30, steps: 60 },
      context,
    )) as McpToolResult;
    expect(chunks[0]).toBe('Progress: 1/60 (2%)\n');
    expect(result.isError).toBe(true);
    expect(result.details.failure?.kind).toBe('cancelled');
    expect(result.details.progress).toMatchObject({ progress: 2, total: 60 });
    expect(Date.now() - started).toBeLessThan(20_000); // long before the 30 s the operation takes
    // The connection is still good after a cancel.
    expect((await call(tool(manager, 'mcp__everything__echo'), { message: 'still here' }, ctx())).content).toBe(
      'Echo: still here',
    );
  });
});
