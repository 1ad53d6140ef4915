// Read of images and PDFs through the agent, in both wire formats, against the mock provider.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { Agent } from '../src/agent/agent';
import type { AgentEvent } from '../src/agent/events';
import { replayEvents } from '../src/agent/transcript';
import { createProvider } from '../src/providers/create-provider';
import type { WireFormat } from '../src/providers/types';
import { builtinTools } from '../src/tools/index';
import { readTool } from '../src/tools/read';
import { call, makeContext } from '../src/tools/test-context';
import { createLiteWorkspace } from '../src/workspace/lite-workspace';
import { makePdf, PNG_1X1 } from './fixtures/make-pdf';
import { startMockProvider, type MockProvider } from './fixtures/mock-provider';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const PDF = makePdf(['Hello from page one', 'Tide tables on page two', 'Index on page three']);
const PNG_BASE64 = btoa(String.fromCharCode(...PNG_1X1));

function agentFor(format: WireFormat, preset: string = format) {
  const agent = new Agent({
    workspace: createLiteWorkspace({ files: { 'img/logo.png': PNG_1X1, 'docs/tides.pdf': PDF } }),
    provider: createProvider({
      preset, // 'openai': a host whose models take images
      format,
      baseUrl: format === 'anthropic' ? mock.url : `${mock.url}/v1`,
      apiKey: 'sk-media',
      model: format === 'anthropic' ? 'claude-sonnet-4-5' : 'gpt-4.1',
    }),
    tools: builtinTools,
    mode: 'bypassPermissions',
  });
  const events: AgentEvent[] = [];
  agent.subscribe((e) => events.push(e));
  return { agent, events };
}

const script = () => [
  { kind: 'reply' as const, toolCalls: [{ name: 'Read', input: { file_path: 'img/logo.png' } }] },
  { kind: 'reply' as const, toolCalls: [{ name: 'Read', input: { file_path: 'docs/tides.pdf' } }] },
  { kind: 'reply' as const, toolCalls: [{ name: 'Read', input: { file_path: 'docs/tides.pdf', pages: '2-3' } }] },
  { kind: 'reply' as const, text: 'Seen.' },
];

describe('Read of images and PDFs in the Anthropic wire format', () => {
  test('an image and a whole PDF travel as blocks inside the tool result; a page range as text', async () => {
    const { agent, events } = agentFor('anthropic');
    mock.setScript(script());
    expect(await agent.send('look at these')).toBe('done');
    const resultOf = (request: number) => mock.requests[request].body.messages.at(-1).content[0];

    const image = resultOf(1);
    expect(image.type).toBe('tool_result');
    expect(image.content[0]).toEqual({ type: 'text', text: 'Image img/logo.png (PNG, 1×1, 1 KB) is attached below.' });
    expect(image.content[1]).toEqual({
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 },
    });

    const pdf = resultOf(2);
    expect(pdf.content[1]).toMatchObject({
      type: 'document',
      source: { type: 'base64', media_type: 'application/pdf' },
    });
    expect(atob(pdf.content[1].source.data).startsWith('%PDF-1.4')).toBe(true);

    const pages = resultOf(3);
    expect(pages.content).toContain('--- Page 2 ---\nTide tables on page two');
    expect(pages.content).toContain('--- Page 3 ---\nIndex on page three');
    expect(pages.content).not.toContain('page one');
    // The event log keeps the media, so a replayed session sends the same request.
    expect(replayEvents(events).messages).toEqual(agent.messages);
  });
});

describe('Read of images and PDFs in the OpenAI wire format', () => {
  test('an image follows the tool message as an image_url part; a PDF is sent as its text', async () => {
    const { agent } = agentFor('openai');
    mock.setScript(script());
    expect(await agent.send('look at these')).toBe('done');

    const afterImage = mock.requests[1].body.messages;
    const tool = afterImage.at(-2);
    expect(tool).toMatchObject({
      role: 'tool',
      content: expect.stringContaining('[image 1 follows in the next message]'),
    });
    expect(afterImage.at(-1)).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'Images returned by the tool calls above:' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
      ],
    });

    const afterPdf = mock.requests[2].body.messages.at(-1);
    expect(afterPdf.role).toBe('tool');
    expect(afterPdf.content).toContain('PDF docs/tides.pdf (3 pages');
    expect(afterPdf.content).toContain('--- Page 1 ---\nHello from page one');
    expect(JSON.stringify(mock.requests[2].body)).not.toContain('application/pdf');
  });
});

describe('Read of an image for a model that may not see images', () => {
  test('a local OpenAI-compatible host gets a clear error instead of an image that would fail every request', async () => {
    const { agent, events } = agentFor('openai', 'ollama');
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Read', input: { file_path: 'img/logo.png' } }] },
      { kind: 'reply', text: 'ok' },
    ]);
    await agent.send('look');
    const result = events.find((e) => e.type === 'tool-result');
    expect(result).toMatchObject({ isError: true, content: expect.stringContaining('cannot take images') });
    expect(JSON.stringify(mock.requests[1].body)).not.toContain('image_url');
  });
});

describe('Read of media, directly', () => {
  test('refuses bad page ranges and pages on non-PDFs, naming the field', async () => {
    const ctx = { ...makeContext({ 'a.pdf': PDF, 'a.txt': 'x' }), accepts: { images: true, documents: true } };
    expect((await call(readTool, { file_path: 'a.pdf', pages: '9' }, ctx)).content).toMatch(
      /^pages: the document has 3 pages/,
    );
    expect((await call(readTool, { file_path: 'a.pdf', pages: 'two' }, ctx)).content).toMatch(/^pages: "two" is not/);
    expect((await call(readTool, { file_path: 'a.txt', pages: '1' }, ctx)).content).toMatch(/^pages: only for PDF/);
  });

  test('a file with an image extension that is not an image is refused', async () => {
    const ctx = { ...makeContext({ 'fake.png': 'just text' }), accepts: { images: true, documents: true } };
    expect((await call(readTool, { file_path: 'fake.png' }, ctx)).content).toMatch(/does not look like a PNG/);
  });
});
