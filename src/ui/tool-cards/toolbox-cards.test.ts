import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../agent/events';
import { emptyChat, reduceChat, type ChatItem, type ToolCallView } from '../../app/chat/chat-fold';
import type { App } from '../../app/create-app';
import { readTool } from '../../tools/read';
import { call as runTool, makeContext } from '../../tools/test-context';
import { AppContext } from '../use-store';
import { cardFor } from './index';

// The toolbox's cards render their checked details; what came from the model, the web or the repo
// renders as text, and only raster images become an <img>.

const app = { workspace: { root: '/workspace' } } as unknown as App;

function html(view: ToolCallView): string {
  const card = createElement(cardFor(view), { call: view });
  return renderToStaticMarkup(createElement(AppContext.Provider, { value: app }, card));
}

const text = (markup: string): string =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();

function viewOf(name: string, input: unknown, result: Partial<Extract<AgentEvent, { type: 'tool-result' }>>) {
  const events: AgentEvent[] = [
    { type: 'tool-call', turnId: 't', callId: 'c', name, input, summary: name },
    { type: 'tool-result', turnId: 't', callId: 'c', name, isError: false, content: 'ok', ...result },
  ];
  const state = events.reduce(reduceChat, emptyChat());
  return (state.items.find((i) => i.kind === 'tool') as Extract<ChatItem, { kind: 'tool' }>).call;
}

// A 1×1 PNG.
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

describe('toolbox cards', () => {
  it('Read of a PNG shows the image and its size; an SVG in a stored log never becomes an <img>', async () => {
    const ctx = { ...makeContext({ 'logo.png': PNG }), accepts: { images: true, documents: true } };
    const result = await runTool(readTool, { file_path: 'logo.png' }, ctx);
    const view = viewOf(
      'Read',
      { file_path: 'logo.png' },
      {
        details: structuredClone(result.details),
        media: result.media,
      },
    );
    const markup = html(view);
    expect(markup).toMatch(/<img[^>]+alt="Image read from logo.png"[^>]+src="data:image\/png;base64,iVBOR/);
    expect(text(markup)).toContain('1×1');

    const svg = viewOf(
      'Read',
      { file_path: 'x.png' },
      {
        details: structuredClone(result.details),
        media: [{ type: 'image', mediaType: 'image/svg+xml' as never, data: btoa('<svg onload="alert(1)"/>') }],
      },
    );
    expect(html(svg)).not.toContain('<img');
  });

  it('WebSearch lists hits as text: a hostile title is escaped, a URL is no link', () => {
    const view = viewOf(
      'WebSearch',
      { query: 'vitest' },
      {
        details: {
          kind: 'web-search',
          query: 'vitest',
          hits: [{ title: '<script>alert(1)</script>Vitest', url: 'javascript:alert(1)' }],
          via: 'search.example',
          durationSeconds: 0.4,
        },
      },
    );
    const markup = html(view);
    expect(markup).not.toContain('<script>');
    expect(markup).not.toContain('<a ');
    expect(text(markup)).toContain('<script>alert(1)</script>Vitest');
    expect(text(markup)).toContain('1 result · search.example');
  });

  it('WebFetch says a redirect to another host was not followed', () => {
    const view = viewOf(
      'WebFetch',
      { url: 'https://a.example/', prompt: 'sum up' },
      {
        details: {
          kind: 'web-fetch',
          url: 'https://a.example/',
          redirectedTo: 'https://b.example/',
          status: 302,
          durationMs: 10,
        },
      },
    );
    expect(text(html(view))).toContain('Redirected to another host, not followed: https://b.example/');
  });

  it('AskUserQuestion shows each question with the answer; ExitPlanMode the verdict and mode', () => {
    const ask = viewOf(
      'AskUserQuestion',
      {},
      {
        details: {
          kind: 'ask-user-question',
          questions: [{ question: 'Which DB?', header: 'DB', options: [], multiSelect: false }],
          answers: { 'Which DB?': 'Postgres' },
        },
      },
    );
    expect(text(html(ask))).toMatch(/Which DB\? Postgres/);
    const plan = viewOf(
      'ExitPlanMode',
      {},
      {
        details: { kind: 'exit-plan-mode', plan: '1. Do it', approved: true, mode: 'acceptEdits' },
      },
    );
    expect(text(html(plan))).toContain('Approved · now Accept edits');
  });

  it('background Bash names its task; TaskOutput shows the state and the last lines', () => {
    const started = viewOf(
      'Bash',
      { command: 'npm run dev', run_in_background: true },
      {
        details: { kind: 'bash-background', backgroundTaskId: 'bash_3', command: 'npm run dev' },
      },
    );
    expect(text(html(started))).toContain('Running in the background as bash_3');
    const output = viewOf(
      'TaskOutput',
      { task_id: 'bash_3' },
      {
        details: {
          kind: 'task-output',
          taskId: 'bash_3',
          command: 'npm run dev',
          status: 'failed',
          exitCode: 1,
          tail: 'EADDRINUSE',
        },
      },
    );
    expect(text(html(output))).toMatch(/failed · exit code 1.*EADDRINUSE/);
  });

  it('NotebookEdit shows the cell changed and its source as text', () => {
    const view = viewOf(
      'NotebookEdit',
      {},
      {
        details: {
          kind: 'notebook-edit',
          notebook_path: '/workspace/nb/a.ipynb',
          edit_mode: 'insert',
          cell_id: 'c2',
          cell_type: 'markdown',
          language: 'python',
          new_source: '<b>bold</b>',
        },
      },
    );
    const markup = html(view);
    expect(text(markup)).toContain('nb/a.ipynb · Inserted markdown cell c2');
    expect(markup).not.toContain('<b>bold</b>');
  });
});
