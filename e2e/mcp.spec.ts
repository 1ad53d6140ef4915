import { startEverything, type EverythingServer } from '../test/fixtures/mcp-everything';
import { configureProvider, expect, sendMessage, test, TEST_KEY } from './fixtures';

// A new user adds the real server-everything (Streamable HTTP on loopback) in Settings › MCP
// servers, sees it connected with its tool count, and a scripted model calls
// mcp__everything__echo: the permission dialog asks, Allow, and the card shows the echo. A server
// that is not there shows "failed" with the reason; the list survives a reload. A server's form
// (elicitation) is answered in the chat, and "@" attaches one of its resources to a message.

let server: EverythingServer;
test.beforeAll(async () => {
  server = await startEverything('streamableHttp');
});
test.afterAll(async () => {
  await server?.close();
});

// Starting Node servers and the first MCP chunk on a loaded machine: room, not sleeps.
test.describe.configure({ timeout: 120_000 });

test('add server-everything in Settings, the model calls echo, Allow, and the card shows the echo', async ({
  page,
  mock,
}) => {
  mock.setScript([
    { kind: 'reply', toolCalls: [{ name: 'mcp__everything__echo', input: { message: 'Hello from the page' } }] },
    { kind: 'reply', text: 'The server echoed it.' },
  ]);
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mock.url,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  const group = settings.getByRole('group', { name: 'MCP servers' });
  await group.getByLabel('Server name').fill('everything');
  await group.getByLabel('Server URL').fill(server.url);
  await group.getByLabel('Transport').selectOption({ label: 'Streamable HTTP' });
  await group.getByRole('button', { name: 'Add server' }).click();
  const row = group.getByRole('listitem', { name: 'everything' });
  await expect(row.getByRole('status')).toHaveText(/^connected · \d+ tools$/, { timeout: 30_000 });
  await expect(group.getByLabel('Server name')).toHaveValue('');

  // A server that is not there: failed, with the reason and what to do.
  const deadUrl = server.url.replace(/:\d+\//, ':9/');
  await group.getByLabel('Server name').fill('nowhere');
  await group.getByLabel('Server URL').fill(deadUrl);
  await group.getByLabel('Server name').press('Enter');
  const dead = group.getByRole('listitem', { name: 'nowhere' });
  await expect(dead.getByRole('status')).toHaveText('failed', { timeout: 30_000 });
  await expect(dead).toContainText(`Could not reach "nowhere" at ${deadUrl}.`);
  await expect(dead).toContainText('Check that the server is running');
  await dead.getByRole('button', { name: 'Remove' }).click();
  await expect(dead).toBeHidden();
  await expect(settings).toBeVisible(); // Enter in the form added a server; it did not save and close Settings
  await settings.getByRole('button', { name: 'Cancel' }).click();
  await expect(settings).toBeHidden();

  await sendMessage(page, 'Echo something through MCP.');
  const ask = page.getByRole('dialog', { name: /Allow/ });
  await expect(ask).toContainText('mcp__everything__echo', { timeout: 30_000 });
  await ask.getByRole('button', { name: 'Allow', exact: true }).click();
  await expect(page.getByText('The server echoed it.')).toBeVisible({ timeout: 30_000 });
  const log = page.getByRole('log', { name: 'Conversation' });
  const card = log.getByRole('article', { name: /^mcp__everything__echo/ });
  await expect(card).toContainText('Echo: Hello from the page');
  // The model got the echo back, and it was offered the tool in the first place.
  const turns = mock.requests.filter((r) => Array.isArray(r.body?.messages));
  expect((turns[0].body.tools as Array<{ name: string }>).map((t) => t.name)).toContain('mcp__everything__echo');
  expect(JSON.stringify(turns.at(-1)!.body.messages)).toContain('Echo: Hello from the page');

  // After a reload the server is still there and connects by itself.
  await page.reload();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const again = page.getByRole('dialog', { name: 'Settings' }).getByRole('group', { name: 'MCP servers' });
  await expect(again.getByRole('listitem', { name: 'everything' }).getByRole('status')).toHaveText(/^connected/, {
    timeout: 30_000,
  });
  await expect(again.getByRole('listitem', { name: 'nowhere' })).toHaveCount(0);
});

test("a server's form opens in the chat, checks its fields, and the answer reaches the server", async ({
  page,
  mock,
}) => {
  mock.setScript([
    { kind: 'reply', toolCalls: [{ name: 'mcp__everything__trigger-elicitation-request', input: {} }] },
    { kind: 'reply', text: 'Thanks for the details.' },
  ]);
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mock.url,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  const group = settings.getByRole('group', { name: 'MCP servers' });
  await group.getByLabel('Server name').fill('everything');
  await group.getByLabel('Server URL').fill(server.url);
  await group.getByRole('button', { name: 'Add server' }).click();
  await expect(group.getByRole('listitem', { name: 'everything' }).getByRole('status')).toHaveText(/^connected/, {
    timeout: 30_000,
  });
  await settings.getByRole('button', { name: 'Cancel' }).click();

  await sendMessage(page, 'Ask me for my details.');
  const ask = page.getByRole('dialog', { name: /Allow/ });
  await expect(ask).toContainText('mcp__everything__trigger-elicitation-request', { timeout: 30_000 });
  await ask.getByRole('button', { name: 'Allow', exact: true }).click();

  const form = page.getByRole('dialog', { name: 'everything asks for input' });
  await expect(form).toBeVisible({ timeout: 30_000 });
  // A required field left empty is named, and nothing goes to the server.
  await form.getByRole('button', { name: 'Submit' }).click();
  await expect(form.getByRole('alert')).toHaveText('String is required.');
  await form.getByLabel('String (required)').fill('Ada Lovelace');
  await form.getByLabel('Integer', { exact: true }).fill('7');
  await form.getByRole('button', { name: 'Submit' }).click();
  await expect(form).toBeHidden();

  await expect(page.getByText('Thanks for the details.')).toBeVisible({ timeout: 30_000 });
  const card = page
    .getByRole('log', { name: 'Conversation' })
    .getByRole('article', { name: /^mcp__everything__trigger-elicitation-request/ });
  await expect(card).toContainText('- Name: Ada Lovelace');
  await expect(card).toContainText('- Favorite Integer: 7');

  // "@" offers the server's resources; picking one puts it in the message, and Send attaches its text.
  mock.setScript([{ kind: 'reply', text: 'Read the features.' }]);
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Summarise @everything:demo://resource/static/document/feat');
  const resources = page.getByRole('listbox', { name: 'Resources' });
  await expect(resources.getByRole('option', { name: /features\.md/ })).toBeVisible();
  await box.press('Enter');
  await expect(resources).toBeHidden();
  await expect(box).toHaveValue('Summarise @everything:demo://resource/static/document/features.md ');
  await box.press('Enter');
  await expect(page.getByText('Read the features.')).toBeVisible({ timeout: 30_000 });
  const mention = '@everything:demo://resource/static/document/features.md';
  await expect(page.getByRole('group', { name: `MCP resource ${mention} added to the conversation` })).toBeVisible();
  const last = mock.requests.filter((r) => Array.isArray(r.body?.messages)).at(-1)!;
  expect(JSON.stringify(last.body.messages)).toContain(
    '<mcp-resource server=\\"everything\\" uri=\\"demo://resource/static/document/features.md\\">',
  );
});
