import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { deadPort, startGitServer, type GitServer } from '../test/fixtures/git-server';
import { makeFixtureRepo, type FixtureRepo } from '../test/fixtures/make-fixture-repo';
import { configureProvider, expect, sendMessage, test as base, TEST_KEY, requestText } from './fixtures';

// Git through the real UI against a real `git http-backend` on loopback (it sends CORS headers,
// so the page fetches it directly): open by URL, git in the terminal and through the agent's
// Bash compared with real git on the same repo, commit in the Source control panel and push,
// and the failures a person must understand.

const test = base.extend<{}, { gitServer: { server: GitServer; fixture: FixtureRepo } }>({
  gitServer: [
    async ({}, use) => {
      // A few hundred files keep the suite fast; the ~2,000-file repo is the bench's.
      const fixture = makeFixtureRepo({ baseFiles: 300 });
      const server = await startGitServer({ projectRoot: fixture.projectRoot });
      await use({ server, fixture });
      await server.close();
      rmSync(fixture.projectRoot, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

// Clones and page loads under a loaded machine (2 shared cores): room beyond the 45 s default.
test.describe.configure({ timeout: 90_000 });

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd, LC_ALL: 'C' },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** What real git prints on a fresh shallow clone of the same URL (async: the server runs in this process). */
async function realClone(url: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tidepool-e2e-real-'));
  await promisify(execFile)('git', ['clone', '--quiet', '--depth', '1', url, 'repo'], { cwd: dir });
  return join(dir, 'repo');
}

/** The terminal's text as lines (xterm draws spaces as no-break spaces). */
async function terminalText(page: Page): Promise<string> {
  const text = await page.getByRole('application', { name: 'Terminal' }).innerText();
  return text.replace(/\u00a0/g, ' ');
}

async function runInTerminal(page: Page, command: string): Promise<void> {
  await page.getByRole('tab', { name: 'Terminal', exact: true }).click();
  const terminal = page.getByRole('application', { name: 'Terminal' });
  await expect(terminal).toContainText('Tidepool shell');
  await terminal.click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

async function expectTerminalLines(page: Page, expected: string): Promise<void> {
  const lines = expected
    .trimEnd()
    .split('\n')
    .map((l) => l.trimEnd());
  await expect
    .poll(
      async () => {
        const seen = (await terminalText(page)).split('\n').map((l) => l.trimEnd());
        return lines.filter((l) => l && !seen.includes(l));
      },
      { timeout: 15_000 },
    )
    .toEqual([]);
}

async function openedAndShown(page: Page, label = 'fixture'): Promise<void> {
  await expect(page.getByRole('region', { name: `Opened ${label}` })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('article', { name: 'README' })).toContainText('A generated repository');
  await expect(page.getByRole('treeitem', { name: 'README.md' })).toBeVisible();
  await expect(page.getByRole('treeitem', { name: 'src' })).toBeVisible();
}

test('a ?repo= link asks first: Cancel clones nothing and leaves the workspace as it was', async ({
  page,
  gitServer,
}) => {
  const url = `${gitServer.server.url}/${gitServer.fixture.name}`;
  const asked = gitServer.server.requests.length;
  await page.goto(`/?repo=${encodeURIComponent(url)}`);
  const ask = page.getByRole('dialog', { name: 'Open this repository?' });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toBeHidden();
  await expect(page).not.toHaveURL(/repo=/);
  expect(gitServer.server.requests.length).toBe(asked);
  await expect(page.getByRole('treeitem', { name: 'src' })).toHaveCount(0);
});

test('?repo= clones the fixture with a progress bar, shows files and README; git log --oneline and git status match real git', async ({
  page,
  gitServer,
}) => {
  const url = `${gitServer.server.url}/${gitServer.fixture.name}`;
  await page.goto(`/?repo=${encodeURIComponent(url)}`);
  // A link alone clones nothing: the user is asked first, with the URL shown as text.
  const ask = page.getByRole('dialog', { name: 'Open this repository?' });
  await expect(ask).toContainText(url);
  await ask.getByRole('button', { name: 'Clone' }).click();
  // The bar is there while cloning (phase and percent); it may finish quickly on loopback.
  const bar = page.getByRole('progressbar', { name: 'Cloning fixture' });
  await expect(bar.or(page.getByRole('region', { name: 'Opened fixture' }))).toBeVisible();
  await openedAndShown(page);
  await expect(page).not.toHaveURL(/repo=/);

  const real = await realClone(url);
  try {
    await runInTerminal(page, 'git log --oneline');
    await expectTerminalLines(page, git(real, 'log', '--oneline'));
    await runInTerminal(page, 'git status');
    await expectTerminalLines(page, git(real, 'status'));
  } finally {
    rmSync(join(real, '..'), { recursive: true, force: true });
  }

  // Recent repos: listed on the home screen of a fresh chat.
  await page.goto('/');
  await expect(
    page.getByRole('navigation', { name: 'Recent repositories' }).getByRole('button', { name: 'fixture' }),
  ).toBeVisible();
});

test("the home-screen field opens a repo; the agent's Bash git status and git diff show its edit as real git does, and git commit asks first", async ({
  page,
  mock,
  gitServer,
}) => {
  const url = `${gitServer.server.url}/${gitServer.fixture.name}`;
  mock.setScript([
    { kind: 'reply', toolCalls: [{ name: 'Read', input: { file_path: 'README.md' } }] },
    {
      kind: 'reply',
      toolCalls: [
        {
          name: 'Edit',
          input: {
            file_path: 'README.md',
            old_string: 'Run `npm test`.',
            new_string: 'Run `npm test` (edited by the agent).',
          },
        },
      ],
    },
    { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'git status', description: 'Status' } }] },
    { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'git diff', description: 'Diff' } }] },
    {
      kind: 'reply',
      toolCalls: [{ name: 'Bash', input: { command: 'git commit -am "Agent edit"', description: 'Commit' } }],
    },
    { kind: 'reply', text: 'Left it uncommitted.' },
  ]);
  await page.goto('/');
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mock.url,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });
  await page.getByLabel('Repository URL').fill(url);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await openedAndShown(page);

  await sendMessage(page, 'Edit the README and show me git status and diff.');
  const ask = page.getByRole('dialog', { name: /Allow/ });
  await expect(ask).toContainText('Edit');
  await ask.getByRole('button', { name: 'Allow', exact: true }).click();
  // Bash permission rules apply to git like to any command: read-only `git status`/`git diff`
  // run without asking, as read-only commands do, while a commit asks in default mode.
  await expect(ask).toContainText('git commit -am "Agent edit"', { timeout: 40_000 });
  await ask.getByRole('button', { name: 'Deny', exact: true }).click();
  await expect(page.getByText('Left it uncommitted.')).toBeVisible({ timeout: 20_000 });

  // What the model saw from Bash is what real git prints after the same edit.
  const real = await realClone(url);
  try {
    const readme = join(real, 'README.md');
    const { readFileSync } = await import('node:fs');
    writeFileSync(
      readme,
      readFileSync(readme, 'utf8').replace('Run `npm test`.', 'Run `npm test` (edited by the agent).'),
    );
    const sent = JSON.stringify(mock.requests.filter((r) => r.path === '/v1/messages').at(-1)!.body.messages);
    for (const expected of [git(real, 'status'), git(real, 'diff')]) {
      expect(sent).toContain(JSON.stringify(expected.trimEnd()).slice(1, -1));
    }
  } finally {
    rmSync(join(real, '..'), { recursive: true, force: true });
  }
});

