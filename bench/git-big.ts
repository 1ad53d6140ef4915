// Big-repo figures (issue 17): a generated 20,000-file repository (one commit of small files)
// served by the real git http-backend on loopback. In Node: native `git clone --depth 1` and our
// shallow clone (the same clone job the page's worker runs) in the same run, then the first
// `git status`. In Chromium: open by URL through the production build, with a long-task observer
// installed before the page's scripts: the longest main-thread task and the total blocking time
// from Clone to opened, the time it took, and the JS heap once opened.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { runGit } from '../src/git/cli';
import { createLiteWorkspaceWithGit } from '../src/git/git-command';
import { openRepo } from '../src/git/open-repo';
import { startGitServer } from '../test/fixtures/git-server';
import { makeBigRepo } from '../test/fixtures/make-big-repo';
import { median, type BenchRow } from './types';

const exec = promisify(execFile);
const FILES = Number(process.env.BENCH_BIG_FILES ?? 20_000);
const ROUNDS = Number(process.env.BENCH_BIG_ROUNDS ?? 2);

const observer = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

async function inChromium(
  url: string,
  label: string,
): Promise<{ ms: number; longest: number; blocking: number; heapMb: number }> {
  const outDir = mkdtempSync(join(tmpdir(), 'tidepool-bench-big-'));
  await build({ logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  const server = await preview({ logLevel: 'silent', build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
  const base = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/';
  const browser = await chromium.launch({
    ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(observer);
    const page = await context.newPage();
    await page.goto(`${base}?repo=${encodeURIComponent(url)}`);
    await page.getByRole('dialog', { name: 'Open this repository?' }).getByRole('button', { name: 'Clone' }).click();
    const start = await page.evaluate(() => performance.now());
    await page.getByRole('region', { name: `Opened ${label}` }).waitFor({ timeout: 600_000 });
    return await page.evaluate((from) => {
      const tasks = (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter(
        (t) => t.start + t.duration >= from,
      );
      const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
      return {
        ms: performance.now() - from,
        longest: Math.max(0, ...tasks.map((t) => t.duration)),
        blocking: tasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0),
        heapMb: (memory?.usedJSHeapSize ?? 0) / 1024 / 1024,
      };
    }, start);
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    rmSync(outDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchRow[]> {
  const repo = makeBigRepo({ files: FILES });
  const server = await startGitServer({ projectRoot: repo.projectRoot });
  const scratch = mkdtempSync(join(tmpdir(), 'tidepool-bench-big-git-'));
  const url = `${server.url}/${repo.name}`;
  const label = repo.name.replace(/\.git$/, '');
  const files = `${FILES.toLocaleString('en')} files`;
  try {
    const native: number[] = [];
    const ours: number[] = [];
    const status: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const dest = join(scratch, `clone-${i}`);
      let start = performance.now();
      await exec('git', ['clone', '-q', '--depth', '1', url, dest], {
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
      });
      native.push(performance.now() - start);
      rmSync(dest, { recursive: true, force: true });
      const workspace = createLiteWorkspaceWithGit({ root: '/workspace' });
      start = performance.now();
      const result = await openRepo({ url, workspace });
      ours.push(performance.now() - start);
      if (!result.ok) throw new Error(`clone failed: ${result.error.message}`);
      start = performance.now();
      const first = await runGit(['status'], { workspace, cwd: '/workspace', env: {} });
      status.push(performance.now() - start);
      if (first.exitCode !== 0) throw new Error(first.stderr);
    }
    const page = await inChromium(url, label);
    return [
      {
        name: `git big: shallow clone, ${files} (Node, the worker's code)`,
        value: median(ours),
        unit: 'ms',
        note: `${ROUNDS} rounds`,
      },
      { name: 'git big: native git clone --depth 1, same repo, same run', value: median(native), unit: 'ms' },
      { name: 'git big: clone time, ours ÷ native', value: median(ours) / median(native), unit: 'x', target: 1.5 },
      { name: 'git big: first git status after the clone', value: median(status), unit: 'ms', target: 1000 },
      {
        name: 'git big: open by URL in Chromium, Clone to opened',
        value: page.ms,
        unit: 'ms',
        note: 'production build, worker clone',
      },
      {
        name: 'git big: longest main-thread task during open',
        value: page.longest,
        unit: 'ms',
        target: 100,
        note: 'long-task observer',
      },
      {
        name: 'git big: total blocking time during open',
        value: page.blocking,
        unit: 'ms',
        note: 'sum of (task − 50 ms)',
      },
      { name: 'git big: JS heap after open', value: page.heapMb, unit: 'MB' },
    ];
  } finally {
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
