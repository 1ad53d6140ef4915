import {
  configureProvider,
  expect,
  expectKeyOnlySentTo,
  sendMessage,
  test,
  TEST_KEY,
  type ScriptStep,
} from './fixtures';

// The whole loop through the real UI: settings form → message → permission dialogs →
// Write, Edit, Bash, Grep, Read against the lite workspace → final answer.
const task: ScriptStep[] = [
  {
    kind: 'reply',
    text: 'I will create the notes file first.',
    toolCalls: [{ name: 'Write', input: { file_path: 'notes.txt', content: 'Tidepool notes\nteh first line\n' } }],
  },
  {
    kind: 'reply',
    toolCalls: [{ name: 'Edit', input: { file_path: 'notes.txt', old_string: 'teh first', new_string: 'the first' } }],
  },
  {
    kind: 'reply',
    toolCalls: [
      { name: 'Bash', input: { command: 'echo "added by bash" >> notes.txt', description: 'Append a line' } },
    ],
  },
  {
    kind: 'reply',
    toolCalls: [{ name: 'Grep', input: { pattern: 'first|bash', output_mode: 'content', '-n': true } }],
  },
  { kind: 'reply', toolCalls: [{ name: 'Read', input: { file_path: 'notes.txt' } }] },
  { kind: 'reply', text: 'All done: **notes.txt** now has three lines and the typo is fixed.' },
];

const cases = [
  { name: 'Anthropic Messages', provider: 'Anthropic', path: '', model: 'claude-sonnet-4-5', route: '/v1/messages' },
  {
    name: 'OpenAI-compatible',
    provider: 'Custom (OpenAI-compatible)',
    path: '/v1',
    model: 'gpt-4.1',
    route: '/v1/chat/completions',
  },
];

for (const c of cases) {
  test(`a new user sets up ${c.name}, approves the asks, and the write/edit/bash/grep/read task completes`, async ({
    page,
    mock,
    requests,
  }) => {
    mock.setScript(task);
    await page.goto('/');
    await configureProvider(page, {
      provider: c.provider,
      baseUrl: mock.url + c.path,
      apiKey: TEST_KEY,
      model: c.model,
    });

    await sendMessage(page, 'Make a notes file, fix its typo, add a line with bash, then check it.');

    const ask = page.getByRole('dialog', { name: /Allow/ });
    await expect(ask).toContainText('Write');
    await ask.getByRole('button', { name: 'Allow', exact: true }).click();
    await expect(ask).toContainText('Edit');
    await ask.getByRole('button', { name: 'Allow', exact: true }).click();
    await expect(ask).toContainText('echo "added by bash"');
    await ask.getByRole('button', { name: 'Always allow', exact: true }).click();

    await expect(page.getByText('All done:')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('button', { name: 'Stop' })).toBeHidden();

    // A card per call, each finished, with what it did.
    const log = page.getByRole('log', { name: 'Conversation' });
    for (const tool of ['Write', 'Edit', 'Bash', 'Grep', 'Read']) {
      await expect(log.getByRole('article', { name: new RegExp(`^${tool}`) })).toContainText('done');
    }
    await expect(log.getByRole('group', { name: 'Diff of notes.txt' })).toContainText('+the first');
    await expect(log.getByRole('article', { name: /^Grep/ })).toContainText('added by bash');
    // The cards read the results' typed details: the edit at the file's own line numbers, the write's size.
    await expect(log.getByRole('group', { name: 'Diff of notes.txt' })).toContainText('@@ -1,2 +1,2 @@');
    await expect(log.getByRole('article', { name: /^Write/ })).toContainText('Created · 2 lines · 30 bytes');
    await expect(log.getByRole('article', { name: /^Read/ })).toContainText('all 3 lines');
    // The file is in the workspace panel.
    await expect(page.getByRole('treeitem', { name: 'notes.txt' })).toBeVisible();

    // What the model was told in the end: the file as the tools left it.
    const calls = mock.requests.filter((r) => r.path === c.route);
    expect(calls).toHaveLength(6);
    const lastBody = JSON.stringify(calls[5].body);
    expect(lastBody).toContain('the first line');
    expect(lastBody).toContain('added by bash');

    // The key went only to the configured host, and to no URL.
    const carrying = await expectKeyOnlySentTo(requests, TEST_KEY, new URL(mock.url).origin);
    expect(carrying).toBeGreaterThanOrEqual(6);

    // The details were stored with the events: after a reload the cards show the same.
    await page.reload();
    await expect(log.getByRole('group', { name: 'Diff of notes.txt' })).toContainText('@@ -1,2 +1,2 @@');
    await expect(log.getByRole('article', { name: /^Write/ })).toContainText('Created · 2 lines · 30 bytes');
  });
}