test('commit from the Source control panel, git push from the terminal: real git log and fsck accept it', async ({
  page,
  gitServer,
}) => {
  // A copy of the fixture to push to, so the other tests keep theirs.
  git(gitServer.fixture.projectRoot, 'clone', '--quiet', '--bare', gitServer.fixture.gitDir, 'push.git');
  const bare = join(gitServer.fixture.projectRoot, 'push.git');
  git(bare, 'config', 'http.receivepack', 'true');
  const url = `${gitServer.server.url}/push.git`;
  await page.goto(`/?repo=${encodeURIComponent(url)}`);
  await page.getByRole('dialog', { name: 'Open this repository?' }).getByRole('button', { name: 'Clone' }).click();
  await openedAndShown(page, 'push');

  await runInTerminal(
    page,
    'echo "pushed from the browser" >> CHANGELOG.md && mkdir -p ideas/new && echo "a new idea" > ideas/new/idea.md && echo done-editing',
  );
  await expect(page.getByRole('application', { name: 'Terminal' })).toContainText('done-editing');

  await page.getByRole('button', { name: 'Source control' }).click();
  const panel = page.getByRole('region', { name: 'Source control' });
  await expect(panel.getByRole('list', { name: /^Changes/ })).toContainText('CHANGELOG.md');
  await panel.getByRole('button', { name: 'CHANGELOG.md', exact: true }).click();
  await expect(panel.getByRole('group', { name: 'Diff of CHANGELOG.md' })).toContainText('+pushed from the browser');
  // Read as records, not porcelain text: the hunk keeps the file's line numbers, and an untracked
  // file in a new folder is listed by itself, its diff every line added.
  await expect(panel.getByRole('group', { name: 'Diff of CHANGELOG.md' })).toContainText(/@@ -\d+,\d+ \+\d+,\d+ @@/);
  await panel.getByRole('button', { name: 'ideas/new/idea.md', exact: true }).click();
  await expect(panel.getByRole('group', { name: 'Diff of ideas/new/idea.md' })).toContainText('+a new idea');
  await expect(panel).toContainText('New file.');
  await panel.getByRole('button', { name: 'Stage CHANGELOG.md' }).click();
  await expect(panel.getByRole('list', { name: /^Staged changes/ })).toContainText('CHANGELOG.md');
  await panel.getByLabel('Commit message').fill('Note the push in the changelog');
  await panel.getByRole('button', { name: 'Commit', exact: true }).click();
  await expect(panel.getByRole('list', { name: 'History' })).toContainText('Note the push in the changelog');
  await expect(panel.getByRole('list', { name: /^Staged changes/ })).not.toContainText('CHANGELOG.md');
  await page.screenshot({ path: 'test-results/source-control.png' });

  // The history, commit included, as a git bundle: real git verifies it in a repository holding the
  // commits before the shallow clone's cut (the bundle's prerequisites).
  const downloading = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download git bundle' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('push.bundle');
  const saved = join(mkdtempSync(join(tmpdir(), 'tidepool-e2e-bundle-')), 'push.bundle');
  await download.saveAs(saved);
  expect(git(bare, 'bundle', 'verify', saved)).toContain('The bundle requires this ref:');
  await expect(panel.getByRole('status')).toContainText('Downloaded push.bundle');

  await runInTerminal(page, 'git push');
  await expect
    .poll(() => git(bare, 'log', '-1', '--format=%s').trim(), { timeout: 15_000 })
    .toBe('Note the push in the changelog');
  const fsck = spawnSync('git', ['fsck', '--strict'], { cwd: bare, encoding: 'utf8' });
  expect(fsck.status, fsck.stderr).toBe(0);
  expect(git(bare, 'show', 'HEAD:CHANGELOG.md')).toContain('pushed from the browser');
});

