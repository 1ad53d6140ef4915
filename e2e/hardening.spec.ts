import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { configureProvider, expect, sendMessage, setModeBypass, test, TEST_KEY } from './fixtures';

// The smaller holes from the permission-gate audit, each tried as an attacker would in the real
// browser: git tokens outliving "Forget stored keys", an untrusted page opened as an app-origin
// blob:, another site driving the preview relay, a provider redirecting the key elsewhere.

const workspace = (page: Page) => page.getByRole('region', { name: 'Workspace' });

async function setUp(page: Page, mockUrl: string): Promise<void> {
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mockUrl,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });
}

test('Forget stored keys forgets git tokens too, on this page and after a reload', async ({ page, mock }) => {
  test.setTimeout(120_000); // two page loads on a loaded machine
  await setUp(page, mock.url);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel('Token host').fill('github.com');
  await dialog.getByLabel('Git token', { exact: true }).fill('ghp_forgetMe0123456789');
  await dialog.getByRole('button', { name: 'Save token' }).click();
  await dialog.getByLabel('Token host').fill('http://localhost:3000');
  await dialog.getByLabel('Git token', { exact: true }).fill('tok_local');
  await dialog.getByRole('button', { name: 'Save token' }).click();
  const tokens = dialog.getByRole('list', { name: 'Saved git tokens' });
  await expect(tokens).toContainText('github.com');
  await expect(tokens).toContainText('http://localhost:3000');

  await dialog.getByRole('button', { name: 'Forget stored keys' }).click();
  await expect(tokens).toBeHidden();
  await expect(dialog.getByLabel('API key')).toHaveValue('');

  await page.reload();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Settings' }).getByLabel('Token host')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Saved git tokens' })).toBeHidden();
});

test('the inline preview opens in a new tab without an app-origin blob: URL, still sandboxed', async ({
  page,
  mock,
}) => {
  test.setTimeout(150_000); // a turn, then the relay's 12 s start timeout, on a loaded machine
  mock.setScript([
    {
      kind: 'reply',
      toolCalls: [
        {
          name: 'Write',
          input: {
            file_path: 'index.html',
            content:
              '<!doctype html><html><head><title>x</title></head><body><h1>Hello tab</h1><p id="o"></p><script>document.getElementById("o").textContent = "origin " + origin;</script></body></html>',
          },
        },
      ],
    },
    { kind: 'reply', text: 'Written.' },
  ]);
  // No preview origin: the inline preview.
  await page.route('**/preview-host.html*', (route) => route.abort());
  await setUp(page, mock.url);
  await setModeBypass(page);
  await sendMessage(page, 'make a page');
  await expect(page.getByText('Written.')).toBeVisible();
  await workspace(page).getByRole('tab', { name: 'Preview' }).click();
  // The relay never answers: after its start timeout (12 s) the preview goes inline.
  await expect(workspace(page).getByRole('note')).toContainText('Inline preview', { timeout: 40_000 });
  await expect(
    workspace(page).getByTitle('Preview of index.html').contentFrame().getByText('origin null'),
  ).toBeVisible();

  const popup = page.waitForEvent('popup');
  await workspace(page).getByRole('button', { name: 'Open in new tab' }).click();
  const tab = await popup;
  expect(tab.url()).toBe('about:blank');
  const frame = tab.getByTitle('Preview of index.html').contentFrame();
  await expect(frame.getByRole('heading', { name: 'Hello tab' })).toBeVisible();
  // The page runs with an opaque origin, as in the Preview tab: no app storage, no app document.
  await expect(frame.getByText('origin null')).toBeVisible();
  expect(await tab.evaluate(() => window.opener)).toBeNull();
});

test('the preview relay answers no page but the app it was built for', async ({ page, baseURL }) => {
  const app = new URL(baseURL!);
  const relay = `${app.protocol}//${app.hostname}:${Number(app.port) + 1}/preview-host.html`;
  // Another site on loopback frames the relay, claiming to be the app, and listens.
  const site: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'cross-origin-embedder-policy': 'require-corp' });
    res.end(
      `<!doctype html><title>elsewhere</title><script>window.got=[];addEventListener('message',function(e){window.got.push(e.data)});</script>` +
        `<iframe title="relay" src="${relay}?id=stolen&app=${encodeURIComponent('http://127.0.0.1')}"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  try {
    await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
    const frame = page.getByTitle('relay').contentFrame();
    await expect(frame.locator('body')).toHaveText(`This preview relay answers only ${app.origin}.`);
    expect(await page.evaluate(() => (window as unknown as { got: unknown[] }).got)).toEqual([]);
    const registered = await page
      .frame({ url: /preview-host\.html/ })!
      .evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
    expect(registered).toBe(0);
  } finally {
    await new Promise<void>((resolve) => site.close(() => resolve()));
  }
});

test('a provider redirect to another origin is refused in the browser: the key stays, the error says why', async ({
  page,
  mock,
  requests,
}) => {
  const elsewhere = 'http://127.0.0.1:9/v1/messages';
  mock.setScript([{ kind: 'http-error', status: 307, headers: { location: elsewhere } }]);
  await setUp(page, mock.url);
  await sendMessage(page, 'hello');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('answered with a redirect; Tidepool does not follow it with your key');
  await expect(alert).toContainText('set the base URL in Settings to its new address');
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeEditable();
  expect(requests.map((r) => r.url())).not.toContain(elsewhere);
  expect(mock.requests.filter((r) => r.path === '/v1/messages')).toHaveLength(1);
});
