import { configureProvider, expect, sendMessage, test, TEST_KEY, type ScriptStep } from './fixtures';
import type { Page } from '@playwright/test';

// A scripted model tries the lines that used to walk around the gate. Default mode: each one
// shows a dialog, and Deny leaves the files as they were. Plan mode: none runs, and no dialog
// appears. acceptEdits: writes to .git/.claude still ask. The dialog shows a multi-line command whole.

const SETUP =
  "mkdir -p .git .claude src && printf '[core]\\n' > .git/config && echo '{}' > .claude/settings.json && echo keep > x && echo kept > src/k && printf 'b\\na\\n' > a";
const CHECK = 'cat .git/config .claude/settings.json x src/k a';
const UNTOUCHED = '[core]\n{}\nkeep\nkept\nb\na';

const HOSTILE = [
  'echo a\\ #; rm -rf src',
  'find . -name x {-delete,}',
  'sort a {-o,} .claude/settings.json',
  '{ echo pwned; } > .git/config',
  '(echo pwned) > x',
  'if true; then echo pwned; fi > x',
  'for i in 1; do echo pwned; done >> x',
  'cd .git && echo pwned > config',
  'rm -rf .gi?',
  "sed -n 'w .git/config' a",
  'echo $(rm x)',
  "bash -c 'echo pwned > x'",
];
const MULTI_LINE = `echo start\nrm -rf src\necho ${'y'.repeat(260)} > long.txt`;

const bash = (command: string) => ({ name: 'Bash', input: { command } });

// A dozen dialogs per test, and the first shell command loads the just-bash chunk: give a loaded machine room.
test.describe.configure({ timeout: 180_000 });

async function setUp(page: Page, mock: { url: string; setScript(s: ScriptStep[]): void }, script: ScriptStep[]) {
  mock.setScript([{ kind: 'reply', toolCalls: [bash(SETUP)] }, { kind: 'reply', text: 'Set up.' }, ...script]);
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mock.url,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });
  await sendMessage(page, 'Set up the files.');
  const ask = page.getByRole('dialog', { name: /Allow/ });
  // The first shell command waits for the just-bash chunk (the parser lives there): slow on a loaded machine.
  await expect(ask.getByLabel('Command', { exact: true })).toHaveText(SETUP, { timeout: 40_000 });
  await ask.getByRole('button', { name: 'Allow', exact: true }).click();
  await expect(page.getByText('Set up.')).toBeVisible();
}

/** The read-only check at the end ran without a dialog and shows every file as it was. */
async function expectUntouched(page: Page) {
  await expect(page.getByText('Checked.')).toBeVisible({ timeout: 30_000 });
  const log = page.getByRole('log', { name: 'Conversation' });
  const check = log.getByRole('article', { name: /^Bash/ }).filter({ hasText: CHECK });
  await expect(check).toContainText('done');
  expect(await check.locator('.tool-output pre').textContent()).toBe(UNTOUCHED);
}

const finish: ScriptStep[] = [
  { kind: 'reply', toolCalls: [bash(CHECK)] },
  { kind: 'reply', text: 'Checked.' },
];

test('default mode: every hostile line asks, Deny changes nothing, and the dialog shows a multi-line command whole', async ({
  page,
  mock,
}) => {
  await setUp(page, mock, [{ kind: 'reply', toolCalls: [...HOSTILE, MULTI_LINE].map(bash) }, ...finish]);
  await sendMessage(page, 'Now try these.');
  const ask = page.getByRole('dialog', { name: /Allow/ });
  for (const line of HOSTILE) {
    await expect(ask.getByLabel('Command', { exact: true })).toHaveText(line);
    await ask.getByRole('button', { name: 'Deny', exact: true }).click();
  }
  // The multi-line command: shown whole (not its first 80 characters), its parts listed, and flagged.
  const command = ask.getByLabel('Command', { exact: true });
  await expect(command).toContainText('rm -rf src');
  expect(await command.textContent()).toBe(MULTI_LINE);
  await expect(ask.getByRole('list', { name: 'Warnings' })).toContainText('Runs 3 lines');
  await expect(ask.getByRole('list', { name: 'Warnings' })).toContainText('A line of 276 characters');
  await expect(ask.getByRole('list', { name: 'Commands it runs' })).toContainText('rm -rf src');
  await ask.getByRole('button', { name: 'Deny', exact: true }).click();
  await expectUntouched(page);
  await expect(ask).toHaveCount(0);
});

test('plan mode: no hostile line runs and no dialog appears', async ({ page, mock }) => {
  await setUp(page, mock, [{ kind: 'reply', toolCalls: HOSTILE.map(bash) }, ...finish]);
  const mode = page.getByRole('button', { name: /^Permission mode:/ });
  await mode.click();
  await mode.click();
  await expect(mode).toHaveAccessibleName('Permission mode: Plan only');
  await sendMessage(page, 'Now try these.');
  // A dialog would hold the turn forever: reaching the end proves none appeared.
  await expectUntouched(page);
  await expect(page.getByRole('dialog', { name: /Allow/ })).toHaveCount(0);
  const log = page.getByRole('log', { name: 'Conversation' });
  for (const line of HOSTILE) {
    const card = log.getByRole('article', { name: /^Bash/ }).filter({ hasText: line }).first();
    await expect(card).toContainText('Plan mode is on');
  }
});

test('acceptEdits: ordinary writes run, writes to .git and .claude still ask', async ({ page, mock }) => {
  const protectedWrites = [
    'cd .git && echo pwned > config',
    'echo pwned > .claude/settings.json',
    'rm -rf .gi?',
    'mv x .git/',
    'cd zz; echo pwned > .git/config',
  ];
  await setUp(page, mock, [
    { kind: 'reply', toolCalls: [bash('echo ok > notes.txt'), ...protectedWrites.map(bash)] },
    ...finish,
  ]);
  const mode = page.getByRole('button', { name: /^Permission mode:/ });
  await mode.click();
  await expect(mode).toHaveAccessibleName('Permission mode: Accept edits');
  await sendMessage(page, 'Now try these.');
  const ask = page.getByRole('dialog', { name: /Allow/ });
  for (const line of protectedWrites) {
    await expect(ask.getByLabel('Command', { exact: true })).toHaveText(line);
    await ask.getByRole('button', { name: 'Deny', exact: true }).click();
  }
  await expectUntouched(page);
  await expect(page.getByRole('treeitem', { name: 'notes.txt' })).toBeVisible();
});
