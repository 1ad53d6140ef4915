import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FrameLocator } from '@playwright/test';
import { expect, expectKeyOnlySentTo, test, TEST_KEY, type ScriptStep } from './fixtures';

// The embed API end to end: the demo host page (examples/embed/) on a second loopback origin loads
// /embed.js from Tidepool's origin, embeds it with three files and drives it; a page on an origin
// that is not allowed gets the frame's refusal note and nothing else.

// A name for a second, non-allowed host that still reaches the loopback servers. Chromium blocks a
// page on a public address from loading loopback resources, so the name is mapped to loopback.
test.use({
  launchOptions: {
    ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP evil.test 127.0.0.1',
    ],
  },
});

const hostPage = new URL('../examples/embed/index.html', import.meta.url);

/** Serves the demo host page on its own loopback origin (a port of its own). */
async function startHost(): Promise<{ origin: string; close: () => Promise<void> }> {
  const html = await readFile(hostPage, 'utf8');
  const server: Server = createServer((req, res) => {
    if (req.url?.split('?')[0] !== '/') return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** The visitor sets their own model up inside the frame, as they would on Tidepool itself. */
async function configureInFrame(frame: FrameLocator, baseUrl: string): Promise<void> {
  await frame.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = frame.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel('Provider').selectOption({ label: 'Anthropic' });
  await dialog.getByLabel('Base URL').fill(baseUrl);
  await dialog.getByLabel('API key').fill(TEST_KEY);
  await dialog.getByLabel('Model', { exact: true }).fill('claude-sonnet-4-5');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
}

const task: ScriptStep[] = [
  {
    kind: 'reply',
    text: 'Reading the greeting first.',
    toolCalls: [{ name: 'Read', input: { file_path: 'src/greet.js' } }],
  },
  {
    kind: 'reply',
    toolCalls: [
      { name: 'Edit', input: { file_path: 'src/greet.js', old_string: "'Hello, '", new_string: "'Hi there, '" } },
    ],
  },
  { kind: 'reply', text: 'The greeting now says Hi there.' },
];

test('a host page on another origin embeds Tidepool with files, runs a task and reads the edited file back', async ({
  page,
  mock,
  baseURL,
  requests,
}) => {
  // Two turns and a permission dialog in one page: more than the default minute on a loaded machine.
  test.setTimeout(120_000);
  const host = await startHost();
  try {
    mock.setScript(task);
    await page.goto(`${host.origin}/?theme=dark&tidepool=${encodeURIComponent(baseURL!)}`);
    // Connected once the files are in and the host's tool is offered (the MCP client loads for it).
    await expect(page.getByRole('status')).toHaveText('Connected to Tidepool.', { timeout: 30_000 });

    // The host's theme: the frame is dark whatever the system prefers (Chromium's default is light).
    const frame = page.frameLocator('iframe[title="Tidepool"]');
    await expect(frame.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(frame.locator('body')).toHaveCSS('background-color', 'rgb(11, 15, 20)');

    // The compact layout: the chat and the files pane, the host's three files in it, no session list.
    const tree = frame.getByRole('tree', { name: 'Workspace files' });
    await expect(tree.getByRole('treeitem', { name: 'README.md' })).toBeVisible();
    await tree.getByRole('treeitem', { name: 'src' }).click();
    for (const name of ['greet.js', 'greet.test.js']) await expect(tree.getByRole('treeitem', { name })).toBeVisible();
    // The host's openFile: greet.js is open in the editor.
    await expect(frame.getByText('src/greet.js', { exact: true })).toBeVisible();
    await expect(frame.getByRole('link', { name: 'Open in Tidepool' })).toBeVisible();
    await expect(frame.getByRole('button', { name: 'Sessions' })).toHaveCount(0);
    await expect(frame.getByRole('button', { name: /Permission mode/ })).toHaveClass(/mode-acceptEdits/);

    await configureInFrame(frame, mock.url);
    await page.getByRole('button', { name: 'Send to Tidepool' }).click();
    await expect(page.getByRole('status')).toHaveText('Done.', { timeout: 30_000 });

    // The agent's events reached the host, in order.
    const events = page.getByRole('list', { name: 'Agent events' }).getByRole('listitem');
    await expect(events).toHaveText([
      'turn started: Make the greeting friendlier.',
      'text: Reading the greeting first.',
      'tool call: Read',
      'tool result: Read',
      'tool call: Edit',
      'tool result: Edit',
      'text: The greeting now says Hi there.',
      'turn ended: done',
      'files changed: src/greet.js',
    ]);
    // The frame shows the same turn.
    await expect(frame.getByText('The greeting now says Hi there.')).toBeVisible();

    await page.getByRole('button', { name: 'Get files' }).click();
    // getFiles() answers asynchronously: read the text once it is there, not at the click.
    await expect(page.getByLabel('Files from Tidepool')).not.toBeEmpty();
    const files = JSON.parse((await page.getByLabel('Files from Tidepool').textContent()) ?? '{}');
    expect(files).toEqual({
      'README.md': '# Greeting service\n\nSays hello.\n',
      'src/greet.js': "export function greet(name) {\n  return 'Hi there, ' + name;\n}\n",
      'src/greet.test.js': "import { greet } from './greet.js';\nconsole.log(greet('test'));\n",
    });

    // The host page's tool: the model calls it, the visitor is asked inside the frame, the page runs it.
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'mcp__host__show_note', input: { text: 'Try greet("Ada").' } }] },
      { kind: 'reply', text: 'The note is up.' },
    ]);
    await page.getByLabel('Prompt').fill('Tell the reader what to try.');
    await page.getByRole('button', { name: 'Send to Tidepool' }).click();
    const ask = frame.getByRole('dialog', { name: /Allow/ });
    await expect(ask).toContainText('mcp__host__show_note');
    await expect(page.getByLabel('Note from the agent')).toBeEmpty();
    await ask.getByRole('button', { name: 'Allow', exact: true }).click();
    await expect(page.getByRole('status')).toHaveText('Done.', { timeout: 30_000 });
    await expect(page.getByLabel('Note from the agent')).toHaveText('Try greet("Ada").');
    const card = frame
      .getByRole('log', { name: 'Conversation' })
      .getByRole('article', { name: /^mcp__host__show_note/ });
    await expect(card).toContainText('The reader sees: Try greet("Ada").');
    expect(await expectKeyOnlySentTo(requests, TEST_KEY, new URL(mock.url).origin)).toBeGreaterThan(0);
  } finally {
    await host.close();
  }
});

test('a page on an origin that is not allowed gets the refusal note and nothing else', async ({ page, baseURL }) => {
  // evil.test resolves to loopback (see the launch options above) but is not a loopback name: an
  // origin the build did not allow. The fixture's offline rule refuses non-loopback hosts; this one is let through.
  const host = await startHost();
  try {
    await page.route(/^http:\/\/evil\.test:\d+\//, (route) => route.continue());
    const evil = host.origin.replace('127.0.0.1', 'evil.test');
    await page.goto(`${evil}/?tidepool=${encodeURIComponent(baseURL!)}`);
    const frame = page.frameLocator('iframe[title="Tidepool"]');
    const note = frame.getByRole('alert', { name: 'Embedding refused' });
    await expect(note).toBeVisible();
    await expect(note).toContainText('http://evil.test');
    // No app in the frame: no message box, no files; and the host never connected.
    await expect(frame.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
    await expect(frame.getByRole('tree')).toHaveCount(0);
    await expect(page.getByRole('status')).toHaveText('Connecting to Tidepool…');
  } finally {
    await host.close();
  }
});
