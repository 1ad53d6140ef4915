import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBundledRuntimes } from '../../../test/fixtures/runtime-bundle';
import { BackgroundTasks } from '../../tools/background/tasks';
import { createLiteWorkspace, type LiteWorkspace } from '../lite-workspace';

// `node` in the lite shell, end to end under Node: the real runtime worker code in a
// worker_threads thread (the page runs the same code in a sandboxed Web Worker).

const CSV_TO_JSON = `const fs = require('node:fs');
const path = require('node:path');
const [head, ...rows] = fs.readFileSync(process.argv[2], 'utf8').trim().split('\\n');
const keys = head.split(',');
const records = rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [keys[i], isNaN(v) ? v : Number(v)])));
fs.mkdirSync('out', { recursive: true });
fs.writeFileSync(path.join('out', 'data.json'), JSON.stringify(records, null, 2) + '\\n');
console.log('wrote %d records', records.length);
`;

let ws: LiteWorkspace;
beforeAll(async () => {
  await useBundledRuntimes();
  ws = createLiteWorkspace({
    files: {
      'data.csv': 'name,qty\napple,3\npear,5\n',
      'csv.js': CSV_TO_JSON,
      'lib/math.mjs': 'export const add = (a, b) => a + b;\nexport default function twice(x) { return 2 * x; }\n',
      'main.mjs':
        "import twice, { add } from './lib/math.mjs';\nimport data from './package.json' with { type: 'json' };\nconst { readFile } = await import('node:fs/promises');\nconst text = await readFile(new URL('./data.csv', import.meta.url), 'utf8');\nconsole.log(add(1, 2), twice(4), data.name, text.split('\\n')[0]);\n",
      'package.json': '{ "name": "demo", "version": "1.0.0" }\n',
      'typed.ts':
        'interface Point { x: number; y: number }\nconst norm = (p: Point): number => Math.hypot(p.x, p.y);\nconsole.log(norm({ x: 3, y: 4 } as Point));\n',
      'node_modules/left-pad/package.json': '{ "name": "left-pad", "main": "index.js" }\n',
      'node_modules/left-pad/index.js': "module.exports = (s, n, c = ' ') => String(s).padStart(n, c);\n",
      'node_modules/esm-only/package.json':
        '{ "name": "esm-only", "type": "module", "exports": { ".": { "import": "./lib/index.js", "require": "./lib/index.cjs" }, "./util": "./lib/util.js" } }\n',
      'node_modules/esm-only/lib/index.js': "export const shout = (s) => s.toUpperCase() + '!';\n",
      'node_modules/esm-only/lib/index.cjs': "exports.shout = (s) => s.toUpperCase() + '?';\n",
      'node_modules/esm-only/lib/util.js': 'export const one = 1;\n',
      'math.test.js':
        "const test = require('node:test');\nconst assert = require('node:assert/strict');\ntest('adds', () => assert.equal(1 + 1, 2));\ntest('multiplies', () => assert.equal(2 * 3, 7));\ntest.describe('group', () => { test.it('inner', () => {}); });\n",
    },
  });
}, 120_000);
afterAll(() => ws.dispose());

const run = (command: string, options: Parameters<LiteWorkspace['exec']>[1] = {}) => ws.exec(command, options);

