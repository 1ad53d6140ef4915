// git in the lite shell against real git: the same fixture cloned over HTTP from a real
// `git http-backend` into a lite workspace and, with native git, into a temp dir; then the same
// edits and commands on both, comparing output byte for byte.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, unlinkSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiteWorkspaceWithGit } from '../src/git/git-command';
import type { LiteWorkspace } from '../src/workspace/lite-workspace';
import { startGitServer, type GitServer } from './fixtures/git-server';
import { GIT_TEST_IDENTITY } from './fixtures/git-identity';
import { makeFixtureRepo, type FixtureRepo } from './fixtures/make-fixture-repo';

const run = promisify(execFile);
const IDENTITY = GIT_TEST_IDENTITY;

let fixture: FixtureRepo;
let server: GitServer;
let home: string;
const scratchDirs: string[] = [];

function nativeEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1', LANG: 'C', LC_ALL: 'C', ...IDENTITY };
}

/** One checkout in the lite workspace and one on disk, kept in step. */
class Pair {
  constructor(
    readonly ws: LiteWorkspace,
    readonly wsDir: string,
    readonly diskDir: string,
  ) {}

  static async clone(name: string, depth?: number): Promise<Pair> {
    const ws = createLiteWorkspaceWithGit({ root: '/workspace' });
    const depthArgs = depth ? ['--depth', String(depth)] : [];
    const ours = await ws.exec(`git clone ${depthArgs.join(' ')} ${server.url}/fixture.git ${name}`, { env: IDENTITY });
    expect(ours.exitCode, ours.stderr).toBe(0);
    const parent = mkdtempSync(join(tmpdir(), 'tidepool-native-'));
    scratchDirs.push(parent);
    const disk = join(parent, name);
    await run('git', ['clone', '-q', ...depthArgs, `${server.url}/fixture.git`, disk], { env: nativeEnv() });
    return new Pair(ws, `/workspace/${name}`, disk);
  }

  async ours(command: string): Promise<{ stdout: string; stderr: string; exitCode: number }> {
    return this.ws.exec(command, { cwd: this.wsDir, env: IDENTITY });
  }

  theirs(args: string[]): { stdout: string; stderr: string; exitCode: number } {
    try {
      const stdout = execFileSync('git', args, {
        cwd: this.diskDir,
        env: nativeEnv(),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { stdout, stderr: '', exitCode: 0 };
    } catch (error) {
      const e = error as { stdout: string; stderr: string; status: number };
      return { stdout: e.stdout, stderr: e.stderr, exitCode: e.status };
    }
  }

  /** Runs `git <args>` in both and expects identical stdout and exit code. */
  async same(args: string[]): Promise<string> {
    const ours = await this.ours(`git ${args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')}`);
    const theirs = this.theirs(args);
    expect(ours.stdout, `git ${args.join(' ')}\nstderr: ${ours.stderr}`).toBe(theirs.stdout);
    expect(ours.exitCode, `git ${args.join(' ')} exit code; stderr: ${ours.stderr}`).toBe(theirs.exitCode);
    return ours.stdout;
  }

  async write(path: string, content: string): Promise<void> {
    await this.ws.writeFile(`${this.wsDir}/${path}`, content);
    mkdirSync(dirname(join(this.diskDir, path)), { recursive: true });
    writeFileSync(join(this.diskDir, path), content);
  }

  async append(path: string, content: string): Promise<void> {
    const old = readFileSync(join(this.diskDir, path), 'utf8');
    await this.write(path, old + content);
  }

  async remove(path: string): Promise<void> {
    await this.ws.remove(`${this.wsDir}/${path}`);
    unlinkSync(join(this.diskDir, path));
  }
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'tidepool-home-'));
  fixture = makeFixtureRepo();
  server = await startGitServer({ projectRoot: fixture.projectRoot });
}, 60_000);

afterAll(async () => {
  await server?.close();
  for (const dir of [fixture.projectRoot, home, ...scratchDirs]) rmSync(dir, { recursive: true, force: true });
});

