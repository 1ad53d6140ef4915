import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGitServer, type GitServer } from '../test/fixtures/git-server';
import { configureProvider, expect, sendMessage, setModeBypass, test as base, TEST_KEY } from './fixtures';

// A repository that brings its own .claude/ (a custom command, a skill, a UserPromptSubmit hook),
// opened by URL: nothing of it applies until the Trust dialog is answered; after Trust, the
// custom command expands into the turn, the hook runs (its line in the chat), the skill is listed
// for the model, and the model's Agent call shows as a subagent card with its own transcript; a
// worktree subagent's file waits in a review panel until Apply.

const SETTINGS = {
  hooks: {
    UserPromptSubmit: [{ hooks: [{ type: 'command', command: 'echo "Style guide: tabs, strict TypeScript."' }] }],
  },
};

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: cwd,
      LC_ALL: 'C',
      GIT_AUTHOR_NAME: 'Fixture',
      GIT_AUTHOR_EMAIL: 'fixture@example.com',
      GIT_COMMITTER_NAME: 'Fixture',
      GIT_COMMITTER_EMAIL: 'fixture@example.com',
    },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

/** A bare repo `claude-demo.git` whose tree has the fixture's review command and changelog skill. */
function makeRepo(): string {
  const root = mkdtempSync(join(tmpdir(), 'tidepool-e2e-ext-'));
  const work = join(root, 'work');
  const fixture = fileURLToPath(new URL('../test/fixtures/claude-project', import.meta.url));
  mkdirSync(join(work, '.claude/commands'), { recursive: true });
  cpSync(join(fixture, 'src'), join(work, 'src'), { recursive: true });
  cpSync(join(fixture, '.claude/commands/review.md'), join(work, '.claude/commands/review.md'));
  cpSync(join(fixture, '.claude/skills'), join(work, '.claude/skills'), { recursive: true });
  writeFileSync(join(work, '.claude/settings.json'), JSON.stringify(SETTINGS, null, 2));
  writeFileSync(join(work, 'README.md'), '# Claude demo\n\nA project with its own commands and skills.\n');
  git(work, 'init', '--quiet', '--initial-branch=main');
  git(work, 'add', '-A');
  git(work, 'commit', '--quiet', '-m', 'Project with .claude/');
  git(root, 'clone', '--quiet', '--bare', work, 'claude-demo.git');
  return root;
}

const test = base.extend<{}, { repo: { server: GitServer; root: string } }>({
  repo: [
    async ({}, use) => {
      const root = makeRepo();
      const server = await startGitServer({ projectRoot: root });
      await use({ server, root });
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

test.describe.configure({ timeout: 90_000 });

test('a cloned project’s command, skill and hook apply only after Trust; the command runs and a subagent card shows its work', async ({
  page,
  mock,
  repo,
}) => {
  mock.setScript([
    {
      kind: 'reply',
      text: 'I will have an explorer look at it.',
      toolCalls: [
        {
          name: 'Agent',
          input: {
            description: 'Inspect app.ts',
            prompt: 'SUBAGENT-TASK: read src/app.ts and report problems.',
            subagent_type: 'Explore',
          },
        },
      ],
    },
    { kind: 'reply', match: 'SUBAGENT-TASK', text: 'Found one: the TODO about overflow in add().' },
    { kind: 'reply', text: 'Review done: one problem, the unchecked overflow in add().' },
  ]);
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mock.url,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });
  await setModeBypass(page);

  await page.getByLabel('Repository URL').fill(`${repo.server.url}/claude-demo.git`);
  await page.getByRole('button', { name: 'Open', exact: true }).click();

  const trust = page.getByRole('dialog', { name: 'Trust this project?' });
  await expect(trust).toBeVisible({ timeout: 30_000 });
  await expect(trust).toContainText('/review');
  await expect(trust).toContainText('/changelog');
  await expect(trust).toContainText('Style guide');
  await expect(trust).toContainText('ls src');

  // Before the answer, the project's command is not there.
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('/rev');
  await expect(page.getByRole('option', { name: /review/ })).toHaveCount(0);
  await box.fill('');

  await trust.getByRole('button', { name: 'Trust', exact: true }).click();
  await expect(trust).toBeHidden();

  // The custom command completes beside the built-ins, and /skills lists the skill.
  await box.fill('/rev');
  await expect(page.getByRole('option', { name: /review/ })).toBeVisible();
  await box.fill('');
  await sendMessage(page, '/skills');
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log).toContainText('changelog');

  await sendMessage(page, '/review src/app.ts');
  await expect(log.getByRole('note', { name: 'UserPromptSubmit hook ran' })).toBeVisible();
  await expect(log.getByRole('group', { name: 'Command /review added to the conversation' })).toBeVisible();

  const card = log.getByRole('article', { name: 'Explore subagent: Inspect app.ts' });
  await expect(card).toBeVisible();
  await expect(card.getByRole('status')).toContainText('done');
  await expect(card.getByLabel('Result')).toContainText('the TODO about overflow');
  await expect(log).toContainText('Review done: one problem');

  // What the model saw: the command's instructions with the file inlined, the hook's context, the skill's listing.
  // Model requests only (the Settings form may list the models first).
  const asked = mock.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
  const first = JSON.stringify(asked[0].body);
  expect(first).toContain('for bugs, unclear names and missing error handling');
  expect(first).toContain('TODO: overflow');
  expect(first).toContain('Style guide: tabs, strict TypeScript.');
  expect(first).toContain('Writes a changelog entry');
  // The subagent asked with its own context: its task, not the parent's conversation.
  const sub = asked.find((r) => {
    const body = JSON.stringify(r.body);
    return body.includes('SUBAGENT-TASK') && !body.includes('I will have an explorer');
  });
  expect(sub).toBeDefined();
  expect(JSON.stringify(sub!.body)).not.toContain('for bugs, unclear names');

  // A subagent in its own worktree: its file waits in a review panel (with its diff) until Apply.
  mock.setScript([
    {
      kind: 'reply',
      toolCalls: [
        {
          name: 'Agent',
          input: { description: 'Add a guard', prompt: 'WT-TASK: add src/guard.ts', isolation: 'worktree' },
        },
      ],
    },
    {
      kind: 'reply',
      match: 'WT-TASK',
      toolCalls: [{ name: 'Write', input: { file_path: 'src/guard.ts', content: 'export const MAX = 2 ** 31;\n' } }],
    },
    { kind: 'reply', match: 'WT-TASK', text: 'Wrote src/guard.ts.' },
    { kind: 'reply', text: 'The guard is ready for your review.' },
  ]);
  await sendMessage(page, 'add a guard in isolation');
  const review = page.getByRole('region', { name: 'Review worktree changes: Add a guard' });
  await expect(review).toBeVisible();
  await expect(review.getByRole('group', { name: 'Diff of src/guard.ts' })).toContainText('+export const MAX');
  await expect(log).toContainText('wait for your review');
  await review.getByRole('button', { name: 'Apply' }).click();
  await expect(review).toBeHidden();
  await expect(log).toContainText('were reviewed (1 file)');
  await expect(log).toContainText('/workspace/src/guard.ts (added): applied');
});
