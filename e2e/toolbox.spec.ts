import { configureProvider, expect, sendMessage, setModeBypass, test, TEST_KEY, type ScriptStep } from './fixtures';

// The toolbox's dialogs through the real UI, the scripted model on the Anthropic wire format: a
// question answered by picking an option's label, and a plan presented in plan mode, approved into
// the mode the user picks; a definition found with LSP (the TypeScript worker), and a background
// server whose first line streams into the running-tasks list until Stop ends it.

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

test('the model starts a server in the background and finds a definition with LSP; Stop in the list ends the server', async ({
  page,
  mock,
}) => {
  // The TypeScript worker's cold start is the slow part (the rest takes seconds); on this loaded
  // 2-core machine it took up to ~90 s, hence the room here.
  test.setTimeout(150_000);
  const server = `node -e 'console.log("serving on 3000"); setInterval(() => {}, 1000)'`;
  mock.setScript([
    {
      kind: 'reply',
      toolCalls: [
        {
          name: 'Write',
          input: { file_path: 'src/math.ts', content: 'export const add = (a: number, b: number) => a + b;\n' },
        },
        {
          name: 'Write',
          input: { file_path: 'src/main.ts', content: "import { add } from './math';\nconsole.log(add(1, 2));\n" },
        },
      ],
    },
    {
      kind: 'reply',
      toolCalls: [
        { name: 'Bash', input: { command: server, description: 'Start the server', run_in_background: true } },
        // `add` in console.log(add(1, 2)): line 2, character 13 (1-based).
        { name: 'LSP', input: { operation: 'goToDefinition', filePath: 'src/main.ts', line: 2, character: 13 } },
      ],
    },
    { kind: 'reply', text: 'The server is up.' },
  ]);
  await page.goto('/');
  await configureProvider(page, setup(mock.url));
  await setModeBypass(page);
  await sendMessage(page, 'Start the server, then tell me where add is defined.');

  // The running-tasks list streams the server's first line while it runs; Stop ends it.
  const tasks = page.getByRole('region', { name: 'Background tasks' });
  const task = tasks.getByRole('listitem', { name: server });
  await expect(task).toContainText('serving on 3000', { timeout: 60_000 });
  await expect(task).toContainText('running');
  await task.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(task).toContainText('stopped');
  await expect(task.getByRole('button', { name: 'Stop', exact: true })).toHaveCount(0);
  await expect(task).toContainText('serving on 3000'); // what it printed stays

  // LSP answered from the TypeScript service in its worker: the definition is in math.ts, line 1.
  await expect(page.getByText('The server is up.')).toBeVisible({ timeout: 120_000 });
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log.getByRole('article', { name: /^LSP/ })).toContainText('math.ts');
  expect(JSON.stringify(messagesOf(mock)[2].body)).toMatch(/src\/math\.ts:\\n {2}Line 1:\d+/);
});