test('a 404 repo, a dead proxy and hostile links give clear errors, leave the app usable and send no stored token anywhere', async ({
  page,
  gitServer,
  requests,
}) => {
  const token = 'ghp_e2eSecretToken0123456789';
  await page.goto('/');
  // A token for github.com and a proxy that is down.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const dead = await deadPort();
  await dialog.getByLabel('CORS proxy URL').fill(`http://127.0.0.1:${dead}`);
  await dialog.getByLabel('Token host').fill('github.com');
  await dialog.getByLabel('Git token').fill(token);
  await dialog.getByRole('button', { name: 'Save token' }).click();
  await expect(dialog.getByRole('list', { name: 'Saved git tokens' })).toContainText('github.com');
  await expect(dialog).toContainText('A proxy sees everything it forwards');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // github.com sends no CORS headers, so it goes through the proxy: which is down.
  const field = page.getByLabel('Repository URL');
  await field.fill('https://github.com/octo/hello');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The CORS proxy is down', { timeout: 20_000 });
  await expect(alert).toContainText(`127.0.0.1:${dead}`);
  await alert.getByRole('button', { name: 'Dismiss' }).click();

  // A repository the server does not have.
  await field.fill(`${gitServer.server.url}/missing.git`);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Repository not found', { timeout: 20_000 });

  // Hostile links: refused before anything is fetched; the app stays usable.
  for (const hostile of [
    'javascript:alert(document.domain)',
    'file:///etc/passwd',
    'https://user:pass@github.com/o/n',
  ]) {
    await page.goto(`/?repo=${encodeURIComponent(hostile)}`);
    await expect(page.getByRole('alert')).toContainText('Not a repository URL');
    await expect(page.getByLabel('Repository URL')).toBeEditable();
  }
  // The workspace is untouched by the failures and the terminal still works.
  await runInTerminal(page, 'echo "still $((40 + 2)) usable"');
  await expect(page.getByRole('application', { name: 'Terminal' })).toContainText(/still.42.usable/);

  for (const request of requests) expect(await requestText(request), request.url()).not.toContain(token);
});

