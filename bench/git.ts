// git figures: a shallow clone of the ~2,000-file fixture from a loopback `git http-backend` into
// the lite workspace (open-by-URL's path), against native `git clone --depth 1` of the same repo
// in the same run; then `git status` on the clone: the first run (a fresh page's first status
// after opening a repo) and warm runs, each against the 300 ms target.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runGit } from '../src/git/cli';
import { openRepo } from '../src/git/open-repo';
import { createLiteWorkspaceWithGit } from '../src/git/git-command';
import { startGitServer } from '../test/fixtures/git-server';
import { makeFixtureRepo } from '../test/fixtures/make-fixture-repo';
import { median, timeMedian, type BenchRow } from './types';

const exec = promisify(execFile);
const ROUNDS = 5;

export async function run(): Promise<BenchRow[]> {
  const fixture = makeFixtureRepo();
  const server = await startGitServer({ projectRoot: fixture.projectRoot });
  const scratch = mkdtempSync(join(tmpdir(), 'tidepool-bench-git-'));
  const url = `${server.url}/fixture.git`;
  try {
    const ours: number[] = [];
    const native: number[] = [];
    // The first `git status` on each fresh clone: round 0's is the process's very first (cold code,
    // like a fresh page); later rounds' show the usual first status after opening a repo.
    let coldFirstMs = 0;
    const firsts: number[] = [];
    let last = createLiteWorkspaceWithGit({ root: '/workspace' });
    // Alternate the two so machine load falls on both alike; the first round warms up both.
    for (let i = 0; i <= ROUNDS; i++) {
      const dest = join(scratch, `clone-${i}`);
      let start = performance.now();
      // Native git is a child process: the loopback server keeps serving while it runs.
      await exec('git', ['clone', '-q', '--depth', '1', url, dest], {
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
      });
      const nativeMs = performance.now() - start;
      rmSync(dest, { recursive: true, force: true });

      const workspace = createLiteWorkspaceWithGit({ root: '/workspace' });
      start = performance.now();
      const result = await openRepo({ url, workspace });
      const oursMs = performance.now() - start;
      if (!result.ok) throw new Error(`clone failed: ${result.error.message}`);
      start = performance.now();
      const first = await runGit(['status'], { workspace, cwd: '/workspace', env: {} });
      const firstMs = performance.now() - start;
      if (first.exitCode !== 0) throw new Error(first.stderr);
      if (i > 0) {
        native.push(nativeMs);
        ours.push(oursMs);
        firsts.push(firstMs);
      } else coldFirstMs = firstMs;
      last = workspace;
    }
    const ctx = { workspace: last, cwd: '/workspace', env: {} };
    const statusMs = await timeMedian(() => runGit(['status'], ctx), 15, 2);
    await last.writeFile('/workspace/README.md', 'changed\n');
    const dirtyMs = await timeMedian(() => runGit(['status'], ctx), 10, 1);

    const oursMedian = median(ours);
    const nativeMedian = median(native);
    const files = `${fixture.fileCount.toLocaleString('en')} files / ${(fixture.totalBytes / 1e6).toFixed(1)} MB`;
    return [
      {
        name: `git: shallow clone into the lite workspace, ${files}`,
        value: oursMedian,
        unit: 'ms',
        note: `loopback git http-backend, ${ROUNDS} rounds`,
      },
      { name: 'git: native git clone --depth 1, same repo, same run', value: nativeMedian, unit: 'ms' },
      { name: 'git: clone time, lite ÷ native', value: oursMedian / nativeMedian, unit: 'x', target: 1.5 },
      {
        name: 'git: first git status in a fresh process, after its clone',
        value: coldFirstMs,
        unit: 'ms',
        target: 300,
        note: 'one run, code not yet warm (a fresh page)',
      },
      {
        name: 'git: first git status after each clone',
        value: median(firsts),
        unit: 'ms',
        target: 300,
        note: `${ROUNDS} rounds; slowest ${Math.max(...firsts).toFixed(0)} ms`,
      },
      { name: 'git: git status on the clone (warm)', value: statusMs, unit: 'ms', target: 300 },
      { name: 'git: git status with one modified file', value: dirtyMs, unit: 'ms', target: 300 },
    ];
  } finally {
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
    rmSync(fixture.projectRoot, { recursive: true, force: true });
  }
}
