import { configureProvider, expect, sendMessage, test, TEST_KEY } from './fixtures';

test('Stop mid-stream keeps what arrived and leaves a chat that answers the next message', async ({ page, mock }) => {
  mock.setScript([
    {
      kind: 'reply',
      text: 'Streaming a long answer that will be interrupted part way through. '.repeat(8),
      chunkDelayMs: 40,
      textChunkSize: 6,
      holdOpen: true,
    },
    { kind: 'reply', text: 'Second answer after the stop.' },
  ]);
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mock.url,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });
  await sendMessage(page, 'write a lot');
  await expect(page.getByText('Streaming a long answer')).toBeVisible();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByText('Stopped. You can send another message.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Stop' })).toBeHidden();

  await sendMessage(page, 'and now?');
  await expect(page.getByText('Second answer after the stop.')).toBeVisible();
  await expect(page.getByText('Streaming a long answer')).toBeVisible();
});

test('Esc interrupts the agent too', async ({ page, mock }) => {
  mock.setScript([
    {
      kind: 'reply',
      text: 'Esc will stop this stream. '.repeat(10),
      chunkDelayMs: 40,
      textChunkSize: 5,
      holdOpen: true,
    },
  ]);
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mock.url,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });
  await sendMessage(page, 'go');
  await expect(page.getByText('Esc will stop')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByText('Stopped. You can send another message.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();
});
