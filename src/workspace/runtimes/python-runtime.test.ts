import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBundledRuntimes } from '../../../test/fixtures/runtime-bundle';
import { createLiteWorkspace, type LiteWorkspace } from '../lite-workspace';

// `python3`/`python` in the lite shell, end to end under Node: CPython's WebAssembly build in the
// same worker code the page runs, here in a worker_threads thread.

let ws: LiteWorkspace;
beforeAll(async () => {
  await useBundledRuntimes();
  ws = createLiteWorkspace({
    files: {
      'shapes.py': 'def area(w, h):\n    return w * h\n',
      'test_shapes.py':
        'import unittest\nfrom shapes import area\n\nclass AreaTest(unittest.TestCase):\n    def test_square(self):\n        self.assertEqual(area(2, 2), 4)\n\n    def test_wrong(self):\n        self.assertEqual(area(2, 3), 5)\n\nif __name__ == "__main__":\n    unittest.main()\n',
      'gen.py': 'import sys\nfor word in sys.argv[1:]:\n    print(word)\n',
      'vendor/tinypkg/__init__.py': 'GREETING = "hello from a workspace package"\n',
      'report.py':
        'import json, os, sys\nsys.path.insert(0, "vendor")\nimport tinypkg\ndata = {"greeting": tinypkg.GREETING, "cwd": os.getcwd(), "env": os.environ.get("STAGE")}\nwith open("out/report.json", "w") as f:\n    json.dump(data, f)\nprint(json.dumps(data))\n',
    },
  });
  // The first run pays for CPython's start in a fresh worker: give it room on a loaded machine.
  await ws.exec('python3 -c pass');
}, 180_000);
afterAll(() => ws.dispose());

const run = (command: string, options: Parameters<LiteWorkspace['exec']>[1] = {}) => ws.exec(command, options);

describe('python3 in the lite shell', { timeout: 60_000 }, () => {
  it('runs -c with the standard library, argv and an exit code', async () => {
    const result = await run(
      `python3 -c 'import sys, statistics; print(statistics.mean([1, 2, 3, 4]), sys.argv[1:]); sys.exit(3)' a b`,
    );
    expect(result.stdout).toBe("2.5 ['a', 'b']\n");
    expect(result.exitCode).toBe(3);
  });

  it('python -m unittest reports its counts and fails with exit code 1', async () => {
    const result = await run('python -m unittest -v test_shapes');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('test_square (test_shapes.AreaTest.test_square) ... ok');
    expect(result.stderr).toContain('test_wrong (test_shapes.AreaTest.test_wrong) ... FAIL');
    expect(result.stderr).toContain('AssertionError: 6 != 5');
    expect(result.stderr).toMatch(/Ran 2 tests in [\d.]+s\n\nFAILED \(failures=1\)/);
  });

  it('writes files into the tree, imports a package from the workspace, sees the shell’s variables', async () => {
    const result = await run('mkdir -p out && STAGE=test python3 report.py');
    expect(result.stderr).toBe('');
    const expected = { greeting: 'hello from a workspace package', cwd: '/workspace', env: 'test' };
    expect(JSON.parse(result.stdout)).toEqual(expected);
    expect(JSON.parse(ws.tree.readText('/workspace/out/report.json'))).toEqual(expected);
    // No bytecode caches left in the user's tree.
    expect(ws.tree.listFiles().some((f) => f.includes('__pycache__'))).toBe(false);
  });

  it('reads stdin, and json.tool formats it', async () => {
    const result = await run(`echo '{"b": 1, "a": [1, 2]}' | python3 -m json.tool --sort-keys`);
    expect(result.stdout).toBe('{\n    "a": [\n        1,\n        2\n    ],\n    "b": 1\n}\n');
    const upper = await run(`printf 'x\\ny\\n' | python3 -c 'import sys; print(sys.stdin.read().upper(), end="")'`);
    expect(upper.stdout).toBe('X\nY\n');
  });

  it('prints a traceback on stderr and exits 1 on an uncaught exception', async () => {
    await ws.writeFile('bad.py', 'def f():\n    return 1 / 0\n\nf()\n');
    const result = await run('python3 bad.py');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Traceback (most recent call last):');
    expect(result.stderr).toContain('File "/workspace/bad.py", line 2, in f');
    expect(result.stderr).toContain('ZeroDivisionError: division by zero');
  });

  it('mixes with the other commands in pipes', async () => {
    const result = await run('python3 gen.py pear fig apple kiwi | sort | head -2');
    expect(result.stdout).toBe('apple\nfig\n');
  });

  it('an endless loop is stopped by the timeout and the next run works', async () => {
    const result = await run(
      `python3 -c 'print("spinning", flush=True)
while True: pass'`,
      { timeoutMs: 4000 },
    );
    expect(result.timedOut).toBe(true);
    expect(result.stdout).toBe('spinning\n');
    expect((await run(`python3 -c 'print(6 * 7)'`)).stdout).toBe('42\n');
  });
});
