import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { configureProvider, expect, sendMessage, setModeBypass, test, TEST_KEY, type ScriptStep } from './fixtures';

// node and python3 in the lite workspace, in a real page: the scripted agent writes a Python
// module with unit tests and a Node script that turns a CSV into JSON, runs them through Bash,
// and the output, exit codes and new files show in the cards, the terminal and the tree. Runaway
// programs end by the Bash timeout and by Stop. A page served without COOP/COEP runs both too.

const workspace = (page: Page) => page.getByRole('region', { name: 'Workspace' });
const conversation = (page: Page) => page.getByRole('log', { name: 'Conversation' });
const bashCard = (page: Page, command: string) =>
  conversation(page).getByRole('article', {
    name: new RegExp(`^Bash Bash: ${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  });

async function setUp(page: Page, mockUrl: string, url = '/'): Promise<void> {
  await page.goto(url);
  await configureProvider(page, {
    provider: 'Anthropic',
    baseUrl: mockUrl,
    apiKey: TEST_KEY,
    model: 'claude-sonnet-4-5',
  });
  await setModeBypass(page);
}

const SHAPES = 'def area(width, height):\n    return width * height\n';
const TEST_SHAPES = `import unittest
from shapes import area


class AreaTest(unittest.TestCase):
    def test_square(self):
        self.assertEqual(area(3, 3), 9)

    def test_rectangle(self):
        self.assertEqual(area(2, 5), 11)
`;
const CSV = 'city,population\nLisbon,545000\nPorto,232000\n';
const CSV_TO_JSON = `const fs = require('node:fs');
const path = require('node:path');
const [input, output] = process.argv.slice(2);
const [head, ...rows] = fs.readFileSync(input, 'utf8').trim().split('\\n');
const keys = head.split(',');
const records = rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [keys[i], isNaN(v) ? v : Number(v)])));
fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, JSON.stringify(records, null, 2) + '\\n');
console.log(\`wrote \${records.length} records to \${output}\`);
`;
const CSV_TEST = `const test = require('node:test');
const assert = require('node:assert/strict');
const data = require('./out/cities.json');
test('has both cities', () => assert.deepEqual(data.map((d) => d.city), ['Lisbon', 'Porto']));
test('populations are numbers', () => assert.ok(data.every((d) => typeof d.population === 'number')));
`;

test.describe('node and python3 in the lite workspace', () => {
  // Generous: CPython's first start compiles 6 MB of wasm, several times slower on a loaded machine.
  test.setTimeout(360_000);

  test('the agent writes and runs a Python module with tests and a Node CSV-to-JSON script; output, exit codes and files show everywhere', async ({
    page,
    mock,
  }) => {
    const write = (file_path: string, content: string): ScriptStep => ({
      kind: 'reply',
      toolCalls: [{ name: 'Write', input: { file_path, content } }],
    });
    const bash = (command: string): ScriptStep => ({
      kind: 'reply',
      toolCalls: [{ name: 'Bash', input: { command } }],
    });
    mock.setScript([
      write('shapes.py', SHAPES),
      write('test_shapes.py', TEST_SHAPES),
      write('cities.csv', CSV),
      write('csv_to_json.js', CSV_TO_JSON),
      write('cities.test.js', CSV_TEST),
      bash('python3 -m unittest -v test_shapes'),
      bash('node csv_to_json.js cities.csv out/cities.json'),
      bash('node --test'),
      bash('python3 -m json.tool --sort-keys out/cities.json | head -4'),
      { kind: 'reply', text: 'Both ran: one Python test fails, the JSON is written.' },
    ]);
    await setUp(page, mock.url);
    await sendMessage(page, 'Write the shapes module with tests and the CSV converter, then run them.');
    await expect(page.getByText('Both ran:')).toBeVisible({ timeout: 200_000 });

    // Cards: unittest's counts and its exit code, the converter's line, node --test's summary, a pipe.
    const unittest = bashCard(page, 'python3 -m unittest');
    await expect(unittest).toContainText('test_square (test_shapes.AreaTest.test_square) ... ok');
    await expect(unittest).toContainText('Ran 2 tests');
    await expect(unittest).toContainText('FAILED (failures=1)');
    await expect(unittest).toContainText('Exit code 1');
    await expect(bashCard(page, 'node csv_to_json.js')).toContainText('wrote 2 records to out/cities.json');
    const nodeTest = bashCard(page, 'node --test');
    await expect(nodeTest).toContainText('✔ has both cities');
    await expect(nodeTest).toContainText('ℹ tests 2');
    await expect(nodeTest).toContainText('ℹ pass 2');
    await expect(nodeTest).toContainText('ℹ fail 0');
    await expect(bashCard(page, 'python3 -m json.tool')).toContainText('"city": "Lisbon",');

    // The model was told the same.
    const last = JSON.stringify(mock.requests.filter((r) => r.path === '/v1/messages').at(-1)?.body);
    expect(last).toContain('FAILED (failures=1)');
    expect(last).toContain('wrote 2 records');

    // The tree has the file the program wrote.
    const tree = workspace(page).getByRole('tree', { name: 'Workspace files' });
    await tree.getByRole('treeitem', { name: 'out' }).click();
    await expect(tree.getByRole('treeitem', { name: 'cities.json' })).toBeVisible();

    // The terminal: the agent's runs in its tab, and the user's own commands in a terminal of their own.
    await workspace(page).getByRole('tab', { name: 'Terminal' }).click();
    await workspace(page).getByRole('tab', { name: 'Agent' }).click();
    const agentLog = workspace(page).getByRole('log', { name: 'Agent shell output' });
    await expect(agentLog).toContainText('$ node csv_to_json.js cities.csv out/cities.json');
    await expect(agentLog).toContainText('wrote 2 records');
    await expect(agentLog).toContainText('Ran 2 tests');
    await workspace(page).getByRole('tab', { name: 'Terminal 1' }).click();
    const term = workspace(page).getByRole('application', { name: 'Terminal 1' });
    await term.click();
    await page.keyboard.type(`node -p "require('./out/cities.json').map((c) => c.city).join(' and ')"`);
    await page.keyboard.press('Enter');
    await expect(term).toContainText('Lisbon and Porto');
    await page.keyboard.type(`python3 -c "import shapes; print('area', shapes.area(6, 7))"`);
    await page.keyboard.press('Enter');
    await expect(term).toContainText('area 42');
  });

  test('an endless loop is ended by the Bash timeout, another by Stop, and the shell keeps working', async ({
    page,
    mock,
  }) => {
    mock.setScript([
      // The Bash timeout counts the runtime's start too: start node once so the loop below has its seconds.
      { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: `node -p '"warm"'` } }] },
      {
        kind: 'reply',
        toolCalls: [
          {
            name: 'Bash',
            input: { command: `node -e 'console.log("spin" + "ning"); while (true) {}'`, timeout: 10000 },
          },
        ],
      },
      {
        kind: 'reply',
        toolCalls: [
          {
            name: 'Bash',
            input: {
              command: `python3 -c 'import itertools, time\nfor i in itertools.count():\n    print("tick", i, flush=True)\n    time.sleep(0.3)'`,
            },
          },
        ],
      },
      // Never reached: Stop ends the turn while the second loop runs.
      { kind: 'reply', text: 'unreachable' },
    ]);
    await setUp(page, mock.url);
    await sendMessage(page, 'Run the two loops.');

    const timedOut = bashCard(page, `node -e 'console.log("spin" + "ning")`);
    await expect(timedOut).toContainText('Timed out after 10 s', { timeout: 120_000 });
    await expect(timedOut).toContainText('spinning');

    // The second loop's output streams into its card while it runs; Stop ends it.
    const ticking = bashCard(page, 'python3 -c');
    await expect(ticking).toContainText('tick 2', { timeout: 120_000 });
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByText('Stopped. You can send another message.')).toBeVisible();
    await expect(ticking).not.toContainText('running');

    mock.setScript([
      {
        kind: 'reply',
        toolCalls: [{ name: 'Bash', input: { command: `python3 -c 'print(6 * 7)' && node -p '6 * 8'` } }],
      },
      { kind: 'reply', text: 'The shell still works.' },
    ]);
    await sendMessage(page, 'Is the shell still there?');
    await expect(page.getByText('The shell still works.')).toBeVisible({ timeout: 120_000 });
    await expect(bashCard(page, `python3 -c 'print(6 * 7)'`)).toContainText('42\n48');
  });
});

