import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { startStaticServer, type StaticServer } from '../test/fixtures/static-server';
import { configureProvider, expect, sendMessage, setModeBypass, test, TEST_KEY } from './fixtures';

// The build served as a static host serves it, with dist/_headers (its Content-Security-Policy
// filled in by the build), by the dev-only static server: the app on E2E_PORT + 2 and its preview
// origin on + 3. A scripted task runs every part that a policy could break (the inline boot
// script and stylesheet, the composer, the shell, Grep's worker, the editor and its workers, the
// terminal, the served preview) and no violation may be reported, in any frame.

const PORT = Number(process.env.E2E_PORT ?? 4391) + 2;
const DIST = resolve(process.env.E2E_OUT_DIR ?? 'dist');
let server: StaticServer;

test.beforeAll(async () => {
  server = await startStaticServer({ dir: DIST, port: PORT });
});
test.afterAll(async () => {
  await server?.close();
});

/** Every CSP violation any frame of the page reports, as text. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeBinding('tidepoolCspViolation', (_source, text: string) => void seen.push(text));
  await page.addInitScript(() => {
    addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { tidepoolCspViolation?: (text: string) => void }).tidepoolCspViolation;
      report?.(
        `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} in ${location.href} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

const workspace = (page: Page) => page.getByRole('region', { name: 'Workspace' });

const site = {
  html: '<!doctype html><html><head><title>Site</title><link rel="stylesheet" href="style.css"></head><body><h1>Hello under CSP</h1><p id="out">waiting</p><script type="module" src="app.js"></script></body></html>',
  css: 'h1 { color: rgb(20, 90, 160); }\n',
  js: "document.getElementById('out').textContent = 'module ran';\n",
};

test('served with its Content-Security-Policy, the app boots, the composer sends, a scripted task runs (shell, Grep’s worker, editor, terminal, node and python3, preview) and nothing is blocked', async ({
  page,
  mock,
}) => {
  test.setTimeout(300_000);
  const violations = await watchViolations(page);
  mock.setScript([
    { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'index.html', content: site.html } }] },
    { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'style.css', content: site.css } }] },
    { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'app.js', content: site.js } }] },
    {
      kind: 'reply',
      toolCalls: [{ name: 'Write', input: { file_path: 'long.txt', content: `${'a'.repeat(64)}b\n` } }],
    },
    { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'ls && wc -l index.html' } }] },
    { kind: 'reply', toolCalls: [{ name: 'Grep', input: { pattern: '(a+)+$', output_mode: 'content' } }] },
    { kind: 'reply', toolCalls: [{ name: 'Grep', input: { pattern: 'Hello \\w+ CSP', output_mode: 'content' } }] },
    { kind: 'reply', text: 'Everything ran under the policy.' },
  ]);

  const response = await page.goto(server.url);
  const policy = response?.headers()['content-security-policy'] ?? '';
  for (const directive of ["object-src 'none'", "base-uri 'none'", 'frame-ancestors ', "script-src 'self'"])
    expect(policy).toContain(directive);
  expect(policy).not.toContain('{{');
  const scripts = /script-src ([^;]*)/.exec(policy)?.[1] ?? '';
  expect(scripts).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);

  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mock.url,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });
  await setModeBypass(page);
  await sendMessage(page, 'build a small site and check it');
  await expect(page.getByText('Everything ran under the policy.')).toBeVisible({ timeout: 45_000 });

  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log.getByRole('article', { name: /^Bash/ })).toContainText('long.txt');
  // The catastrophic pattern was stopped in its worker, with a clear error, while the page stayed usable.
  const greps = log.getByRole('article', { name: /^Grep/ });
  await expect(greps.first()).toContainText('Grep stopped after 5 s');
  await expect(greps.nth(1)).toContainText('Hello under CSP');

  // The editor (Monaco and its workers) and the terminal (xterm, the shell).
  await workspace(page)
    .getByRole('tree', { name: 'Workspace files' })
    .getByRole('treeitem', { name: 'app.js' })
    .click();
  // Monaco is the biggest chunk there is: give it room on a loaded machine.
  await expect(workspace(page).getByRole('textbox', { name: /^Editor for app.js/ })).toBeAttached({ timeout: 40_000 });
  await expect(workspace(page).getByText("'module ran'")).toBeVisible();
  await workspace(page).getByRole('tab', { name: 'Terminal' }).click();
  const term = workspace(page).getByRole('application', { name: 'Terminal 1' });
  await expect(term).toContainText('Tidepool shell');
  await term.click();
  await page.keyboard.type('echo typed-under-csp');
  await page.keyboard.press('Enter');
  await expect(term).toContainText('typed-under-csp');
  // node and python3 run in their own sandbox document, whose policy allows what programs need.
  await page.keyboard.type(`node -e 'console.log("node-" + 6 * 7)'`);
  await page.keyboard.press('Enter');
  await expect(term).toContainText('node-42', { timeout: 60_000 });
  await page.keyboard.type(`python3 -c 'print("py-" + str(6 * 7))'`);
  await page.keyboard.press('Enter');
  await expect(term).toContainText('py-42', { timeout: 90_000 });

  // The served preview, from the preview origin the policy frames.
  await workspace(page).getByRole('tab', { name: 'Preview' }).click();
  const frame = workspace(page).getByTitle('Preview of index.html').contentFrame();
  await expect(frame.getByRole('heading', { name: 'Hello under CSP' })).toHaveCSS('color', 'rgb(20, 90, 160)', {
    timeout: 25_000,
  });
  await expect(frame.getByText('module ran')).toBeVisible();
  await expect(workspace(page).getByText(/Inline preview/)).toBeHidden();

  expect(violations).toEqual([]);
});

test('under the policy, the inline preview (no preview origin) still shows the page and says why its scripts do not run', async ({
  page,
  mock,
}) => {
  test.setTimeout(150_000); // a turn, then the relay's 12 s start timeout, on a loaded machine
  mock.setScript([
    { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'index.html', content: site.html } }] },
    { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'app.js', content: site.js } }] },
    { kind: 'reply', text: 'Written.' },
  ]);
  await page.route('**/preview-host.html*', (route) => route.abort());
  await page.goto(server.url);
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mock.url,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });
  await setModeBypass(page);
  await sendMessage(page, 'make a page');
  await expect(page.getByText('Written.')).toBeVisible({ timeout: 20_000 });
  await workspace(page).getByRole('tab', { name: 'Preview' }).click();
  await expect(workspace(page).getByRole('note')).toContainText('Inline preview', { timeout: 40_000 });
  const frame = workspace(page).getByTitle('Preview of index.html').contentFrame();
  await expect(frame.getByRole('heading', { name: 'Hello under CSP' })).toBeVisible();
  // The error hook runs (the policy allows it by hash) and explains the blocked module script.
  await expect(workspace(page).getByRole('list', { name: 'Preview console errors' })).toContainText(
    'Blocked by Tidepool’s Content-Security-Policy (script-src-elem)',
  );
});
