import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { configureProvider, expect, sendMessage, setModeBypass, test, TEST_KEY } from './fixtures';

// The workbench beside the chat, driven as a person would: the scripted agent changes files,
// the user edits, reviews, reverts, types in the terminal, previews, downloads.

async function setUp(page: Page, mockUrl: string): Promise<void> {
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mockUrl,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });
  await setModeBypass(page);
}

const workspace = (page: Page) => page.getByRole('region', { name: 'Workspace' });

test('the agent’s files appear in the tree and editor, a saved user edit reaches its next Read, and a turn can be reviewed and reverted', async ({
  page,
  mock,
}) => {
  mock.setScript([
    {
      kind: 'reply',
      toolCalls: [{ name: 'Write', input: { file_path: 'app.js', content: 'const a = 1;\nconst b = 2;\n' } }],
    },
    { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'echo "# Notes" > notes.md' } }] },
    { kind: 'reply', text: 'Created both.' },
    // Turn 2: reads what the user saved, then edits and deletes.
    { kind: 'reply', toolCalls: [{ name: 'Read', input: { file_path: 'app.js' } }] },
    {
      kind: 'reply',
      toolCalls: [
        {
          name: 'Edit',
          input: { file_path: 'app.js', old_string: 'const b = 2;', new_string: 'const b = 3;\nconst c = 4;' },
        },
      ],
    },
    { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'rm notes.md' } }] },
    { kind: 'reply', text: 'Edited.' },
  ]);
  await setUp(page, mock.url);
  await sendMessage(page, 'create files');
  // The first Bash loads the shell's chunk: give the first turn room on a loaded machine.
  await expect(page.getByText('Created both.')).toBeVisible({ timeout: 20_000 });
  const tree = workspace(page).getByRole('tree', { name: 'Workspace files' });
  await expect(tree.getByRole('treeitem', { name: 'app.js' })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: 'notes.md' })).toBeVisible();
  // Both count as changed in the chat's per-turn list, the shell's file too.
  const changes = page
    .getByRole('log', { name: 'Conversation' })
    .getByRole('group', { name: 'Files changed in this turn' });
  await expect(changes.first()).toContainText('app.js');
  await expect(changes.first()).toContainText('notes.md');

  // Open it, type, save with Ctrl+S.
  await tree.getByRole('treeitem', { name: 'app.js' }).click();
  const editor = workspace(page).getByRole('textbox', { name: /^Editor for app.js/ });
  await expect(workspace(page).getByRole('tab', { name: 'app.js' })).toBeVisible();
  await editor.focus();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('// user was here');
  await expect(workspace(page).getByText('Unsaved (Ctrl+S saves)')).toBeVisible();
  await page.keyboard.press('ControlOrMeta+s');
  await expect(workspace(page).getByText('Saved', { exact: true })).toBeVisible();

  await sendMessage(page, 'now change it');
  // Four model steps and a Bash: as much room as the first turn (it timed out once under a load of 8).
  await expect(page.getByText('Edited.')).toBeVisible({ timeout: 20_000 });
  // The Read result sent back to the model holds the user's saved line.
  const readResult = mock.requests.filter((r) => r.path === '/v1/messages')[4];
  expect(JSON.stringify(readResult.body.messages.at(-1))).toContain('// user was here');
  // The open tab followed the agent's Edit (no unsaved edits, so no warning).
  await expect(workspace(page).getByText('Saved', { exact: true })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: 'notes.md' })).toBeHidden();

  // Review turn 2: the hunk of the Edit, the deletion by the shell; then revert the turn.
  await changes.nth(1).getByRole('button', { name: 'Review changes' }).click();
  await expect(workspace(page).getByRole('tab', { name: 'Review', selected: true })).toBeVisible();
  const files = workspace(page).getByRole('list', { name: 'Changed files' });
  await expect(files).toContainText('app.js');
  await expect(files).toContainText('notes.md');
  const diff = workspace(page).getByRole('region', { name: 'Diff of app.js' });
  await expect(diff.getByRole('list', { name: 'Hunks' })).toContainText('@@ -1,3 +1,4 @@');
  await expect(diff.getByRole('list', { name: 'Hunks' })).toContainText('+2 −1');
  await expect(workspace(page).getByRole('tabpanel', { name: 'Review' })).toContainText(/const.c.=.4/);
  await workspace(page).getByRole('button', { name: 'Revert this turn' }).click();
  await expect(files).toContainText('(reverted)');
  await workspace(page).getByRole('tab', { name: 'Files' }).click();
  await expect(tree.getByRole('treeitem', { name: 'notes.md' })).toBeVisible();
  // The open editor shows the reverted file: the user's line back, the agent's gone.
  await workspace(page).getByRole('tab', { name: 'app.js' }).click();
  await expect(workspace(page).getByRole('tabpanel', { name: 'Files' })).toContainText(/user.was.here/);
  await expect(workspace(page).getByRole('tabpanel', { name: 'Files' })).not.toContainText(/const.c.=.4/);
});

