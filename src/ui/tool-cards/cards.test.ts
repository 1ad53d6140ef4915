import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../agent/events';
import { bashTool } from '../../tools/bash';
import { editTool } from '../../tools/edit';
import { grepTool } from '../../tools/grep';
import { readTool } from '../../tools/read';
import { call as runTool, makeContext } from '../../tools/test-context';
import type { Tool, ToolContext } from '../../tools/types';
import { emptyChat, reduceChat, type ChatItem, type ToolCallView } from '../../app/chat/chat-fold';
import type { App } from '../../app/create-app';
import { AppContext } from '../use-store';
import { checkedDetails } from './card-frame';
import { cardFor } from './index';

// The cards render what a result's details say, and a result stored without details (an older
// session, an import) still renders from its input and text.

const app = { workspace: { root: '/workspace' } } as unknown as App;

/** The card's text, as a person reading it (or a screen reader) gets it. */
function render(view: ToolCallView): string {
  const card = createElement(cardFor(view), { call: view });
  const html = renderToStaticMarkup(createElement(AppContext.Provider, { value: app }, card));
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The chat's view of one call after these events, as the transcript folds them. */
function viewOf(events: AgentEvent[]): ToolCallView {
  const state = events.reduce(reduceChat, emptyChat());
  return (state.items.find((i) => i.kind === 'tool') as Extract<ChatItem, { kind: 'tool' }>).call;
}

async function finished(tool: Tool, input: unknown, ctx: ToolContext, { stored = false } = {}): Promise<ToolCallView> {
  const result = await runTool(tool, input, ctx);
  const event: AgentEvent = {
    type: 'tool-result',
    turnId: 't',
    callId: 'c',
    name: tool.name,
    isError: result.isError ?? false,
    content: result.content,
    // A session stored before details existed has none.
    ...(stored ? {} : { details: structuredClone(result.details) }),
  };
  return viewOf([{ type: 'tool-call', turnId: 't', callId: 'c', name: tool.name, input, summary: tool.name }, event]);
}

describe('tool cards', () => {
  it('Edit shows the hunk with the file line numbers from its details', async () => {
    const ctx = makeContext({ 'src/a.txt': Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') });
    await runTool(readTool, { file_path: 'src/a.txt' }, ctx);
    const text = render(
      await finished(editTool, { file_path: '/workspace/src/a.txt', old_string: 'line 20', new_string: 'twenty' }, ctx),
    );
    expect(text).toContain('src/a.txt');
    expect(text).toContain('@@ -17,7 +17,7 @@');
    expect(text).toMatch(/20 -line 20 20 \+twenty/);
  });

  it('Edit stored without details still shows the requested change (loaded lazily) and its state', async () => {
    const ctx = makeContext({ 'a.txt': 'teh\n' });
    await runTool(readTool, { file_path: 'a.txt' }, ctx);
    const view = await finished(editTool, { file_path: 'a.txt', old_string: 'teh', new_string: 'the' }, ctx, {
      stored: true,
    });
    expect(view.details).toBeUndefined();
    const text = render(view);
    expect(text).toContain('a.txt');
    expect(text).toContain('done');
    expect(text).not.toContain('@@');
  });

  it('Bash shows stdout and stderr apart, the directory, and how it ended', async () => {
    const ctx = makeContext({ 'src/x': '' });
    await runTool(bashTool, { command: 'cd src' }, ctx);
    const text = render(await finished(bashTool, { command: 'echo fine; echo bad >&2; exit 4' }, ctx));
    expect(text).toContain('src $ echo fine; echo bad >&2; exit 4');
    expect(text).toMatch(/Output \(1 line\) fine/);
    expect(text).toMatch(/Errors \(1 line\) bad/);
    expect(text).toContain('Exit code 4');
    expect(text).not.toContain('[stderr]');
  });

  it('Grep lists the files found with the page the model saw; Read names the lines read', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`f${i}.txt`] = 'needle\n';
    const ctx = makeContext(files);
    const grep = render(await finished(grepTool, { pattern: 'needle', head_limit: 5 }, ctx));
    expect(grep).toContain('Found 12 files, showing 5');
    expect(grep.match(/f\d+\.txt/g)).toHaveLength(5);
    const read = render(
      await finished(readTool, { file_path: 'f1.txt', limit: 1 }, makeContext({ 'f1.txt': 'a\nb\n' })),
    );
    expect(read).toContain('lines 1–1 of 2');
  });

  it('a result whose details are malformed renders from its text, by the tool name', () => {
    const view = viewOf([
      { type: 'tool-call', turnId: 't', callId: 'c', name: 'Grep', input: { pattern: 'x' }, summary: 'Grep' },
      {
        type: 'tool-result',
        turnId: 't',
        callId: 'c',
        name: 'Grep',
        isError: false,
        content: 'Found 1 file\na.txt',
        details: { kind: 'grep', files: '<img src=x onerror=alert(1)>' } as never,
      },
    ]);
    expect(checkedDetails(view)).toBeUndefined();
    const text = render(view);
    expect(text).toContain('Results');
    expect(text).toContain('a.txt');
  });

  it('a tool without a card and without known details gets the generic card', () => {
    const view = viewOf([
      { type: 'tool-call', turnId: 't', callId: 'c', name: 'mcp__x__y', input: { q: 1 }, summary: 'mcp' },
      {
        type: 'tool-result',
        turnId: 't',
        callId: 'c',
        name: 'mcp__x__y',
        isError: false,
        content: 'ok',
        details: { kind: 'weather', sunny: true } as never,
      },
    ]);
    expect(render(view)).toMatch(/Input .*"q": 1.*Result .*ok/);
  });

  it('an MCP result shows its text, a raster image with a name, resource links, and never an SVG', () => {
    const png = 'iVBORw0KGgo=';
    const view = viewOf([
      { type: 'tool-call', turnId: 't', callId: 'c', name: 'mcp__everything__demo', input: {}, summary: 'demo' },
      {
        type: 'tool-result',
        turnId: 't',
        callId: 'c',
        name: 'mcp__everything__demo',
        isError: false,
        content: 'Echo: hi',
        details: {
          kind: 'mcp-tool',
          server: 'everything',
          tool: 'demo',
          isError: false,
          blocks: [
            { type: 'text', text: '<b>Echo: hi</b>' },
            { type: 'image', mimeType: 'image/png', data: png },
            { type: 'image', mimeType: 'image/svg+xml', data: 'PHN2Zz4=' },
            { type: 'resource-link', uri: 'demo://r/1', name: 'Resource 1' },
          ],
        },
      },
    ]);
    const card = createElement(cardFor(view), { call: view });
    const html = renderToStaticMarkup(createElement(AppContext.Provider, { value: app }, card));
    expect(html).toContain('&lt;b&gt;Echo: hi&lt;/b&gt;');
    expect(html).toContain(`alt="Image from the everything server (image/png)" src="data:image/png;base64,${png}"`);
    expect(html).not.toContain('data:image/svg');
    expect(render(view)).toMatch(
      /everything · demo .*An image of type image\/svg\+xml \(not shown\).*Resource 1 demo:\/\/r\/1/,
    );
  });

  it('MCP details that do not hold up (a block of unknown type) fall back to the generic card', () => {
    const view = viewOf([
      { type: 'tool-call', turnId: 't', callId: 'c', name: 'mcp__x__y', input: { q: 1 }, summary: 'mcp' },
      {
        type: 'tool-result',
        turnId: 't',
        callId: 'c',
        name: 'mcp__x__y',
        isError: false,
        content: 'ok',
        details: { kind: 'mcp-tool', server: 'x', tool: 'y', isError: false, blocks: [{ type: 'script' }] } as never,
      },
    ]);
    expect(checkedDetails(view)).toBeUndefined();
    expect(render(view)).toMatch(/Input .*"q": 1.*Result .*ok/);
  });

  it('a Write whose stored details are malformed shows its path and text, never the bad numbers', () => {
    const view = viewOf([
      {
        type: 'tool-call',
        turnId: 't',
        callId: 'c',
        name: 'Write',
        input: { file_path: 'a.txt', content: 'x' },
        summary: 'a.txt',
      },
      {
        type: 'tool-result',
        turnId: 't',
        callId: 'c',
        name: 'Write',
        isError: false,
        content: 'Wrote a.txt',
        details: { kind: 'write', path: 'a.txt', created: true, bytes: 'many', lines: 1 } as never,
      },
    ]);
    expect(checkedDetails(view)).toBeUndefined();
    const text = render(view);
    expect(text).toContain('a.txt');
    expect(text).not.toContain('many');
  });
});