test.describe('without cross-origin isolation', () => {
  test.setTimeout(180_000);
  let server: Server;
  let origin = '';

  // The same build, served with no COOP/COEP headers: most embeds and plain static hosts.
  test.beforeAll(async () => {
    const root = resolve(process.env.E2E_OUT_DIR ?? 'dist');
    const types: Record<string, string> = {
      '.html': 'text/html',
      '.js': 'text/javascript',
      '.css': 'text/css',
      '.wasm': 'application/wasm',
      '.json': 'application/json',
      '.svg': 'image/svg+xml',
    };
    server = createServer((req, res) => {
      let path = join(root, decodeURIComponent((req.url ?? '/').split('?')[0]));
      if (!path.startsWith(root) || !existsSync(path) || statSync(path).isDirectory()) path = join(root, 'index.html');
      res.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' });
      createReadStream(path).pipe(res);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  test.afterAll(() => new Promise<void>((done) => server.close(() => done())));

  test('a page without COOP/COEP runs node and python3 in the terminal, and Ctrl+C stops one', async ({ page }) => {
    await page.goto(`${origin}/`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await workspace(page).getByRole('tab', { name: 'Terminal' }).click();
    const term = workspace(page).getByRole('application', { name: 'Terminal 1' });
    await expect(term).toContainText('Tidepool shell');
    await term.click();
    await page.keyboard.type(`node -e "console.log('node says', [1, 2, 3].map((n) => n * 7))"`);
    await page.keyboard.press('Enter');
    await expect(term).toContainText('node says [ 7, 14, 21 ]', { timeout: 90_000 });
    await page.keyboard.type(`python3 -c "import sys; print('python', sys.version_info[:2])"`);
    await page.keyboard.press('Enter');
    await expect(term).toContainText('python (3, 13)', { timeout: 90_000 });
    // The programs cannot reach the app's storage: their origin is opaque.
    await page.keyboard.type(
      `node -e "try { indexedDB.open('tidepool-keys') ; console.log('storage open') } catch (e) { console.log('storage blocked:', e.name) }"`,
    );
    await page.keyboard.press('Enter');
    await expect(term).toContainText('storage blocked: SecurityError', { timeout: 60_000 });
    // Ctrl+C ends a program that would run for ever; the next command runs.
    await page.keyboard.type(
      `python3 -c "import itertools, time; [print('heart', 'beat', flush=True) or time.sleep(0.25) for _ in itertools.count()]"`,
    );
    await page.keyboard.press('Enter');
    await expect(term).toContainText('heart beat', { timeout: 60_000 });
    await page.keyboard.press('Control+C');
    await expect(term).toContainText('^C');
    await page.keyboard.type(`node -p "'after ' + 'ctrl-c'"`);
    await page.keyboard.press('Enter');
    await expect(term).toContainText('after ctrl-c', { timeout: 60_000 });
  });
});