test('download as zip yields the workspace files', async ({ page, mock }) => {
  mock.setScript([
    {
      kind: 'reply',
      toolCalls: [{ name: 'Write', input: { file_path: 'src/main.ts', content: 'export const x = 1;\n' } }],
    },
    { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'README.md', content: '# Zip me\n' } }] },
    { kind: 'reply', text: 'Done.' },
  ]);
  await setUp(page, mock.url);
  await sendMessage(page, 'make files');
  await expect(page.getByText('Done.')).toBeVisible();
  const download = page.waitForEvent('download');
  await workspace(page).getByRole('button', { name: 'Download as zip' }).click();
  const file = await (await download).path();
  const entries = unzipSync(new Uint8Array(await readFile(file)));
  const dec = new TextDecoder();
  expect(Object.keys(entries).sort()).toEqual(['README.md', 'src/main.ts']);
  expect(dec.decode(entries['src/main.ts'])).toBe('export const x = 1;\n');
  expect(dec.decode(entries['README.md'])).toBe('# Zip me\n');
});

test('a terminal command’s output appears, the file it creates shows in the tree, and the agent’s Bash calls have their own tab', async ({
  page,
  mock,
}) => {
  mock.setScript([
    { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'echo agent-says-hi' } }] },
    { kind: 'reply', text: 'Ran it.' },
  ]);
  await setUp(page, mock.url);
  await workspace(page).getByRole('tab', { name: 'Terminal' }).click();
  const term = workspace(page).getByRole('application', { name: 'Terminal 1' });
  await expect(term).toContainText('Tidepool shell');
  await term.click();
  await page.keyboard.type('mkdir -p out && cd out && echo made-by-terminal > made.txt && cat made.txt && pwd');
  await page.keyboard.press('Enter');
  await expect(term).toContainText(/made-by-terminal/);
  await expect(term).toContainText('/out');
  // A second tab starts at the root: its own directory.
  await workspace(page).getByRole('button', { name: 'New terminal' }).click();
  const term2 = workspace(page).getByRole('application', { name: 'Terminal 2' });
  await expect(term2).toContainText('Tidepool shell');
  await page.keyboard.type('ls out');
  await page.keyboard.press('Enter');
  await expect(term2).toContainText('made.txt');

  await sendMessage(page, 'run something');
  await expect(page.getByText('Ran it.')).toBeVisible();
  await workspace(page).getByRole('tab', { name: 'Agent' }).click();
  const agentLog = workspace(page).getByRole('log', { name: 'Agent shell output' });
  await expect(agentLog).toContainText('$ echo agent-says-hi');
  await expect(agentLog).toContainText('agent-says-hi\n');

  await workspace(page).getByRole('tab', { name: 'Files' }).click();
  await workspace(page).getByRole('treeitem', { name: 'out' }).click();
  await expect(workspace(page).getByRole('treeitem', { name: 'made.txt' })).toBeVisible();
});

