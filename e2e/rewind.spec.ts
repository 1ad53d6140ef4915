import type { Page } from '@playwright/test';
import { configureProvider, expect, sendMessage, test, TEST_KEY } from './fixtures';
import { allowNext, openSessions } from './sessions-helpers';

async function setup(page: Page, url: string): Promise<void> {
  await page.goto('/');
  await configureProvider(page, { provider: 'Anthropic', baseUrl: url, apiKey: TEST_KEY, model: 'claude-sonnet-4-5' });
}

// Several turns each, with reloads or a second browser: more than the default budget on a loaded machine.
test.describe.configure({ timeout: 90_000 });

test('rewind restores files changed by Edit and by Bash, cuts the conversation, and puts the message back in the box', async ({
  page,
  mock,
}) => {
  mock.setScript([
    { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'notes.txt', content: 'version one\n' } }] },
    { kind: 'reply', text: 'Wrote version one.' },
    {
      kind: 'reply',
      toolCalls: [{ name: 'Edit', input: { file_path: 'notes.txt', old_string: 'one', new_string: 'two' } }],
    },
    { kind: 'reply', text: 'Edited to two.' },
    {
      kind: 'reply',
      toolCalls: [
        {
          name: 'Bash',
          input: { command: 'echo from-bash >> notes.txt && echo made > extra.txt', description: 'Append' },
        },
      ],
    },
    { kind: 'reply', text: 'Bash appended.' },
    { kind: 'reply', toolCalls: [{ name: 'Grep', input: { pattern: 'version|from-bash', output_mode: 'content' } }] },
    { kind: 'reply', text: 'Checked the notes.' },
  ]);
  await setup(page, mock.url);
  const log = page.getByRole('log', { name: 'Conversation' });
  await sendMessage(page, 'write version one');
  await allowNext(page, 'Write');
  await expect(log.getByText('Wrote version one.')).toBeVisible();
  await sendMessage(page, 'edit it to two');
  await allowNext(page, 'Edit');
  await expect(log.getByText('Edited to two.')).toBeVisible();
  await sendMessage(page, 'append with bash');
  await allowNext(page, 'Bash');
  await expect(log.getByText('Bash appended.')).toBeVisible();
  await expect(page.getByRole('treeitem', { name: 'extra.txt' })).toBeVisible();

  // Esc Esc opens the rewind list of earlier messages.
  await page.getByRole('textbox', { name: 'Message' }).focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  const dialog = page.getByRole('dialog', { name: 'Rewind' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('radio')).toHaveCount(3 + 3); // three messages, three restore choices
  await dialog.getByRole('radio', { name: /edit it to two/ }).check();
  await dialog.getByRole('radio', { name: 'Files and conversation' }).check();
  await dialog.getByRole('button', { name: 'Rewind' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('edit it to two');
  await expect(log.getByText('Wrote version one.')).toBeVisible();
  await expect(log.getByText('Edited to two.')).toBeHidden();
  await expect(log.getByText('Bash appended.')).toBeHidden();
  await expect(page.getByRole('treeitem', { name: 'extra.txt' })).toBeHidden();
  // The kept turn's "Files changed" card comes back with the rebuilt conversation; the rewound ones' do not.
  const cards = log.getByRole('group', { name: 'Files changed in this turn' });
  await expect(cards).toHaveCount(1);
  await expect(cards).toContainText('notes.txt');
  // What the files hold now, as the agent's own Grep sees them: Edit's and Bash's changes are gone.
  await sendMessage(page, 'check the notes');
  await expect(log.getByText('Checked the notes.')).toBeVisible();
  const grep = log.getByRole('article', { name: /^Grep/ });
  await expect(grep).toContainText('Results (1 line)');
  await expect(grep).toContainText('notes.txt:1:version one');

  // The rewound session is what a reload brings back.
  await page.reload();
  await expect(log.getByText('Wrote version one.')).toBeVisible();
  await expect(log.getByText('Edited to two.')).toBeHidden();
  await expect(cards).toHaveCount(1); // the Grep turn changed nothing, so it has none
});

test('fork from here opens a new, independent session; the original keeps its turns and files', async ({
  page,
  mock,
}) => {
  mock.setScript([
    { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'base.txt', content: 'base\n' } }] },
    { kind: 'reply', text: 'Base is in.' },
    { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'original.txt', content: 'original\n' } }] },
    { kind: 'reply', text: 'Original branch done.' },
    { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'forked.txt', content: 'fork\n' } }] },
    { kind: 'reply', text: 'Fork branch done.' },
  ]);
  await setup(page, mock.url);
  const log = page.getByRole('log', { name: 'Conversation' });
  await sendMessage(page, 'lay the base');
  await allowNext(page, 'Write');
  await expect(log.getByText('Base is in.')).toBeVisible();
  await sendMessage(page, 'go the original way');
  await allowNext(page, 'Write');
  await expect(log.getByText('Original branch done.')).toBeVisible();

  await sendMessage(page, '/rewind');
  const dialog = page.getByRole('dialog', { name: 'Rewind' });
  await dialog.getByRole('radio', { name: /go the original way/ }).check();
  await dialog.getByRole('button', { name: 'Fork from here' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel('Session: lay the base (fork)')).toBeAttached();
  await expect(log.getByText('Base is in.')).toBeVisible();
  await expect(log.getByText('Original branch done.')).toBeHidden();
  await expect(page.getByRole('treeitem', { name: 'original.txt' })).toBeHidden();
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('go the original way');

  await sendMessage(page, 'go the fork way');
  await allowNext(page, 'Write');
  await expect(log.getByText('Fork branch done.')).toBeVisible();
  await expect(page.getByRole('treeitem', { name: 'forked.txt' })).toBeVisible();

  const panel = await openSessions(page);
  await panel
    .getByRole('list', { name: 'Saved sessions' })
    .getByRole('listitem', { name: 'lay the base', exact: true })
    .getByRole('button', { name: /lay the base/ })
    .first()
    .click();
  await expect(log.getByText('Original branch done.')).toBeVisible();
  await expect(log.getByText('Fork branch done.')).toBeHidden();
  await expect(page.getByRole('treeitem', { name: 'original.txt' })).toBeVisible();
  await expect(page.getByRole('treeitem', { name: 'forked.txt' })).toBeHidden();
});
