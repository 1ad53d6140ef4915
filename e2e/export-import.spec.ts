import { readFileSync } from 'node:fs';
import { configureProvider, expect, sendMessage, test, TEST_KEY } from './fixtures';
import { allowNext, openSessions } from './sessions-helpers';

// Several turns each, with reloads or a second browser: more than the default budget on a loaded machine.
test.describe.configure({ timeout: 90_000 });

test('export → a browser with no site data → import gives back the transcript and files; the file holds no key', async ({
  page,
  mock,
  browser,
}, testInfo) => {
  mock.setScript([
    {
      kind: 'reply',
      text: 'Writing it.',
      toolCalls: [{ name: 'Write', input: { file_path: 'src/app.js', content: 'console.log("exported")\n' } }],
    },
    { kind: 'reply', text: `Done. (Never echo ${'keys'}.)` },
  ]);
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mock.url,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });
  await sendMessage(page, `make the app; my key is ${TEST_KEY} but keep it secret`);
  await allowNext(page, 'Write');
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log.getByText('Done. (Never echo keys.)')).toBeVisible();

  await sendMessage(page, '/export');
  const dialog = page.getByRole('dialog', { name: 'Export session' });
  const [json] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Download JSON (with files)' }).click(),
  ]);
  const [md] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Download Markdown' }).click(),
  ]);
  expect(json.suggestedFilename()).toMatch(/^tidepool-make-the-app.*\.json$/);
  const jsonPath = testInfo.outputPath('session.json');
  await json.saveAs(jsonPath);
  const mdPath = testInfo.outputPath('session.md');
  await md.saveAs(mdPath);
  const text = readFileSync(jsonPath, 'utf8');
  expect(text).not.toContain(TEST_KEY);
  expect(readFileSync(mdPath, 'utf8')).not.toContain(TEST_KEY);
  expect(readFileSync(mdPath, 'utf8')).toContain('Done. (Never echo keys.)');
  expect(text).toContain('console.log(\\"exported\\")');

  // A fresh context has no IndexedDB, settings or keys: as another browser would be.
  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto(page.url());
  let panel = await openSessions(fresh);
  // That browser lists only the session it just started (waited for: the list loads after the panel opens).
  const listed = panel.getByRole('list', { name: 'Saved sessions' }).getByRole('listitem');
  await expect(listed).toHaveCount(1);
  await expect(listed.first()).toContainText('Untitled session');
  // A broken file is refused with the importer's own words, and nothing changes.
  await panel
    .getByLabel('Session file to import')
    .setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(text.slice(0, 200)) });
  await expect(panel.getByRole('alert')).toContainText('Nothing was imported');
  await expect(listed).toHaveCount(1);
  await expect(listed.first()).toContainText('Untitled session');

  await panel.getByLabel('Session file to import').setInputFiles(jsonPath);
  await expect(panel.getByRole('status').filter({ hasText: 'Imported' })).toContainText('Imported “make the app');
  await panel.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(panel).toBeHidden();
  const freshLog = fresh.getByRole('log', { name: 'Conversation' });
  await expect(freshLog.getByText('Done. (Never echo keys.)')).toBeVisible();
  await expect(freshLog.getByText('Writing it.')).toBeVisible();
  await expect(freshLog.getByText(/make the app; my key is \[redacted\]/)).toBeVisible();
  await fresh.getByRole('treeitem', { name: 'src' }).getByRole('button').first().click();
  await expect(fresh.getByRole('treeitem', { name: 'app.js' })).toBeVisible();
  panel = await openSessions(fresh);
  await expect(panel.getByRole('listitem', { name: /make the app/ })).toBeVisible();
  await other.close();
});