describe('a shallow clone over HTTP into the lite workspace', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await Pair.clone('shallow', 1);
  }, 60_000);

  it('holds every file of the fixture, with .git in the same tree', async () => {
    const files = await pair.ws.listFiles(pair.wsDir);
    const worktree = files.filter((f) => !f.includes('/.git/'));
    expect(worktree.length).toBe(fixture.fileCount);
    expect(files.some((f) => f.endsWith('/.git/HEAD'))).toBe(true);
    expect(await pair.ws.readText(`${pair.wsDir}/scripts/build.sh`)).toContain('echo building');
  });

  it('git log --oneline and git log print what real git prints', async () => {
    await pair.same(['log', '--oneline']);
    await pair.same(['log']);
  });

  it('the .git written into the tree is one real git reads: copied to disk, status is clean and fsck passes', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tidepool-export-'));
    for (const file of await pair.ws.listFiles(pair.wsDir)) {
      const target = join(out, file.slice(pair.wsDir.length));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, await pair.ws.readFile(file), { mode: file.endsWith('.sh') ? 0o755 : 0o644 });
    }
    const git = (...args: string[]) => execFileSync('git', args, { cwd: out, env: nativeEnv(), encoding: 'utf8' });
    expect(git('status', '--porcelain')).toBe('');
    expect(git('fsck', '--no-progress')).toBe('');
    expect(git('log', '--oneline')).toBe(pair.theirs(['log', '--oneline']).stdout);
    rmSync(out, { recursive: true, force: true });
  });

  it('git status on the clean clone matches real git', async () => {
    const out = await pair.same(['status']);
    expect(out).toContain('nothing to commit, working tree clean');
    await pair.same(['status', '-s']);
    await pair.same(['status', '-sb']);
  });
});

describe('git on a full clone, step by step against real git', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await Pair.clone('full');
  }, 60_000);

  it('log in its usual forms matches real git', async () => {
    await pair.same(['log', '--oneline']);
    await pair.same(['log']);
    await pair.same(['log', '-n', '2']);
    await pair.same(['log', '-3', '--oneline']);
    await pair.same(['log', '--stat', '-2']);
    await pair.same(['log', '--format=%h %an <%ae> %s']);
    await pair.same(['log', '--pretty=format:%H %ad', '--date=iso']);
    await pair.same(['log', '--oneline', '--', 'README.md']);
  });

  it('show matches real git, including renames and deletions', async () => {
    await pair.same(['show']);
    await pair.same(['show', '--stat', 'HEAD~2']);
    await pair.same(['show', '--name-status', 'HEAD~2']);
    await pair.same(['show', 'HEAD~1:README.md']);
    await pair.same(['show', 'HEAD~1', '--', 'README.md']);
  });

  it('status, diff and diff --stat after edits through the workspace match real git', async () => {
    await pair.append('README.md', 'One more line.\n');
    await pair.append('src/mod00/file0.ts', 'export const edited = true;\n');
    await pair.write('notes/todo.txt', 'write tests\n');
    await pair.write('TOP.txt', 'top level\n');
    await pair.remove('CHANGELOG.md');
    await pair.same(['status']);
    await pair.same(['status', '-s']);
    await pair.same(['status', '--porcelain']);
    await pair.same(['diff']);
    await pair.same(['diff', '--stat']);
    await pair.same(['diff', '--name-status']);
    await pair.same(['diff', '--', 'README.md']);
  });

  it('after git add, status and diff --staged match real git', async () => {
    await pair.same(['add', 'README.md', 'notes']);
    await pair.same(['status']);
    await pair.same(['diff', '--staged']);
    await pair.same(['diff', '--cached', '--stat']);
    await pair.same(['add', '-A']);
    await pair.same(['status']);
    await pair.same(['status', '-s']);
  });

  it('git commit makes the same commit real git makes', async () => {
    const out = await pair.same(['commit', '-m', 'Edit the docs\n\nWith a body.']);
    expect(out).toMatch(/^\[main [0-9a-f]{7}\] Edit the docs\n 5 files changed/);
    await pair.same(['log', '--oneline', '-2']);
    await pair.same(['status']);
    await pair.same(['rev-parse', 'HEAD']);
  });

  it('mv, rm and restore --staged leave the same status as in real git', async () => {
    await pair.same(['mv', 'docs/guide/page1.md', 'docs/guide/renamed.md']);
    await pair.same(['rm', '-q', 'docs/guide/page2.md']);
    await pair.same(['status']);
    await pair.same(['status', '-s']);
    await pair.same(['restore', '--staged', 'docs/guide/page2.md']);
    await pair.same(['status', '-s']);
    await pair.same(['restore', 'docs/guide/page2.md']);
    await pair.same(['status', '-s']);
    await pair.same(['commit', '-q', '-m', 'Rename a page']);
    await pair.same(['log', '--oneline', '-1']);
  });

  it('branches, switch and reset agree with real git', async () => {
    await pair.same(['branch', 'topic']);
    await pair.same(['branch']);
    await pair.same(['switch', '-c', 'work']);
    await pair.append('README.md', 'work\n');
    await pair.same(['commit', '-q', '-am', 'Work']);
    await pair.same(['log', '--oneline', '-3']);
    await pair.same(['reset', '--soft', 'HEAD~1']);
    await pair.same(['status', '-s']);
    await pair.same(['reset']);
    await pair.same(['status', '-s']);
    await pair.same(['reset', '--hard', 'HEAD~1']);
    await pair.same(['status']);
    await pair.same(['log', '--oneline', '-2']);
    await pair.same(['switch', 'main']);
    await pair.same(['branch', '-d', 'work']);
    await pair.same(['branch', '-a']);
  });

  it('stash push, list, show and pop write the stash real git writes', async () => {
    await pair.append('README.md', 'stashed\n');
    await pair.write('staged-new.txt', 'new and staged\n');
    await pair.same(['add', 'staged-new.txt']);
    const pushed = await pair.same(['stash']);
    expect(pushed).toMatch(/^Saved working directory and index state WIP on main: [0-9a-f]{7} /);
    await pair.same(['status', '-s']);
    await pair.same(['stash', 'list']);
    await pair.same(['stash', 'show']);
    await pair.same(['show', '-s', '--format=%T/%P/%an/%ae/%at/%ai/%cn/%ce/%ct/%ci/%s', 'stash@{0}']);
    await pair.same(['show', '-s', '--format=%T/%P/%an/%ae/%at/%ai/%cn/%ce/%ct/%ci/%s', 'stash@{0}^2']);
    await pair.same(['rev-parse', 'stash@{0}']);
    await pair.same(['stash', 'pop']);
    await pair.same(['status', '-s']);
    await pair.same(['stash', 'list']);
    await pair.same(['reset', '-q', '--hard']);
    await pair.same(['status', '-s']);
  });

  it('commit, push: the server accepts it, and real git fsck and log agree', async () => {
    const before = execFileSync('git', ['rev-parse', 'main'], { cwd: fixture.gitDir, encoding: 'utf8' }).trim();
    await pair.write('pushed.txt', 'from the browser\n');
    expect((await pair.ours('git add pushed.txt && git commit -q -m "Push from Tidepool"')).exitCode).toBe(0);
    const push = await pair.ours('git push');
    expect(push.exitCode, push.stderr).toBe(0);
    expect(push.stderr).toMatch(
      new RegExp(`^To ${server.url}/fixture.git\n   [0-9a-f]{7}\\.\\.[0-9a-f]{7}  main -> main\n$`),
    );
    const fsck = execFileSync('git', ['fsck', '--strict', '--no-progress'], {
      cwd: fixture.gitDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(fsck).toBe('');
    const serverLog = execFileSync('git', ['log', '--format=%s', '-2', 'main'], {
      cwd: fixture.gitDir,
      encoding: 'utf8',
    });
    expect(serverLog.split('\n')[0]).toBe('Push from Tidepool');
    const parent = execFileSync('git', ['rev-parse', 'main~1'], { cwd: fixture.gitDir, encoding: 'utf8' }).trim();
    expect(parent).not.toBe(before); // our earlier local commits went up with it
    expect((await pair.ours('git status -sb')).stdout).toBe('## main...origin/main\n');
    // Put the server back for other tests.
    execFileSync('git', ['update-ref', 'refs/heads/main', before], { cwd: fixture.gitDir });
  });
});

