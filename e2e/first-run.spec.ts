import { expect, sendMessage, test } from './fixtures';

test('first run explains Tidepool, and sending without a model opens Settings with what to do', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Tidepool' })).toBeVisible();
  await expect(page.getByText('runs entirely in this page')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add an API key' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Use a local model' })).toBeVisible();

  await sendMessage(page, 'hello?');
  await expect(page.getByText('No model is set up yet.')).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
});

test('the local-model button opens Settings on Ollama with its CORS note', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Use a local model' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog.getByLabel('Provider')).toHaveValue('ollama');
  await expect(dialog.getByLabel('Base URL')).toHaveValue('http://localhost:11434/v1');
  await expect(dialog).toContainText('OLLAMA_ORIGINS');
});

test('the lite workspace is live at once, the WebContainer fallback is shown within its bound, and the terminal works without a key', async ({
  page,
}) => {
  const start = Date.now();
  await page.goto('/');
  const backend = page.getByRole('status', { name: /^Workspace:/ });
  await expect(backend).toHaveAccessibleName(/Workspace: Lite/);
  // Its host is unreachable here (offline), so boot never settles: the bound is 10 s from boot,
  // and the notice must follow it (the margin covers page load on a loaded 2-core machine).
  await expect(backend).toHaveAccessibleName(/did not start within 10 s/, { timeout: 20_000 });
  expect(Date.now() - start).toBeLessThan(20_000);

  await page.getByRole('tab', { name: 'Terminal' }).click();
  const terminal = page.getByRole('application', { name: 'Terminal' });
  await expect(terminal).toContainText('Tidepool shell');
  await terminal.click();
  await page.keyboard.type('mkdir src && echo "made in the terminal" > src/hello.txt && cat src/hello.txt');
  await page.keyboard.press('Enter');
  await expect(terminal).toContainText('made in the terminal', { timeout: 15_000 });
  await page.getByRole('tab', { name: 'Files' }).click();
  await page.getByRole('treeitem', { name: 'src' }).getByRole('button').first().click();
  await expect(page.getByRole('treeitem', { name: 'hello.txt' })).toBeVisible();
});
