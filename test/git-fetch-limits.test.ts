// `git fetch` / `git pull` take in no more than a clone may: past the download cap or the
// inflated-size / file caps they stop with clone's too-large words, and the repository is left
// exactly as it was (refs, shallow, objects), against a real git smart-HTTP server.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runGit } from '../src/git/cli';
import { openRepo } from '../src/git/open-repo';
import { createLiteWorkspace, type LiteWorkspace } from '../src/workspace/lite-workspace';
import { startGitServer, type GitServer } from './fixtures/git-server';
import { makeFixtureRepo, type FixtureRepo } from './fixtures/make-fixture-repo';

let fixture: FixtureRepo;
let server: GitServer;
let work: string;
const sh = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, encoding: 'utf8' }).trim();

beforeAll(async () => {
  fixture = makeFixtureRepo();
  execFileSync('git', ['clone', '-q', '--bare', fixture.gitDir, `${fixture.projectRoot}/grow.git`]);
  server = await startGitServer({ projectRoot: fixture.projectRoot });
  work = mkdtempSync(join(tmpdir(), 'tidepool-fetch-limits-'));
}, 60_000);

afterAll(async () => {
  await server?.close();
  rmSync(fixture.projectRoot, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

/** Every path under .git with its bytes: what "unchanged" means. */
async function gitDirState(ws: LiteWorkspace): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const path of await ws.listFiles('/workspace/.git'))
    out.set(path, Buffer.from(await ws.readFile(path)).toString('base64'));
  return out;
}

it('a fetch over the inflated or download limit is refused with too-large and leaves the repository unchanged', async () => {
  const workspace = createLiteWorkspace({ root: '/workspace' });
  const opened = await openRepo({ url: `${server.url}/grow.git`, workspace });
  expect(opened.ok).toBe(true);
  const ctx = { workspace, cwd: '/workspace', env: {} };
  const before = await gitDirState(workspace);
  const originBefore = (await runGit(['rev-parse', 'origin/main'], ctx)).stdout;

  // Upstream grows by 16 MB of zeros: a few KB over the wire, 16 MB once inflated.
  const clone = join(work, 'up');
  sh(work, 'clone', '-q', `${fixture.projectRoot}/grow.git`, clone);
  writeFileSync(join(clone, 'zeros.bin'), Buffer.alloc(16 * 1024 * 1024));
  sh(clone, 'add', '.');
  sh(clone, 'commit', '-q', '-m', 'big');
  sh(clone, 'push', '-q', 'origin', 'main');

  const inflated = await runGit(['fetch'], { ...ctx, limits: { bytes: 4 * 1024 * 1024 } });
  expect(inflated.exitCode).toBe(128);
  expect(inflated.stderr).toContain("fatal: The repository's files come to more than 4 MB unpacked");
  expect(await gitDirState(workspace)).toEqual(before);

  const files = await runGit(['pull'], { ...ctx, limits: { files: 10 } });
  expect(files.exitCode).toBe(128);
  expect(files.stderr).toMatch(/fatal: The repository has [\d,]+ files; a tab holds at most 10\./);
  expect(await gitDirState(workspace)).toEqual(before);
  expect(await workspace.stat('/workspace/zeros.bin')).toBeNull();

  const download = await runGit(['fetch'], { ...ctx, limits: { maxBytes: 2_000 } });
  expect(download.exitCode).toBe(128);
  expect(download.stderr).toContain('more than the 0 MB limit');
  expect(await gitDirState(workspace)).toEqual(before);
  expect((await runGit(['rev-parse', 'origin/main'], ctx)).stdout).toBe(originBefore);

  // Within the limits the same fetch goes through.
  const fine = await runGit(['fetch'], { ...ctx, limits: { bytes: 64 * 1024 * 1024 } });
  expect(fine.exitCode, fine.stderr).toBe(0);
  expect((await runGit(['rev-parse', 'origin/main'], ctx)).stdout).toBe(`${sh(clone, 'rev-parse', 'HEAD')}\n`);
}, 120_000);