describe('node in the lite shell', () => {
  it('runs a script that reads a CSV and writes JSON into the tree, with argv and console formatting', async () => {
    const result = await run('node csv.js data.csv');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('wrote 2 records\n');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(ws.tree.readText('/workspace/out/data.json'))).toEqual([
      { name: 'apple', qty: 3 },
      { name: 'pear', qty: 5 },
    ]);
  });

  it('evaluates -e and -p, reads stdin, and prints objects as Node does', async () => {
    expect((await run('node -p "[1, 2, 3].map((x) => x * 2)"')).stdout).toBe('[ 2, 4, 6 ]\n');
    expect((await run(`node -e 'console.log({ a: 1, b: "x" }, process.argv.slice(1))' one two`)).stdout).toBe(
      "{ a: 1, b: 'x' } [ 'one', 'two' ]\n",
    );
    const piped = await run(
      `printf 'b\\na\\n' | node -e "let s = ''; process.stdin.on('data', (d) => (s += d)).on('end', () => console.log(s.split('\\n').filter(Boolean).sort().join(',')))"`,
    );
    expect(piped.stdout).toBe('a,b\n');
  });

  it('imports ES modules, JSON and node: builtins with top-level await', async () => {
    const result = await run('node main.mjs');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('3 8 demo name,qty\n');
  });

  it('runs TypeScript by stripping types, also through npx tsx and tsx', async () => {
    expect((await run('node typed.ts')).stdout).toBe('5\n');
    expect((await run('npx tsx typed.ts')).stdout).toBe('5\n');
    expect((await run('tsx typed.ts')).stdout).toBe('5\n');
  });

  it('loads packages from node_modules: CommonJS main, and exports conditions for require and import', async () => {
    const result = await run(
      `node -e "const pad = require('left-pad'); console.log(pad(7, 3, '0'), require('esm-only').shout('hi')); import('esm-only').then((m) => console.log(m.shout('hi')))"`,
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('007 HI?\nHI!\n');
  });

  it('ends with process.exitCode or process.exit, and after pending timers', async () => {
    expect((await run(`node -e 'process.exitCode = 3'`)).exitCode).toBe(3);
    const timed = await run(
      `node -e 'setTimeout(() => { console.log("late"); process.exit(4); console.log("never") }, 20)'`,
    );
    expect(timed.stdout).toBe('late\n');
    expect(timed.exitCode).toBe(4);
  });

  it('reports an uncaught exception on stderr the way Node does, with exit code 1', async () => {
    await ws.writeFile('boom.js', 'function explode() {\n  throw new Error("boom");\n}\nexplode();\n');
    const result = await run('node boom.js');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('/workspace/boom.js:2\n  throw new Error("boom");\n        ^\n\nError: boom\n');
    expect(result.stderr).toContain('at explode (/workspace/boom.js:2:9)');
    expect(result.stderr).toMatch(/Node\.js v\d+/);
    expect(result.stderr).not.toMatch(/thread-entry|node-program|blob:/);
  });

  it('refuses child_process with a reason, and says a missing module is missing', async () => {
    const spawn = await run(`node -e "require('child_process').execSync('ls')"`);
    expect(spawn.exitCode).toBe(1);
    expect(spawn.stderr).toContain('node:child_process is not available: programs cannot start other processes');
    const missing = await run('node nope.js');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("Cannot find module '/workspace/nope.js'");
  });

  it('node --test finds the test files and prints the pass/fail counts', async () => {
    const result = await run('node --test');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('✔ adds');
    expect(result.stdout).toContain('✖ multiplies');
    expect(result.stdout).toContain('▶ group');
    expect(result.stdout).toMatch(/ℹ tests 3\nℹ suites 1\nℹ pass 2\nℹ fail 1\n/);
    expect(result.stdout).toContain('Expected values to be strictly equal:\n  \n  6 !== 7');
  });

  it('streams output as it arrives, before the command ends', async () => {
    const seen: string[] = [];
    let settled = false;
    const running = run(
      `node -e 'let n = 0; const t = setInterval(() => { console.log("tick " + ++n); if (n === 3) clearInterval(t) }, 30)'`,
      {
        onOutput: (chunk) => seen.push(chunk),
      },
    ).then((r) => ((settled = true), r));
    await expect.poll(() => seen.join(''), { timeout: 20_000 }).toContain('tick 1');
    expect(settled).toBe(false);
    const result = await running;
    expect(result.stdout).toBe('tick 1\ntick 2\ntick 3\n');
    expect(seen.join('')).toBe('tick 1\ntick 2\ntick 3\n');
  });

  it("streams as it prints on a fresh workspace's very first command too", async () => {
    const fresh = createLiteWorkspace();
    try {
      const seen: string[] = [];
      let settled = false;
      const running = fresh
        .exec(`node -e 'console.log("first"); setTimeout(() => console.log("second"), 300)'`, {
          onOutput: (chunk) => seen.push(chunk),
        })
        .then((r) => ((settled = true), r));
      await expect.poll(() => seen.join(''), { timeout: 20_000 }).toContain('first');
      expect(settled).toBe(false);
      expect((await running).stdout).toBe('first\nsecond\n');
    } finally {
      await fresh.dispose();
    }
  });

  it('a background command streams its programs live to its own task, beside a foreground one', async () => {
    const tasks = new BackgroundTasks();
    // Prints, then runs until stopped: the output can only have come live.
    const started = tasks.start(ws, `node -e 'console.log("serving on 3000"); setInterval(() => {}, 1000)'`);
    const heard: string[] = [];
    tasks.subscribe((event) => event.type === 'output' && heard.push(event.chunk));
    await expect.poll(() => tasks.get(started.id)!.output, { timeout: 20_000 }).toContain('serving on 3000');
    expect(tasks.get(started.id)!.status).toBe('running');
    expect(heard.join('')).toContain('serving on 3000');

    // The foreground shell streams to its own listener meanwhile; neither hears the other.
    const seen: string[] = [];
    const fg = await ws.exec(`node -e 'console.log("foreground")'`, { onOutput: (chunk) => seen.push(chunk) });
    expect(fg.stdout).toBe('foreground\n');
    expect(seen.join('')).toBe('foreground\n');
    expect(tasks.get(started.id)!.output).not.toContain('foreground');

    const stopped = await tasks.stop(started.id, 'user');
    expect(stopped).toMatchObject({ status: 'killed', stoppedBy: 'user' });
    // What streamed is kept once, not repeated by the end-of-command delivery.
    expect(stopped!.output.match(/serving on 3000/g)).toHaveLength(1);
  });

  it('mixes with pipes and redirections of the other commands', async () => {
    const result = await run(
      `node -e 'for (const w of ["pear", "fig", "apple"]) console.log(w)' | sort | head -2 > top.txt && cat top.txt`,
    );
    expect(result.stdout).toBe('apple\nfig\n');
  });

  it('an endless loop is ended by the timeout, keeps what it printed, and the shell still works', async () => {
    const result = await run(`node -e 'console.log("started"); while (true) {}'`, { timeoutMs: 3000 });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBe(124);
    expect(result.stdout).toBe('started\n');
    expect((await run(`node -p '6 * 7'`)).stdout).toBe('42\n');
  });

  it('an abort ends the program at once', async () => {
    const controller = new AbortController();
    const running = run(`node -e 'setInterval(() => console.log("tick"), 50)'`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 500);
    const result = await running;
    expect(result.aborted).toBe(true);
    expect(result.exitCode).toBe(130);
    expect((await run('echo still here')).stdout).toBe('still here\n');
  });
});
