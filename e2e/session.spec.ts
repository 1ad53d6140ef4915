import { configureProvider, expect, sendMessage, test, TEST_KEY } from './fixtures';

test('a reload brings back the conversation and the files, and the chat carries on from there', async ({
  page,
  mock,
}) => {
  mock.setScript([
    { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'plan.md', content: '# Plan\n- keep me\n' } }] },
    { kind: 'reply', text: 'Saved the plan.' },
    { kind: 'reply', text: 'Still here after the reload.' },
  ]);
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mock.url,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });
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

test('a second tab does not fight the first over the same session: it says so and starts its own', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await page.getByRole('application', { name: 'Terminal' }).click();
  await page.keyboard.type('echo first-tab > mine.txt');
  await page.keyboard.press('Enter');
  await page.getByRole('tab', { name: 'Files' }).click();
  await expect(page.getByRole('treeitem', { name: 'mine.txt' })).toBeVisible();

  const second = await context.newPage();
  await second.goto('/');
  await expect(
    second.getByText('Your last session is open in another tab, so this tab starts a new one.'),
  ).toBeVisible();
  await expect(second.getByRole('textbox', { name: 'Message' })).toBeEditable();
  // It offers to take the session over; taking it brings its files here and tells the first tab.
  const banner = second.getByRole('alert', { name: 'Session open in another tab' });
  await banner.getByRole('button', { name: 'Take over' }).click();
  await expect(second.getByRole('treeitem', { name: 'mine.txt' })).toBeVisible();
  await expect(page.getByRole('alert', { name: 'Session open in another tab' })).toContainText(
    'Another tab took over',
    { timeout: 15_000 },
  );
  await expect(
    page
      .getByRole('alert', { name: 'Session open in another tab' })
      .getByRole('button', { name: 'Open a new session' }),
  ).toBeVisible();
  await second.close();
});

test('a reload mid-tool (permission dialog open) and mid-stream keeps the files and the text so far, marks the turn interrupted, and the chat goes on', async ({
  page,
  mock,
}) => {
  test.setTimeout(90_000); // two reloads on a loaded machine
  mock.setScript([
    {
      kind: 'reply',
      text: 'Writing first.',
      toolCalls: [{ name: 'Write', input: { file_path: 'kept.txt', content: 'written before the reload\n' } }],
    },
    {
      kind: 'reply',
      toolCalls: [{ name: 'Bash', input: { command: 'echo never-ran > lost.txt', description: 'Never approved' } }],
    },
    {
      kind: 'reply',
      text: 'A long answer that is still streaming when the page reloads',
      chunkDelayMs: 20,
      textChunkSize: 4,
      holdOpen: true,
    },
    { kind: 'reply', text: 'Carried on after both reloads.' },
  ]);
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mock.url,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });
  const log = page.getByRole('log', { name: 'Conversation' });
  await sendMessage(page, 'write then run');
  await page.getByRole('dialog', { name: /Allow/ }).getByRole('button', { name: 'Allow', exact: true }).click();
  await expect(page.getByRole('dialog', { name: /Allow/ })).toContainText('echo never-ran');
  await expect(page.getByRole('treeitem', { name: 'kept.txt' })).toBeVisible();

  await page.reload();
  await expect(log.getByText('Writing first.')).toBeVisible();
  await expect(
    page.getByText('The last turn was cut off when the page closed; it is marked interrupted.'),
  ).toBeVisible();
  await expect(page.getByRole('dialog', { name: /Allow/ })).toBeHidden();
  await expect(page.getByRole('treeitem', { name: 'kept.txt' })).toBeVisible();
  await expect(page.getByRole('treeitem', { name: 'lost.txt' })).toBeHidden();

  await sendMessage(page, 'now say something long');
  await expect(log.getByText('A long answer that is still')).toBeVisible();
  await page.reload();
  await expect(log.getByText(/A long answer that is still/)).toBeVisible();
  await expect(
    page.getByText('The last turn was cut off when the page closed; it is marked interrupted.'),
  ).toBeVisible();

  await sendMessage(page, 'continue');
  await expect(log.getByText('Carried on after both reloads.')).toBeVisible();
  await expect(page.getByRole('treeitem', { name: 'kept.txt' })).toBeVisible();
});
