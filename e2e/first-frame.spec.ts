import type { Page } from '@playwright/test';
import { configureProvider, expect, test, TEST_KEY } from './fixtures';

// index.html paints a message box before any script runs. What a person types there, and an
// Enter pressed before the app has loaded, must reach the app: nothing typed is lost.

/** Holds back script files, as a slow connection would. */
async function slowScripts(page: Page, files: RegExp, ms: number): Promise<void> {
  await page.route(files, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue();
  });
}
const APP_CHUNK = /\/assets\/main-[^/]+\.js$/;
const EVERY_SCRIPT_FILE = /\/assets\/[^/]+\.js$/;

const settingsButton = (page: Page) => page.getByRole('button', { name: 'Settings', exact: true });

test('a message typed and sent before the app has loaded is sent once it has, and answered', async ({ page, mock }) => {
  mock.setScript([{ kind: 'reply', text: 'Answered the early message.' }]);
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mock.url,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });

  // Every script file held back, the module entry too: the box takes Enter from the script
  // index.html carries inline, with nothing fetched.
  await slowScripts(page, EVERY_SCRIPT_FILE, 2500);
  await page.reload({ waitUntil: 'commit' });
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.click();
  await page.keyboard.type('hello from the first frame');
  // Still the static first frame: the app (its Settings button) has not loaded.
  await expect(settingsButton(page)).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Sending…' })).toBeVisible();
  await expect(box).toHaveValue('hello from the first frame');
  await expect(settingsButton(page)).toHaveCount(0);

  await expect(page.getByText('Answered the early message.')).toBeVisible({ timeout: 20_000 });
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log).toContainText('hello from the first frame');
  const sent = mock.requests.filter((r) => r.path === '/v1/messages');
  expect(sent).toHaveLength(1);
  expect(JSON.stringify(sent[0].body.messages)).toContain('hello from the first frame');
  await expect(box).toHaveValue('');
});

test('text typed before the app has loaded stays in the box, caret and focus too', async ({ page }) => {
  await slowScripts(page, APP_CHUNK, 2500);
  // Not waiting for `load`: that waits for the (held back) preloaded app chunk too.
  await page.goto('/', { waitUntil: 'domcontentloaded' });
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.click();
  await page.keyboard.type('a draft written early');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(settingsButton(page)).toHaveCount(0);

  await expect(settingsButton(page)).toBeVisible({ timeout: 20_000 });
  await expect(box).toHaveValue('a draft written early');
  await expect(box).toBeFocused();
  // Typing goes on where the caret was, in the app's own composer.
  await page.keyboard.type('!');
  await expect(box).toHaveValue('a draft written ear!ly');
  // And nothing was sent: no model is set up, so sending would have opened Settings.
  await expect(page.getByRole('dialog', { name: 'Settings' })).toHaveCount(0);
});
