import { configureProvider, expect, sendMessage, test, TEST_KEY } from './fixtures';

test('a rejected key shows what happened and what to do next, and the chat stays usable', async ({ page, mock }) => {
  mock.setScript([{ kind: 'http-error', status: 401 }]);
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mock.url,
    apiKey: 'sk-wrong',
    model: 'claude-sonnet-4-5',
  });
  await sendMessage(page, 'hello');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Check the API key for');
  await expect(alert).toContainText('Settings');
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeEditable();
  await expect(page.getByRole('button', { name: 'Stop' })).toBeHidden();
});

test('a 500 is retried with a visible notice, then the answer arrives', async ({ page, mock }) => {
  mock.setScript([
    { kind: 'http-error', status: 500 },
    { kind: 'reply', text: 'Recovered and answering.' },
  ]);
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Custom (OpenAI-compatible)',
    baseUrl: `${mock.url}/v1`,
    apiKey: TEST_KEY,
    model: 'gpt-4.1',
  });
  await sendMessage(page, 'hello');
  await expect(page.getByText('Recovered and answering.')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('status').filter({ hasText: /Retried once, then it worked/ })).toBeVisible();
  expect(mock.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(2);
});
