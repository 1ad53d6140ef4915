import { configureProvider, expect, sendMessage, test, TEST_KEY, type ScriptStep } from './fixtures';

// The toolbox's dialogs through the real UI, the scripted model on the Anthropic wire format: a
// question answered by picking an option's label, and a plan presented in plan mode, approved into
// the mode the user picks.

const setup = (url: string) => ({ provider: 'Anthropic', baseUrl: url, apiKey: TEST_KEY, model: 'claude-sonnet-4-5' });
const messagesOf = (mock: { requests: { path: string; body: unknown }[] }) =>
  mock.requests.filter((r) => r.path === '/v1/messages');

test('the model asks a question; the option the user picks reaches it', async ({ page, mock }) => {
  const script: ScriptStep[] = [
    {
      kind: 'reply',
      text: 'One thing first.',
      toolCalls: [
        {
          name: 'AskUserQuestion',
          input: {
            questions: [
              {
                question: 'Which test runner should the project use?',
                header: 'Tests',
                options: [
                  { label: 'Vitest', description: 'Fast, Vite-native' },
                  { label: 'Jest', description: 'The classic' },
                ],
                multiSelect: false,
              },
            ],
          },
        },
      ],
    },
    { kind: 'reply', text: 'Vitest it is.' },
  ];
  mock.setScript(script);
  await page.goto('/');
  await configureProvider(page, setup(mock.url));
  await sendMessage(page, 'Set up tests for me.');

  const dialog = page.getByRole('dialog', { name: 'The agent asks' });
  const question = dialog.getByRole('group', { name: 'Which test runner should the project use?' });
  await expect(question).toBeVisible({ timeout: 20_000 });
  await expect(question.getByRole('textbox', { name: 'Other' })).toBeVisible();
  await question.getByRole('button', { name: 'Vitest', exact: true }).click();
  await expect(question.getByRole('button', { name: 'Vitest', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await dialog.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByText('Vitest it is.')).toBeVisible({ timeout: 20_000 });
  const calls = messagesOf(mock);
  expect(calls).toHaveLength(2);
  expect(JSON.stringify(calls[1].body)).toContain('\\"Which test runner should the project use?\\"=\\"Vitest\\"');
  // The call's card shows the question and the answer.
  const card = page.getByRole('log', { name: 'Conversation' }).getByRole('article', { name: /^AskUserQuestion/ });
  await expect(card).toContainText('Which test runner should the project use?');
  await expect(card).toContainText('Vitest');
});

test('in plan mode the model presents a plan; Approve plan switches to the mode picked', async ({ page, mock }) => {
  const plan = '## Plan\n\n1. Add `greet.ts`\n2. Test it\n\n<img src=x onerror="window.__planXss=1">';
  mock.setScript([
    { kind: 'reply', text: 'Here is my plan.', toolCalls: [{ name: 'ExitPlanMode', input: { plan } }] },
    { kind: 'reply', text: 'Starting on the plan now.' },
  ]);
  await page.goto('/');
  await configureProvider(page, setup(mock.url));

  const mode = page.getByRole('button', { name: /^Permission mode/ });
  for (let clicks = 0; clicks < 5 && !((await mode.getAttribute('class')) ?? '').includes('mode-plan'); clicks++) {
    const before = (await mode.getAttribute('class')) ?? '';
    await mode.click();
    await expect(mode).not.toHaveClass(before);
  }
  await expect(mode).toHaveClass(/mode-plan/);

  await sendMessage(page, 'Plan a greet function.');
  const dialog = page.getByRole('dialog', { name: "Approve the agent's plan?" });
  await expect(dialog).toBeVisible({ timeout: 20_000 });
  await expect(dialog.getByRole('region', { name: 'Plan' })).toContainText('Add greet.ts');
  await dialog.getByLabel('Mode after approval').selectOption('acceptEdits');
  await dialog.getByRole('button', { name: 'Approve plan', exact: true }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByText('Starting on the plan now.')).toBeVisible({ timeout: 20_000 });
  await expect(mode).toHaveClass(/mode-acceptEdits/);
  const calls = messagesOf(mock);
  expect(calls).toHaveLength(2);
  expect(JSON.stringify(calls[1].body)).toContain('permission mode is now acceptEdits');
  // The model's plan rendered as sanitized Markdown: its markup never ran.
  expect(await page.evaluate(() => (window as { __planXss?: number }).__planXss)).toBeUndefined();
  await expect(
    page.getByRole('log', { name: 'Conversation' }).getByRole('article', { name: /^ExitPlanMode/ }),
  ).toContainText('Approved · now Accept edits');
});
