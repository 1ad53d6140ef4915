import { startGitServer, type GitServer } from '../test/fixtures/git-server';
import { makeBigRepo, type BigRepo } from '../test/fixtures/make-big-repo';
import { expect, test as base } from './fixtures';

// A 20,000-file repository opened by URL clones in a Web Worker: while it runs the page answers
// at once (what is typed lands in the message box, the bar moves), Cancel stops it, and the
// workspace is left as it was with a clear word, never a half-written tree. Timings are the bench's.

const test = base.extend<{}, { big: { server: GitServer; repo: BigRepo } }>({
  big: [
    async ({}, use) => {
      const repo = makeBigRepo({ files: 20_000 }); // generated once per machine, then reused
      const server = await startGitServer({ projectRoot: repo.projectRoot });
      await use({ server, repo });
      await server.close();
    },
    { scope: 'worker' },
  ],
});

test.describe.configure({ timeout: 90_000 });

test('while a 20,000-file clone runs the message box takes typing at once, and Cancel leaves the workspace as it was', async ({
  page,
  big,
}) => {
  const url = `${big.server.url}/${big.repo.name}`;
  await page.goto(`/?repo=${encodeURIComponent(url)}`);
  await page.getByRole('dialog', { name: 'Open this repository?' }).getByRole('button', { name: 'Clone' }).click();
  const bar = page.getByRole('progressbar', { name: `Cloning ${big.repo.name.replace(/\.git$/, '')}` });
  await expect(bar).toBeVisible();

  // Typed while the clone runs; keystrokes are queued behind any long task, so the value being
  // there while the bar still shows means the page was free to take them.
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.click();
  await box.pressSequentially('still typing');
  await expect(box).toHaveValue('still typing');
  await expect(bar).toBeVisible();

  await page.getByRole('button', { name: 'Cancel' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'The clone was cancelled.' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('Nothing was kept');
  await expect(bar).toBeHidden();
  await expect(page.getByRole('treeitem')).toHaveCount(0);
  await expect(box).toHaveValue('still typing');
});
