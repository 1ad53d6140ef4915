import { configureProvider, expect, expectKeyOnlySentTo, sendMessage, test, TEST_KEY } from './fixtures';

test('a saved key stays bound to its origin: change the base URL and the key must be entered again', async ({
  page,
  mock,
  requests,
}) => {
  mock.setScript([
    { kind: 'reply', text: 'first host answers' },
    { kind: 'reply', text: 'second host answers' },
  ]);
  await page.goto('/');
  const port = new URL(mock.url).port;
  await configureProvider(page, {
    provider: 'Custom (OpenAI-compatible)',
    baseUrl: `http://127.0.0.1:${port}/v1`,
    apiKey: TEST_KEY,
    model: 'gpt-4.1',
  });
  await sendMessage(page, 'one');
  await expect(page.getByText('first host answers')).toBeVisible();

  // Reopen: the key is there for the same origin…
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog.getByLabel('API key')).toHaveValue(TEST_KEY);
  // …and gone as soon as the base URL points elsewhere (same server, another origin).
  await dialog.getByLabel('Base URL').fill(`http://localhost:${port}/v1`);
  await expect(dialog.getByLabel('API key')).toHaveValue('');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  await sendMessage(page, 'two');
  await expect(page.getByText('second host answers')).toBeVisible();

  const chat = mock.requests.filter((r) => r.path === '/v1/chat/completions');
  expect(chat).toHaveLength(2);
  expect(JSON.stringify(chat[1].headers)).not.toContain(TEST_KEY);
  await expectKeyOnlySentTo(requests, TEST_KEY, `http://127.0.0.1:${port}`);
  // Keys never land in the page's URL or storage other than the key store.
  expect(page.url()).not.toContain(TEST_KEY);
});

test('the model list comes from the endpoint’s /models', async ({ page, mock }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel('Provider').selectOption({ label: 'Custom (OpenAI-compatible)' });
  await dialog.getByLabel('Base URL').fill(`${mock.url}/v1`);
  await dialog.getByRole('button', { name: 'Refresh list' }).click();
  await expect(dialog.getByText(/models offered by/)).toBeVisible();
  const options = await dialog
    .locator('datalist option')
    .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
  expect(options).toContain('mock-model');
});

test('slash commands complete in the message box and answer locally', async ({ page, mock }) => {
  await page.goto('/');
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('/st');
  await expect(page.getByRole('option', { name: /\/status/ })).toBeVisible();
  await box.press('Enter');
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log).toContainText('Workspace');
  await expect(log).toContainText('lite');
  await box.fill('/help');
  await box.press('Enter');
  await expect(log).toContainText('/permissions');
  expect(mock.requests).toHaveLength(0);
});

test('Shift+Tab in the message box and the mode control both cycle the permission mode', async ({ page }) => {
  await page.goto('/');
  const mode = page.getByRole('button', { name: /^Permission mode:/ });
  await expect(mode).toHaveAccessibleName('Permission mode: Ask before changes');
  await page.getByRole('textbox', { name: 'Message' }).press('Shift+Tab');
  await expect(mode).toHaveAccessibleName('Permission mode: Accept edits');
  await mode.click();
  await expect(mode).toHaveAccessibleName('Permission mode: Plan only');
});
