// One folder of a repository too big for the tab, against a real git smart-HTTP server: only that
// folder's files land, git status and commit treat the rest as git's own sparse checkout does
// (present in the index and in every new commit, never reported deleted), and native git reads
// the result the same way.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../src/git/cli';
import { openRepo } from '../src/git/open-repo';
import { createLiteWorkspace } from '../src/workspace/lite-workspace';
import type { Workspace } from '../src/workspace/types';
import { startGitServer, type GitServer } from './fixtures/git-server';
import { GIT_TEST_IDENTITY } from './fixtures/git-identity';
import { makeFixtureRepo, type FixtureRepo } from './fixtures/make-fixture-repo';

let fixture: FixtureRepo;
let server: GitServer;
/** Files of `main` under docs/, as native git lists them. */
let docs: string[];
let all: string[];

beforeAll(async () => {
  fixture = makeFixtureRepo();
  server = await startGitServer({ projectRoot: fixture.projectRoot });
  const list = (...args: string[]) =>
    execFileSync('git', ['--git-dir', fixture.gitDir, 'ls-tree', '-r', '--name-only', 'main', ...args], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
  all = list();
  docs = list('--', 'docs');
}, 60_000);

afterAll(async () => {
  await server?.close();
  rmSync(fixture.projectRoot, { recursive: true, force: true });
});

async function git(ws: Workspace, ...args: string[]): Promise<string> {
  const result = await runGit(args, { workspace: ws, cwd: ws.root, env: GIT_TEST_IDENTITY });
  expect(result.exitCode, result.stderr).toBe(0);
  return result.stdout;
}

async function workingFiles(ws: Workspace): Promise<string[]> {
  return (await ws.listFiles(ws.root))
    .map((p) => p.slice(ws.root.length + 1))
    .filter((p) => !p.startsWith('.git/'))
    .sort();
}

describe('cloning one folder', () => {
  it('a repository past the file limit offers one folder; that folder alone lands, and git sees a clean tree', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const url = `${server.url}/fixture.git`;
    const limits = { files: docs.length + 10 };
    const whole = await openRepo({ url, workspace, checkoutLimits: limits });
    expect(whole).toMatchObject({ ok: false, error: { kind: 'too-large', remedies: ['folder'] } });
    expect(await workspace.list('/workspace')).toEqual([]);

    const result = await openRepo({ url, workspace, checkoutLimits: limits, folder: ' /docs/ ' });
    expect(result).toMatchObject({ ok: true, folder: 'docs', fileCount: docs.length, commit: fixture.head });
    expect(docs.length).toBeGreaterThan(50);
    expect(all.length).toBeGreaterThan(docs.length * 3);
    expect(await workingFiles(workspace)).toEqual([...docs].sort());
    expect(await workspace.readText('/workspace/.git/info/sparse-checkout')).toBe('/docs/\n');

    expect(await git(workspace, 'status', '--porcelain')).toBe('');
    expect(await git(workspace, 'status')).toContain(
      `You are in a sparse checkout with ${Math.round((docs.length / all.length) * 100)}% of tracked files present.`,
    );
    // Every file of the commit is still in the index, so the next commit keeps the folders not checked out.
    expect((await git(workspace, 'ls-files')).split('\n').filter(Boolean)).toHaveLength(all.length);
  }, 120_000);

  it('edits in the folder are all git reports, a commit keeps the rest of the tree, and native git agrees', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const result = await openRepo({ url: `${server.url}/fixture.git`, workspace, folder: 'docs' });
    expect(result.ok).toBe(true);
    const edited = docs[0];
    await workspace.writeFile(`/workspace/${edited}`, 'changed in the folder\n');
    await workspace.writeFile('/workspace/docs/new-note.md', 'new\n');
    expect((await git(workspace, 'status', '--porcelain')).split('\n').filter(Boolean)).toEqual([
      ` M ${edited}`,
      '?? docs/new-note.md',
    ]);

    await git(workspace, 'add', '-A');
    await git(workspace, 'commit', '-q', '-m', 'edit one note');
    expect(await git(workspace, 'status', '--porcelain')).toBe('');
    // Stash and a hard reset put back the folder's files and leave the others unwritten.
    await workspace.writeFile(`/workspace/${edited}`, 'again\n');
    await git(workspace, 'stash');
    expect(await workspace.readText(`/workspace/${edited}`)).toBe('changed in the folder\n');
    await git(workspace, 'stash', 'pop');
    await git(workspace, 'reset', '-q', '--hard');
    expect(await workspace.readText(`/workspace/${edited}`)).toBe('changed in the folder\n');
    expect(await git(workspace, 'status', '--porcelain')).toBe('');
    expect(await workingFiles(workspace)).toEqual([...docs, 'docs/new-note.md'].sort());

    // The same .git on disk: native git reads the version 3 index, skips the rest, sees nothing changed.
    const disk = mkdtempSync(join(tmpdir(), 'tidepool-sparse-'));
    try {
      for (const path of await workspace.listFiles('/workspace')) {
        const target = join(disk, path.slice('/workspace/'.length));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, await workspace.readFile(path));
      }
      const native = (...args: string[]) => execFileSync('git', ['-C', disk, ...args], { encoding: 'utf8' });
      expect(native('status', '--porcelain')).toBe('');
      // The new commit holds the whole tree: the folders never checked out, plus the new note.
      const tree = native('ls-tree', '-r', '--name-only', 'HEAD').split('\n').filter(Boolean);
      expect(tree).toEqual([...all, 'docs/new-note.md'].sort());
      expect(native('show', `HEAD:${edited}`)).toBe('changed in the folder\n');
      expect(
        native('ls-files', '-t')
          .split('\n')
          .filter((l) => l.startsWith('S ')).length,
      ).toBe(all.length - docs.length);
    } finally {
      rmSync(disk, { recursive: true, force: true });
    }
  }, 120_000);

  it('a folder the repository does not have, or a path that is no folder, is said so and writes nothing', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const missing = await openRepo({ url: `${server.url}/fixture.git`, workspace, folder: 'no/such/place' });
    expect(missing).toMatchObject({
      ok: false,
      error: { kind: 'no-folder', message: 'The repository has no folder no/such/place (or no file in it).' },
    });
    expect(await workspace.list('/workspace')).toEqual([]);
    const before = server.requests.length;
    for (const folder of ['../etc', '', '.git/hooks']) {
      const bad = await openRepo({ url: `${server.url}/fixture.git`, workspace, folder });
      expect(bad).toMatchObject({ ok: false, error: { kind: 'no-folder', remedies: ['folder'] } });
    }
    expect(server.requests.length).toBe(before);
  }, 60_000);
});