test('where the preview origin does not answer, the static preview falls back to the inline document, says why, stays sandboxed and still surfaces errors', async ({
  page,
  mock,
}) => {
  const html =
    '<!doctype html><html><head><link rel="stylesheet" href="style.css"></head><body><h1>Hello inline</h1><p id="iso"></p><script src="app.js"></script></body></html>';
  const js =
    "document.getElementById('iso').textContent = (() => { try { localStorage.getItem('x'); return 'storage open'; } catch { return 'storage blocked'; } })();\nconsole.error('boom inline');\n";
  mock.setScript([
    { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'index.html', content: html } }] },
    {
      kind: 'reply',
      toolCalls: [{ name: 'Write', input: { file_path: 'style.css', content: 'h1 { color: rgb(30, 120, 30); }\n' } }],
    },
    { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'app.js', content: js } }] },
    { kind: 'reply', text: 'The site is ready.' },
  ]);
  // The relay on the preview origin never loads (a deployment without one, a busy port).
  await page.route('**/preview-host.html*', (route) => route.abort());
  await setUp(page, mock.url);
  await sendMessage(page, 'make a site');
  await expect(page.getByText('The site is ready.')).toBeVisible();
  await workspace(page).getByRole('tab', { name: 'Preview' }).click();
  await expect(workspace(page).getByRole('note')).toContainText(
    /Inline preview: the preview (service worker|origin .* did not answer)/,
    { timeout: 25_000 },
  );
  const frame = workspace(page).getByTitle('Preview of index.html').contentFrame();
  const heading = frame.getByRole('heading', { name: 'Hello inline' });
  await expect(heading).toHaveCSS('color', 'rgb(30, 120, 30)');
  await expect(frame.getByText('storage blocked')).toBeVisible();
  await expect(workspace(page).getByRole('list', { name: 'Preview console errors' })).toContainText('boom inline');
});

