import { configureProvider, expect, sendMessage, test, TEST_KEY } from './fixtures';

test('a reload brings back the conversation and the files, and the chat carries on from there', async ({ page, mock }) => {
  mock.setScript([
    { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'plan.md', content: '# Plan\n- keep me\n' } }] },
    { kind: 'reply', text: 'Saved the plan.' },
    { kind: 'reply', text: 'Still here after the reload.' },
  ]);
  await page.goto('/');
  await configureProvider(page, { provider: 'Anthropic', baseUrl: mock.url, apiKey: TEST_KEY, model: 'claude-sonnet-4-5' });
  await sendMessage(page, 'write a plan');
  await page.getByRole('dialog', { name: /Allow/ }).getByRole('button', { name: 'Allow', exact: true }).click();
  await expect(page.getByText('Saved the plan.')).toBeVisible();
  await expect(page.getByRole('treeitem', { name: 'plan.md' })).toBeVisible();

  await page.reload();
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log.getByText('Saved the plan.')).toBeVisible();
  await expect(log.getByRole('article', { name: /^Write/ })).toContainText('done');
  await expect(page.getByRole('treeitem', { name: 'plan.md' })).toBeVisible();

  await sendMessage(page, 'are you still there?');
  await expect(log.getByText('Still here after the reload.')).toBeVisible();
  const last = mock.requests.filter((r) => r.path === '/v1/messages').at(-1)!;
  const sent = JSON.stringify(last.body.messages);
  expect(sent).toContain('write a plan');
  expect(sent).toContain('are you still there?');
});

test('a second tab does not fight the first over the same session: it says so and starts its own', async ({ page, context }) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await page.getByRole('application', { name: 'Terminal' }).click();
  await page.keyboard.type('echo first-tab > mine.txt');
  await page.keyboard.press('Enter');
  await page.getByRole('tab', { name: 'Files' }).click();
  await expect(page.getByRole('treeitem', { name: 'mine.txt' })).toBeVisible();

  const second = await context.newPage();
  await second.goto('/');
  await expect(second.getByText('Your last session is open in another tab, so this tab starts a new one.')).toBeVisible();
  await expect(second.getByRole('textbox', { name: 'Message' })).toBeEditable();
  await second.close();
});
