import type { Page } from '@playwright/test';
import { configureProvider, expect, sendMessage, setModeBypass, test, TEST_KEY } from './fixtures';

// The per-turn review is derived from the stored checkpoints, so a reload keeps it: each turn's
// "Files changed" card, the Review pane's diff, and "Revert this turn".

test.describe.configure({ timeout: 90_000 });

const workspace = (page: Page) => page.getByRole('region', { name: 'Workspace' });

test('after a reload each turn still lists its changed files, Review shows the hunk, and Revert this turn restores the files', async ({
  page,
  mock,
}) => {
  mock.setScript([
    {
      kind: 'reply',
      toolCalls: [{ name: 'Write', input: { file_path: 'app.js', content: 'const a = 1;\nconst b = 2;\n' } }],
    },
    { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'echo "# Notes" > notes.md' } }] },
    { kind: 'reply', text: 'Created both.' },
    {
      kind: 'reply',
      toolCalls: [
        {
          name: 'Edit',
          input: { file_path: 'app.js', old_string: 'const b = 2;', new_string: 'const b = 3;\nconst c = 4;' },
        },
      ],
    },
    { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'rm notes.md && echo made > extra.txt' } }] },
    { kind: 'reply', text: 'Edited and cleaned.' },
  ]);
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mock.url,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });
  await setModeBypass(page);
  const log = page.getByRole('log', { name: 'Conversation' });
  await sendMessage(page, 'create files');
  await expect(log.getByText('Created both.')).toBeVisible({ timeout: 20_000 });
  await sendMessage(page, 'edit and clean');
  await expect(log.getByText('Edited and cleaned.')).toBeVisible();
  const changes = log.getByRole('group', { name: 'Files changed in this turn' });
  await expect(changes).toHaveCount(2);

  await page.reload();
  await expect(log.getByText('Edited and cleaned.')).toBeVisible();
  // Each card is back, under its own turn, with the files it listed before the reload.
  await expect(changes).toHaveCount(2);
  await expect(changes.nth(0)).toContainText('2 files changed');
  await expect(changes.nth(0)).toContainText('app.js');
  await expect(changes.nth(0)).toContainText('notes.md');
  await expect(changes.nth(1)).toContainText('3 files changed');
  await expect(changes.nth(1)).toContainText('extra.txt');
  await expect(changes.nth(1).getByLabel('deleted')).toBeVisible();
  // The first card sits under its own turn, before the second message, as it did live.
  await expect(
    log
      .getByText('edit and clean', { exact: true })
      .locator('xpath=preceding::*[@aria-label="Files changed in this turn"][1]'),
  ).toContainText('2 files changed');

  await changes.nth(1).getByRole('button', { name: 'Review changes' }).click();
  await expect(workspace(page).getByRole('tab', { name: 'Review', selected: true })).toBeVisible();
  const files = workspace(page).getByRole('list', { name: 'Changed files' });
  await expect(files).toContainText('app.js');
  await expect(files).toContainText('notes.md');
  await expect(files).toContainText('extra.txt');
  const hunks = workspace(page).getByRole('region', { name: 'Diff of app.js' }).getByRole('list', { name: 'Hunks' });
  await expect(hunks).toContainText('@@ -1,2 +1,3 @@');
  await expect(hunks).toContainText('+2 −1');

  await workspace(page).getByRole('button', { name: 'Revert this turn' }).click();
  await expect(files).toContainText('(reverted)');
  await workspace(page).getByRole('tab', { name: 'Files' }).click();
  const tree = workspace(page).getByRole('tree', { name: 'Workspace files' });
  await expect(tree.getByRole('treeitem', { name: 'notes.md' })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: 'extra.txt' })).toBeHidden();
  await tree.getByRole('treeitem', { name: 'app.js' }).click();
  const filesPanel = workspace(page).getByRole('tabpanel', { name: 'Files' });
  await expect(filesPanel).toContainText(/const.b.=.2;/);
  await expect(filesPanel).not.toContainText(/const.c.=.4/);
});
