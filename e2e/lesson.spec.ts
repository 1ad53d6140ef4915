import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, sendMessage, test, TEST_KEY } from './fixtures';
import { allowNext } from './sessions-helpers';

// A student opens a recorded lesson from a link on a fresh profile: the link asks first, the
// lesson steps forward and back with the teacher's notes beside the chat, and "Take over" hands the
// session to the student's own model, which continues from the replayed files.

// Two builds' worth of steps on a shared, loaded machine: the budget sessions.spec.ts uses.
test.describe.configure({ timeout: 90_000 });

const LESSON_URL = 'https://lessons.example.test/hello.json';

function lesson(): string {
  const file = JSON.parse(readFileSync(resolve('public/samples/hello-tidepool.json'), 'utf8'));
  file.lesson = {
    notes: [
      { step: 0, text: 'Write creates names.txt: <b>not bold</b>.' },
      { step: 1, text: 'The shell sorts the names.' },
    ],
  };
  return JSON.stringify(file);
}

test('a lesson from a link: asked first, stepped forward and back with its notes, then taken over', async ({
  page,
  mock,
}) => {
  // The lesson's host, on another origin, with CORS (the context refuses all other non-loopback hosts).
  await page.route(LESSON_URL, (route) =>
    route.fulfill({ body: lesson(), contentType: 'application/json', headers: { 'access-control-allow-origin': '*' } }),
  );
  await page.goto(`/?session=${encodeURIComponent(LESSON_URL)}`);
  const ask = page.getByRole('dialog', { name: 'Open this lesson?' });
  await expect(ask).toContainText(LESSON_URL);
  await ask.getByRole('button', { name: 'Open lesson' }).click();
  await expect(ask).toBeHidden();
  expect(page.url()).not.toContain('session=');

  const player = page.getByRole('region', { name: 'Replay' });
  const note = player.getByRole('complementary', { name: "Teacher's note" });
  const timeline = player.getByRole('list', { name: 'Timeline' });
  await expect(note).toContainText('Step forward to start the lesson.');
  await expect(timeline.getByRole('listitem')).toHaveCount(7);

  await player.getByRole('button', { name: 'Step forward' }).click();
  await allowNext(page, 'Write');
  // The note is text: the markup in it shows as typed.
  await expect(note).toContainText('Write creates names.txt: <b>not bold</b>.');
  await expect(timeline.locator('[aria-current="step"]')).toContainText('Write');
  await player.getByRole('button', { name: 'Step forward' }).click();
  await allowNext(page, 'Bash');
  await expect(note).toContainText('The shell sorts the names.');
  await expect(page.getByRole('treeitem', { name: 'greetings.txt' })).toBeVisible();

  // Back one step: replayed up to there again without asking, greetings.txt not written yet.
  await player.getByRole('button', { name: 'Step back' }).click();
  await expect(note).toContainText('Write creates names.txt');
  await expect(player.getByRole('status')).toContainText('Paused before the next model response (step 1 of 7');
  await expect(page.getByRole('treeitem', { name: 'names.txt' })).toBeVisible();
  await expect(page.getByRole('treeitem', { name: 'greetings.txt' })).toBeHidden();
  await expect(page.getByRole('dialog', { name: /Allow/ })).toBeHidden();
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveAttribute(
    'placeholder',
    'The recording is playing: Take over to continue it yourself.',
  );

  // Take over: with no model of one's own, Settings opens; saving one completes the take-over.
  await player.getByRole('button', { name: 'Take over' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByLabel('Provider').selectOption({ label: 'Anthropic' });
  await settings.getByLabel('Base URL').fill(mock.url);
  await settings.getByLabel('API key').fill(TEST_KEY);
  await settings.getByLabel('Model', { exact: true }).fill('claude-sonnet-4-5');
  await settings.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(player.getByRole('status')).toHaveText('Taken over: your own model answers from here.');

  mock.setScript([{ kind: 'reply', text: 'names.txt is ready; I will sort it next.' }]);
  await sendMessage(page, 'carry on');
  await expect(page.getByText('names.txt is ready; I will sort it next.')).toBeVisible();
  const body = JSON.stringify(mock.requests.at(-1)!.body.messages);
  expect(body).toContain('Created names.txt');
  expect(body).not.toContain('greetings.txt (4 lines)');
});
