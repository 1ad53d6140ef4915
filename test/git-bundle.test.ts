// `git bundle` in the lite workspace, checked by real git: a bundle we write must pass real
// `git bundle verify`, clone to the same history and files, and (from a shallow clone) name the
// commits it needs as prerequisites so that a repository holding them can fetch from it.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../src/git/export-bundle';
import { createLiteWorkspaceWithGit } from '../src/git/git-command';
import type { LiteWorkspace } from '../src/workspace/lite-workspace';
import { startGitServer, type GitServer } from './fixtures/git-server';
import { GIT_TEST_IDENTITY } from './fixtures/git-identity';
import { makeFixtureRepo, type FixtureRepo } from './fixtures/make-fixture-repo';

const IDENTITY = GIT_TEST_IDENTITY;

// The fixture server runs in this process: anything that talks to it must not block the event loop.
const run = promisify(execFile);

let fixture: FixtureRepo;
let server: GitServer;
let scratch: string;
let fullClone: string;

function real(args: string[], cwd: string): { stdout: string; stderr: string; exitCode: number } {
  try {
    const stdout = execFileSync('git', args, {
      cwd,
      env: { PATH: process.env.PATH, HOME: scratch, GIT_CONFIG_NOSYSTEM: '1', LANG: 'C', LC_ALL: 'C', ...IDENTITY },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { stdout, stderr: '', exitCode: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; status: number };
    return { stdout: e.stdout, stderr: e.stderr, exitCode: e.status };
  }
}

async function sh(ws: LiteWorkspace, command: string, cwd = '/workspace/repo'): Promise<string> {
  const result = await ws.exec(command, { cwd, env: IDENTITY });
  expect(result.exitCode, `${command}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

/** Copies a file out of the lite workspace to disk. */
async function toDisk(ws: LiteWorkspace, path: string, name: string): Promise<string> {
  const target = join(scratch, name);
  writeFileSync(target, await ws.readFile(path));
  return target;
}

/** Every working-tree file under `dir` (not .git) with its content. */
function diskFiles(dir: string, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(join(dir, prefix))) {
    if (name === '.git') continue;
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) for (const [k, v] of diskFiles(dir, rel)) out.set(k, v);
    else out.set(rel, readFileSync(join(dir, rel)).toString('base64'));
  }
  return out;
}

async function liteFiles(ws: LiteWorkspace, dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of await ws.listFiles(dir)) {
    if (file.includes('/.git/')) continue;
    out.set(file.slice(dir.length + 1), Buffer.from(await ws.readFile(file)).toString('base64'));
  }
  return out;
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'tidepool-bundle-'));
  fixture = makeFixtureRepo({ baseFiles: 300 });
  server = await startGitServer({ projectRoot: fixture.projectRoot });
  fullClone = join(scratch, 'full');
  await run('git', ['clone', '-q', `${server.url}/fixture.git`, fullClone], {
    env: { PATH: process.env.PATH, HOME: scratch, GIT_CONFIG_NOSYSTEM: '1' },
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  for (const dir of [fixture.projectRoot, scratch]) rmSync(dir, { recursive: true, force: true });
});

describe('git bundle create from a repository with its whole history', () => {
  let ws: LiteWorkspace;
  let bundlePath: string;
  beforeAll(async () => {
    ws = createLiteWorkspaceWithGit({ root: '/workspace' });
    await sh(ws, `git clone ${server.url}/fixture.git repo`, '/workspace');
    // Work done in Tidepool: a commit of our own and an annotated tag.
    await ws.writeFile('/workspace/repo/NOTES.md', 'written in the browser\n');
    await sh(ws, 'git add NOTES.md && git commit -q -m "Add notes" && git tag -a v1.0 -m "First release"');
    await sh(ws, 'git bundle create ../repo.bundle --all');
    bundlePath = await toDisk(ws, '/workspace/repo.bundle', 'repo.bundle');
  }, 60_000);

  it('passes real git bundle verify, which finds the branches, the tag and HEAD and a complete history', () => {
    // git verifies only inside a repository; a complete history needs nothing from it.
    const empty = join(scratch, 'empty');
    real(['init', '-q', empty], scratch);
    const verify = real(['bundle', 'verify', bundlePath], empty);
    expect(verify.exitCode, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('The bundle records a complete history.');
    const head = real(['rev-parse', 'HEAD'], fullClone).stdout.trim();
    const heads = real(['bundle', 'list-heads', bundlePath], scratch).stdout;
    expect(heads).toMatch(/^[0-9a-f]{40} refs\/heads\/main$/m);
    expect(heads).toMatch(/^[0-9a-f]{40} refs\/tags\/v1\.0$/m);
    expect(heads).toMatch(/^[0-9a-f]{40} HEAD$/m);
    expect(heads).not.toContain(`${head} refs/heads/main`); // main moved on by our commit
  });

  it('real git clone of the bundle has the same log and the same files, and fsck passes', async () => {
    const dest = join(scratch, 'from-bundle');
    const clone = real(['clone', '-q', bundlePath, dest], scratch);
    expect(clone.exitCode, clone.stderr).toBe(0);
    expect(real(['log', '--oneline'], dest).stdout).toBe(await sh(ws, 'git log --oneline'));
    expect(real(['log', '--oneline'], dest).stdout.split('\n').length).toBeGreaterThan(3);
    expect(real(['describe', '--tags'], dest).stdout.trim()).toBe('v1.0');
    expect(real(['fsck', '--no-progress'], dest).exitCode).toBe(0);
    const theirs = diskFiles(dest);
    const ours = await liteFiles(ws, '/workspace/repo');
    expect(theirs.size).toBe(ours.size);
    expect(theirs.get('NOTES.md')).toBe(Buffer.from('written in the browser\n').toString('base64'));
    expect(theirs).toEqual(ours);
  });

  it('our git bundle verify and list-heads print what real git prints for the same file', async () => {
    const ours = await ws.exec('git bundle verify ../repo.bundle', { cwd: '/workspace/repo' });
    const theirs = real(['bundle', 'verify', '../repo.bundle'], join(scratch, 'full'));
    expect(ours.exitCode).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stderr).toBe('../repo.bundle is okay\n');
    expect((await ws.exec('git bundle list-heads ../repo.bundle', { cwd: '/workspace/repo' })).stdout).toBe(
      real(['bundle', 'list-heads', bundlePath], scratch).stdout,
    );
  });

  it('a range bundle needs its base: prerequisites listed, verify passes only where the base exists', async () => {
    await sh(ws, 'git bundle create ../range.bundle main~2..main');
    const path = await toDisk(ws, '/workspace/range.bundle', 'range.bundle');
    const base = (await sh(ws, 'git rev-parse main~2')).trim();
    const subject = (await sh(ws, 'git log -1 --format=%s main~2')).trim();
    expect(readFileSync(path).subarray(0, 200).toString('latin1')).toContain(`\n-${base} ${subject}\n`);
    const outside = real(['bundle', 'verify', path], scratch);
    expect(outside.exitCode).toBe(1);
    expect(outside.stderr).toContain('need a repository to verify a bundle');
    const inside = real(['bundle', 'verify', path], fullClone);
    expect(inside.exitCode, inside.stderr).toBe(0);
    expect(inside.stdout).toContain(`The bundle requires this ref:\n${base} \n`);
    // The pack really is enough on top of the base: real git fetches our new commit from it.
    const fetched = real(['fetch', '-q', path, 'main:from-range'], fullClone);
    expect(fetched.exitCode, fetched.stderr).toBe(0);
    expect(real(['log', '-1', '--format=%s', 'from-range'], fullClone).stdout).toBe('Add notes\n');
  });

  it('says so when there is nothing to bundle, or no repository at all', async () => {
    const empty = await ws.exec('git bundle create ../none.bundle main..main', { cwd: '/workspace/repo' });
    expect(empty.exitCode).toBe(128);
    expect(empty.stderr).toBe('fatal: Refusing to create empty bundle.\n');
    await ws.mkdir('/workspace/plain');
    const norepo = await ws.exec('git bundle create x.bundle --all', { cwd: '/workspace/plain' });
    expect(norepo.exitCode).toBe(128);
    expect(norepo.stderr).toContain('not a git repository');
    expect(await ws.stat('/workspace/plain/x.bundle')).toBeNull();
  });
});

describe('git bundle create from a shallow clone', () => {
  let ws: LiteWorkspace;
  let path: string;
  let shallowParent: string;
  beforeAll(async () => {
    ws = createLiteWorkspaceWithGit({ root: '/workspace' });
    await sh(ws, `git clone --depth 1 ${server.url}/fixture.git repo`, '/workspace');
    await ws.writeFile('/workspace/repo/README.md', 'rewritten in the browser\n');
    await sh(ws, 'git commit -q -a -m "Rewrite the readme"');
    await sh(ws, 'git bundle create ../shallow.bundle main');
    path = await toDisk(ws, '/workspace/shallow.bundle', 'shallow.bundle');
    shallowParent = real(['rev-parse', 'main~1'], fullClone).stdout.trim();
  }, 60_000);

  it('names the parent of the shallow commit as a prerequisite, so verify needs a repository that has it', () => {
    const header = readFileSync(path).subarray(0, 300).toString('latin1');
    expect(header).toMatch(new RegExp(`^# v2 git bundle\\n-${shallowParent}\\n[0-9a-f]{40} refs/heads/main\\n\\n`));
    const outside = real(['bundle', 'verify', path], scratch);
    expect(outside.exitCode).toBe(1);
    expect(outside.stderr).toContain('need a repository to verify a bundle');
    const lacking = join(scratch, 'lacking');
    real(['init', '-q', lacking], scratch);
    const missing = real(['bundle', 'verify', path], lacking);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain(`error: ${shallowParent}`);
  });

  it('verifies inside a repository with the full history, and real git fetches our commit from it', () => {
    const verify = real(['bundle', 'verify', path], fullClone);
    expect(verify.exitCode, verify.stderr).toBe(0);
    expect(verify.stdout).toContain(`The bundle requires this ref:\n${shallowParent} \n`);
    const fetched = real(['fetch', '-q', path, 'main:from-shallow'], fullClone);
    expect(fetched.exitCode, fetched.stderr).toBe(0);
    expect(real(['log', '--format=%s', '-2', 'from-shallow'], fullClone).stdout).toBe(
      `Rewrite the readme\n${real(['log', '-1', '--format=%s', 'main'], fullClone).stdout}`,
    );
    expect(real(['show', 'from-shallow:README.md'], fullClone).stdout).toBe('rewritten in the browser\n');
    expect(real(['fsck', '--no-progress'], fullClone).exitCode).toBe(0);
  });

  it('our git bundle verify agrees: okay here, lacking the prerequisite in a fresh repository', async () => {
    const here = await ws.exec('git bundle verify ../shallow.bundle', { cwd: '/workspace/repo' });
    // The shallow clone does not have the parent either: real git would say the same.
    expect(here.exitCode).toBe(1);
    expect(here.stderr).toBe(`error: Repository lacks these prerequisite commits:\nerror: ${shallowParent} \n`);
    const ours = createLiteWorkspaceWithGit({ root: '/workspace' });
    await sh(ours, `git clone ${server.url}/fixture.git full`, '/workspace');
    await ours.writeFile('/workspace/shallow.bundle', readFileSync(path));
    const ok = await ours.exec('git bundle verify ../shallow.bundle', { cwd: '/workspace/full' });
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stdout).toBe(real(['bundle', 'verify', path], fullClone).stdout);
  }, 60_000);
});