/** Bytes of every file under `dir`. */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  return total;
}

/**
 * A browser whose storage is nearly full. Chromium's own quota override (CDP
 * Storage.overrideQuotaForOrigin) has no effect on these automation profiles, so the page's
 * estimate reports the little room left, as a full disk would; the clone and storage are real.
 */
async function storageNearlyFull(page: Page, room: number): Promise<void> {
  await page.addInitScript((free) => {
    if (!navigator.storage?.estimate) return; // opaque-origin frames (the preview, the program sandbox)
    const real = navigator.storage.estimate.bind(navigator.storage);
    navigator.storage.estimate = async () => {
      const { usage = 0 } = await real();
      return { usage, quota: usage + free };
    };
  }, room);
}

test('a repository the browser storage cannot hold is refused before a file is written, and one folder of it clones instead', async ({
  page,
  gitServer,
}) => {
  const url = `${gitServer.server.url}/${gitServer.fixture.name}`;
  // What the clone stores: its .git (as real git's shallow clone of it) and its files. Give this
  // origin room for about half of it, which one folder (docs/, about a quarter of the bytes) fits.
  const real = await realClone(url);
  const whole = bytesUnder(join(real, '.git')) + gitServer.fixture.totalBytes;
  const folderBytes = bytesUnder(join(real, '.git')) + bytesUnder(join(real, 'docs'));
  rmSync(real, { recursive: true, force: true });
  expect(folderBytes * 1.25 * 1.2).toBeLessThan(whole);

  await storageNearlyFull(page, Math.round((whole + folderBytes) / 2));
  await page.goto('/');
  await page.getByLabel('Repository URL').fill(url);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Repository too large' });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(alert).toContainText('of browser storage');
  await expect(page.getByRole('treeitem', { name: 'README.md' })).toHaveCount(0);

  const remedy = alert.getByRole('form', { name: 'Clone one folder' });
  await remedy.getByLabel('Folder to clone').fill('no-such-folder');
  await remedy.getByRole('button', { name: 'Clone this folder' }).click();
  const missing = page.getByRole('alert').filter({ hasText: 'Folder not found' });
  await expect(missing).toContainText('no folder no-such-folder', { timeout: 30_000 });
  await missing.getByLabel('Folder to clone').fill('docs/');
  await missing.getByRole('button', { name: 'Clone this folder' }).click();

  await expect(page.getByRole('region', { name: 'Opened fixture' })).toContainText('(folder docs)', {
    timeout: 30_000,
  });
  await expect(page.getByRole('treeitem', { name: 'docs' })).toBeVisible();
  await expect(page.getByRole('treeitem', { name: 'src' })).toHaveCount(0);
  await runInTerminal(page, 'git status');
  await expectTerminalLines(page, 'nothing to commit, working tree clean');
  await expect(page.getByRole('application', { name: 'Terminal' })).toContainText('You are in a sparse checkout with');
});

test('a repository kept in memory only works like any other, says its files are not saved, and after a reload offers to clone it again', async ({
  page,
  gitServer,
}) => {
  const url = `${gitServer.server.url}/${gitServer.fixture.name}`;
  await storageNearlyFull(page, 200_000);
  await page.goto('/');
  await page.getByLabel('Repository URL').fill(url);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Repository too large' });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await alert.getByRole('button', { name: 'Keep in memory only' }).click();

  await openedAndShown(page);
  await expect(page.getByRole('note', { name: 'Files kept in memory only' })).toContainText('a reload loses them');
  await runInTerminal(page, 'git status');
  await expectTerminalLines(page, 'nothing to commit, working tree clean');

  await page.reload();
  const gone = page.getByRole('status', { name: 'Files not saved' });
  await expect(gone).toContainText('kept in memory only', { timeout: 30_000 });
  await expect(page.getByRole('treeitem', { name: 'README.md' })).toHaveCount(0);
  await gone.getByRole('button', { name: 'Clone again' }).click();
  await expect(page.getByRole('treeitem', { name: 'README.md' })).toBeVisible({ timeout: 30_000 });
  await expect(gone).toBeHidden();
  await expect(page.getByRole('note', { name: 'Files kept in memory only' })).toBeVisible();
});
