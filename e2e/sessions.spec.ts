import { configureProvider, expect, sendMessage, test, TEST_KEY } from './fixtures';
import { allowNext, openSessions } from './sessions-helpers';

// Several turns each, with reloads or a second browser: more than the default budget on a loaded machine.
test.describe.configure({ timeout: 90_000 });

test('sessions: new, open, search, rename and delete, last used first, each with its own chat and files', async ({
  page,
  mock,
}) => {
  mock.setScript([
    { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'alpha.md', content: 'alpha\n' } }] },
    { kind: 'reply', text: 'Alpha is written.' },
    { kind: 'reply', text: 'Beta noted, no files.' },
  ]);
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mock.url,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });
  const log = page.getByRole('log', { name: 'Conversation' });
  await sendMessage(page, 'Write the alpha plan');
  await allowNext(page, 'Write');
  await expect(log.getByText('Alpha is written.')).toBeVisible();
  // The title comes from the first request, and shows in the header.
  await expect(page.getByLabel('Session: Write the alpha plan')).toBeVisible();

  let panel = await openSessions(page);
  await panel.getByRole('button', { name: 'New session' }).click();
  await expect(panel).toBeHidden();
  await expect(log.getByText('Alpha is written.')).toBeHidden();
  await expect(page.getByRole('treeitem', { name: 'alpha.md' })).toBeHidden();
  await sendMessage(page, 'Take some beta notes');
  await expect(log.getByText('Beta noted, no files.')).toBeVisible();

  panel = await openSessions(page);
  const list = panel.getByRole('list', { name: 'Saved sessions' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list.getByRole('listitem').first()).toHaveAccessibleName('Take some beta notes');
  await panel.getByLabel('Search sessions').fill('alpha written');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await panel.getByLabel('Search sessions').fill('');
  await expect(list.getByRole('listitem')).toHaveCount(2);

  await list.getByRole('button', { name: 'Rename Take some beta notes' }).click();
  await panel.getByLabel('New title').fill('Beta, renamed');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(list.getByRole('listitem', { name: 'Beta, renamed' })).toBeVisible();
  await expect(page.getByLabel('Session: Beta, renamed')).toBeAttached();

  await list
    .getByRole('listitem', { name: 'Write the alpha plan' })
    .getByRole('button', { name: /Write the alpha plan/ })
    .first()
    .click();
  await expect(panel).toBeHidden();
  await expect(log.getByText('Alpha is written.')).toBeVisible();
  await expect(log.getByText('Beta noted, no files.')).toBeHidden();
  await expect(page.getByRole('treeitem', { name: 'alpha.md' })).toBeVisible();

  panel = await openSessions(page);
  await expect(list.getByRole('listitem').first()).toHaveAccessibleName('Write the alpha plan');
  await list.getByRole('button', { name: 'Delete Beta, renamed' }).click();
  const confirm = panel.getByRole('alertdialog', { name: 'Delete Beta, renamed?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await list.getByRole('button', { name: 'Delete Beta, renamed' }).click();
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(panel.getByLabel('Storage use')).toContainText('Storage:');

  // /resume opens the same list.
  await panel.getByRole('button', { name: 'Close' }).click();
  await sendMessage(page, '/resume');
  await expect(page.getByRole('dialog', { name: 'Sessions' })).toBeVisible();
});

test('replay: the first-run sample plays to the end with no model set up, through the permission dialogs, and its files match the recording', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Watch a sample session' }).click();
  const player = page.getByRole('region', { name: 'Replay' });
  await expect(player).toBeVisible();
  await player.getByLabel('Speed').selectOption('Instant');
  await allowNext(page, 'Write');
  await allowNext(page, 'Bash');
  await allowNext(page, 'Edit');
  await expect(player.getByRole('status')).toHaveText('Replay finished: the files match the recording.', {
    timeout: 15_000,
  });
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log.getByText('All four greetings now say')).toBeVisible();
  await expect(page.getByRole('treeitem', { name: 'greetings.txt' })).toBeVisible();
  await expect(page.getByRole('treeitem', { name: 'names.txt' })).toBeVisible();
  // Taking over with no model of one's own opens Settings.
  await player.getByRole('button', { name: 'Take over' }).click();
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
});

test('replay pauses before a model response and Step plays just that one', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Watch a sample session' }).click();
  const player = page.getByRole('region', { name: 'Replay' });
  await player.getByRole('button', { name: 'Pause' }).click();
  await allowNext(page, 'Write');
  await expect(player.getByRole('status')).toContainText('Paused before the next model response');
  await player.getByRole('button', { name: 'Step forward' }).click();
  await expect(page.getByRole('dialog', { name: /Allow/ })).toContainText('Bash');
});
