// node and python3 in the lite workspace, in headless Chromium against the production build:
// the first run (cold: sandbox frame, runtime files, worker start) and later runs (warm: a
// booted spare waits). Python's cold figure is taken with its files already in the HTTP cache.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { build, preview } from 'vite';
import { median, type BenchRow } from './types';

const WARM_RUNS = Number(process.env.BENCH_RUNTIME_RUNS ?? 9);
/** Time for the spare worker to boot between warm runs (a person types slower than this). */
const SPARE_MS = 2500;
const systemChromium = '/usr/bin/chromium';

interface Exec {
  ms: number;
  stdout: string;
  stderr: string;
  exitCode: number;
}

async function exec(page: Page, command: string): Promise<Exec> {
  const result = await page.evaluate(
    (c) => (window as unknown as { benchExec(c: string): Promise<Exec> }).benchExec(c),
    command,
  );
  if (result.exitCode !== 0 || result.stdout.trim() !== '1') {
    throw new Error(
      `${command}: exit ${result.exitCode}, ${JSON.stringify(result.stdout + result.stderr).slice(0, 200)}`,
    );
  }
  return result;
}

async function warm(page: Page, command: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    await page.waitForTimeout(SPARE_MS);
    times.push((await exec(page, command)).ms);
  }
  return median(times);
}

export async function run(): Promise<BenchRow[]> {
  const root = resolve(import.meta.dirname, '..');
  const outDir = mkdtempSync(join(tmpdir(), 'tidepool-bench-runtimes-'));
  await build({
    root,
    logLevel: 'silent',
    build: {
      outDir,
      emptyOutDir: true,
      // The app's own page is built too: the build's header step fills the CSP from it.
      rollupOptions: {
        input: { main: resolve(root, 'index.html'), harness: resolve(root, 'bench/runtimes-harness.html') },
      },
    },
  });
  const server = await preview({
    root,
    logLevel: 'silent',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
  });
  const base = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/';
  const url = new URL('bench/runtimes-harness.html', base).href;
  const browser = await chromium.launch({
    ...(existsSync(systemChromium) ? { executablePath: systemChromium } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const node = 'node -e "console.log(1)"';
  const python = 'python3 -c "print(1)"';
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => 'benchExec' in window);
    await page.evaluate(() => (window as unknown as { benchExec(c: string): Promise<unknown> }).benchExec('true'));
    const nodeCold = (await exec(page, node)).ms;
    const nodeWarm = await warm(page, node);
    const pythonFirst = (await exec(page, python)).ms;
    // A new page in the same context: the shell and workers are new, the HTTP cache holds the files.
    const again = await context.newPage();
    await page.close();
    await again.goto(url);
    await again.waitForFunction(() => 'benchExec' in window);
    await again.evaluate(() => (window as unknown as { benchExec(c: string): Promise<unknown> }).benchExec('true'));
    const pythonCold = (await exec(again, python)).ms;
    const pythonWarm = await warm(again, python);
    return [
      {
        name: "Lite node -e 'console.log(1)', first use (cold)",
        value: nodeCold,
        unit: 'ms',
        target: 400,
        note: 'single run in Chromium: sandbox frame, worker boot, run; just-bash already loaded, which starts fetching the node runtime',
      },
      {
        name: "Lite node -e 'console.log(1)', warm",
        value: nodeWarm,
        unit: 'ms',
        target: 30,
        note: `median of ${WARM_RUNS}; a booted spare worker takes each run`,
      },
      {
        name: "Lite python3 -c 'print(1)', first use, files cached",
        value: pythonCold,
        unit: 'ms',
        target: 4000,
        note: `single run on a new page; the very first (files fetched) took ${pythonFirst.toFixed(0)} ms`,
      },
      {
        name: "Lite python3 -c 'print(1)', warm",
        value: pythonWarm,
        unit: 'ms',
        target: 2000,
        note: `median of ${WARM_RUNS}; the worker keeps a fresh interpreter ready, the run pays CPython's start-up`,
      },
    ];
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
    rmSync(outDir, { recursive: true, force: true });
  }
}