describe('what git refuses', () => {
  it('an unsupported subcommand exits 1 and says so', async () => {
    const ws = createLiteWorkspaceWithGit({ root: '/workspace' });
    const result = await ws.exec('git rebase -i HEAD~2');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe("git: 'rebase' is not supported in Tidepool's git\n");
  });

  it('an unsupported flag exits 1 and names the flag', async () => {
    const ws = createLiteWorkspaceWithGit({ root: '/workspace', files: { 'a.txt': 'a\n' } });
    await ws.exec('git init -q');
    const result = await ws.exec('git log --graph');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe("git: 'log --graph' is not supported in Tidepool's git\n");
    const status = await ws.exec('git status --ignored');
    expect(status.exitCode).toBe(1);
    expect(status.stderr).toBe("git: 'status --ignored' is not supported in Tidepool's git\n");
  });

  it('outside a repository, git says it is not one (exit 128)', async () => {
    const ws = createLiteWorkspaceWithGit({ root: '/workspace' });
    const result = await ws.exec('git status');
    expect(result.exitCode).toBe(128);
    expect(result.stderr).toBe('fatal: not a git repository (or any of the parent directories): .git\n');
  });

  it("cloning a repository that does not exist fails with git's wording", async () => {
    const ws = createLiteWorkspaceWithGit({ root: '/workspace' });
    const result = await ws.exec(`git clone ${server.url}/missing.git`);
    expect(result.exitCode).toBe(128);
    expect(result.stderr).toContain(`fatal: repository '${server.url}/missing.git' not found`);
    expect(await ws.stat('/workspace/missing')).toBeNull();
  });
});