test('a static site the agent writes is served to an isolated preview (lite): module imports, fetch, CSS and links work, errors are surfaced, edits reload it, and it cannot reach the app’s storage; screenshots of the layouts', async ({
  page,
  mock,
}) => {
  const html =
    '<!doctype html><html><head><title>Site</title><link rel="stylesheet" href="style.css"></head><body><h1>Hello preview</h1><p id="out">waiting</p><p id="iso">checking</p><a href="about.html">About</a><script type="module" src="app.js"></script></body></html>';
  // What only a served site can do: an ES module importing another, fetch() of a data file, a
  // stylesheet @importing another. Then it reports what of the app it can reach, and throws.
  const app = [
    "import { greet } from './lib.js';",
    "const data = await (await fetch('data.json')).json();",
    "document.getElementById('out').textContent = greet(data.name);",
    'const seen = [];',
    "try { seen.push('dbs:[' + (await indexedDB.databases()).map((d) => d.name).join(',') + ']'); } catch (e) { seen.push('dbs:' + e.name); }",
    "seen.push(await new Promise((done) => { const r = indexedDB.open('tidepool-keys'); r.onsuccess = () => done('keys-stores:' + r.result.objectStoreNames.length); r.onerror = () => done('keys:' + r.error.name); }));",
    "try { seen.push('storage:' + localStorage.length); } catch (e) { seen.push('storage:' + e.name); }",
    "try { seen.push('parent:' + parent.document.title); } catch (e) { seen.push('parent:' + e.name); }",
    "try { seen.push('top:' + top.location.href); } catch (e) { seen.push('top:' + e.name); }",
    "seen.push('cookie:[' + document.cookie + ']');",
    "document.getElementById('iso').textContent = seen.join(' ');",
    "throw new Error('boom from the page');",
  ].join('\n');
  const about =
    '<!doctype html><html><head><link rel="stylesheet" href="/style.css"></head><body><h1>About page</h1></body></html>';
  mock.setScript([
    { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'site/index.html', content: html } }] },
    {
      kind: 'reply',
      toolCalls: [
        {
          name: 'Write',
          input: { file_path: 'site/style.css', content: "@import url('theme.css');\n#out { font-weight: 700; }\n" },
        },
      ],
    },
    {
      kind: 'reply',
      toolCalls: [
        { name: 'Write', input: { file_path: 'site/theme.css', content: 'h1 { color: rgb(200, 30, 30); }\n' } },
      ],
    },
    { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'site/app.js', content: app } }] },
    {
      kind: 'reply',
      toolCalls: [
        {
          name: 'Write',
          input: {
            file_path: 'site/lib.js',
            content: 'export const greet = (name) => `Greetings, ${name}, from a module`;\n',
          },
        },
      ],
    },
    {
      kind: 'reply',
      toolCalls: [{ name: 'Write', input: { file_path: 'site/data.json', content: '{ "name": "fetched data" }\n' } }],
    },
    { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'site/about.html', content: about } }] },
    { kind: 'reply', text: 'The site is ready.' },
    {
      kind: 'reply',
      toolCalls: [{ name: 'Write', input: { file_path: 'site/data.json', content: '{ "name": "edited data" }\n' } }],
    },
    { kind: 'reply', text: 'Data changed.' },
  ]);
  await setUp(page, mock.url);
  await sendMessage(page, 'make a site');
  await expect(page.getByText('The site is ready.')).toBeVisible();
  await workspace(page).getByRole('tab', { name: 'Preview' }).click();
  const preview = workspace(page).getByTitle('Preview of site/index.html');
  const frame = preview.contentFrame();
  const heading = frame.getByRole('heading', { name: 'Hello preview' });
  await expect(heading).toBeVisible({ timeout: 20_000 });
  await expect(workspace(page).getByText(/Inline preview/)).toBeHidden();
  await expect(frame.getByText('Greetings, fetched data, from a module')).toBeVisible();
  await expect(heading).toHaveCSS('color', 'rgb(200, 30, 30)');
  await expect(frame.locator('#out')).toHaveCSS('font-weight', '700');
  // Isolated: the app has its databases, the page sees none of them, an empty keys database
  // of its own, and neither the app's document nor its storage.
  const appDatabases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  expect(appDatabases).toEqual(expect.arrayContaining(['tidepool-keys', 'tidepool-settings']));
  // (Its keys database is the empty one its own open() made: a reload lists it.)
  await expect(frame.locator('#iso')).toHaveText(
    /^dbs:\[(tidepool-keys)?\] keys-stores:0 storage:0 parent:SecurityError top:SecurityError cookie:\[\]$/,
  );
  expect(await preview.getAttribute('src')).not.toContain(new URL(page.url()).origin);
  await expect(workspace(page).getByRole('list', { name: 'Preview console errors' })).toContainText(
    'boom from the page',
  );

  // An edit reloads the page by itself.
  await sendMessage(page, 'change the data');
  await expect(page.getByText('Data changed.')).toBeVisible();
  await expect(frame.getByText('Greetings, edited data, from a module')).toBeVisible();

  // A link to another page works, and its absolute /style.css resolves inside the site.
  await frame.getByRole('link', { name: 'About' }).click();
  await expect(frame.getByRole('heading', { name: 'About page' })).toHaveCSS('color', 'rgb(200, 30, 30)');
  await expect(workspace(page).getByText('site/about.html')).toBeVisible();
  await expect(workspace(page).getByRole('list', { name: 'Preview console errors' })).toBeHidden();
  // Open in new tab: the same page, on the preview origin, still without the app's databases.
  const popup = page.waitForEvent('popup');
  await workspace(page).getByRole('link', { name: 'Open in new tab' }).click();
  const tab = await popup;
  await expect(tab.getByRole('heading', { name: 'About page' })).toBeVisible();
  expect(new URL(tab.url()).origin).not.toBe(new URL(page.url()).origin);
  const tabDatabases = await tab.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  expect(tabDatabases).not.toContain('tidepool-settings');
  expect(tabDatabases).not.toContain('tidepool-sessions');
  // The app's tab serves it: still so after the app switches to another view.
  await workspace(page).getByRole('tab', { name: 'Files' }).click();
  await tab.reload();
  await expect(tab.getByRole('heading', { name: 'About page' })).toHaveCSS('color', 'rgb(200, 30, 30)');
  await workspace(page).getByRole('tab', { name: 'Preview' }).click();
  await tab.close();

  const dir = 'e2e/screenshots';
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}/desktop-light-preview.png` });
  await workspace(page).getByRole('tab', { name: 'Files' }).click();
  await workspace(page).getByRole('treeitem', { name: 'site' }).click();
  await workspace(page).getByRole('treeitem', { name: 'index.html' }).click();
  await expect(workspace(page).getByRole('textbox', { name: /^Editor for index.html/ })).toBeAttached();
  await page.screenshot({ path: `${dir}/desktop-light-editor.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${dir}/desktop-dark-editor.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${dir}/mobile-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${dir}/mobile-light.png` });
});
