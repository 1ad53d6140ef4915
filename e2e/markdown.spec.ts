import { configureProvider, expect, sendMessage, test, TEST_KEY } from './fixtures';

test('raw HTML from the model renders as text: <img onerror> and <script> never run', async ({ page, mock }) => {
  const hostile = [
    'Here is **bold**, then hostile HTML:',
    '',
    '<img src=x onerror="window.__pwned = 1">',
    '',
    'inline <script>window.__pwned = 2</script> too, and a [link](javascript:window.__pwned=3).',
    '',
    '```js',
    'const answer = 42;',
    '```',
  ].join('\n');
  mock.setScript([{ kind: 'reply', text: hostile }]);
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mock.url,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });
  await sendMessage(page, 'show me html');

  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log.getByText('<img src=x onerror="window.__pwned = 1">')).toBeVisible();
  await expect(log.getByText('<script>window.__pwned = 2</script>', { exact: false })).toBeVisible();
  await expect(log.getByText('bold', { exact: true })).toBeVisible();
  await expect(log.getByText('const answer = 42;')).toBeVisible();

  const found = await page.evaluate(() => ({
    pwned: (window as { __pwned?: number }).__pwned,
    images: document.querySelectorAll('[role="log"] img').length,
    scripts: document.querySelectorAll('[role="log"] script').length,
    jsLinks: [...document.querySelectorAll('[role="log"] a')].filter((a) =>
      (a.getAttribute('href') ?? '').startsWith('javascript:'),
    ).length,
  }));
  expect(found).toEqual({ pwned: undefined, images: 0, scripts: 0, jsLinks: 0 });
});