describe('git bundle verify of something that is not a bundle', () => {
  it('refuses a missing file and a file that is not a bundle, in real git’s words', async () => {
    const ws = createLiteWorkspaceWithGit({ root: '/workspace' });
    mkdirSync(join(scratch, 'x'), { recursive: true });
    await ws.writeFile('/workspace/junk', 'hello\n');
    const junk = await ws.exec('git bundle verify junk', { cwd: '/workspace' });
    expect(junk.exitCode).toBe(1);
    expect(junk.stderr).toBe("error: 'junk' does not look like a v2 or v3 bundle file\n");
    const missing = await ws.exec('git bundle list-heads nope.bundle', { cwd: '/workspace' });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe("error: could not open 'nope.bundle'\n");
  });
});

describe('the "Download git bundle" export', () => {
  it('says the workspace is not a git repository instead of producing a file', async () => {
    const ws = createLiteWorkspaceWithGit({ root: '/workspace' });
    await ws.writeFile('/workspace/index.html', '<h1>hi</h1>\n');
    const result = await exportBundle(ws, '/workspace');
    expect(result).toEqual({ ok: false, message: expect.stringContaining('not a git repository') });
  });

  it('says there is no history yet in a repository without commits', async () => {
    const ws = createLiteWorkspaceWithGit({ root: '/workspace' });
    await sh(ws, 'git init -q', '/workspace');
    const result = await exportBundle(ws, '/workspace');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('no commits yet');
  });

  it('bundles every branch and HEAD under the repository’s name, and real git clones it', async () => {
    const ws = createLiteWorkspaceWithGit({ root: '/workspace' });
    await sh(ws, 'git init -q && git remote add origin https://github.com/acme/tide-app.git', '/workspace');
    await ws.writeFile('/workspace/a.txt', 'one\n');
    await sh(ws, 'git add a.txt && git commit -q -m first && git branch side', '/workspace');
    await ws.writeFile('/workspace/a.txt', 'two\n');
    await sh(ws, 'git commit -q -a -m second', '/workspace');
    const result = await exportBundle(ws, '/workspace');
    if (!result.ok) throw new Error(result.message);
    expect(result.fileName).toBe('tide-app.bundle');
    expect(result.refs).toBe(3); // main, side, HEAD
    const file = join(scratch, result.fileName);
    writeFileSync(file, result.bytes);
    const dest = join(scratch, 'tide-app');
    const clone = real(['clone', '-q', file, dest], scratch);
    expect(clone.exitCode, clone.stderr).toBe(0);
    expect(real(['log', '--format=%s'], dest).stdout).toBe('second\nfirst\n');
    expect(readFileSync(join(dest, 'a.txt'), 'utf8')).toBe('two\n');
    expect(real(['log', '--format=%s', 'origin/side'], dest).stdout).toBe('first\n');
  });
});
