import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Command } from 'just-bash';
import { SCRATCH_FILES } from '../../../test/fixtures/hostile-lines';
import { createGitCommand } from '../../git/git-command';
import { bashTool } from '../../tools/bash';
import type { TreeSnapshot } from '../../workspace/file-tree';
import { createLiteWorkspace, type LiteWorkspace } from '../../workspace/lite-workspace';
import { loadShellParser } from '../../workspace/shell-syntax';
import { decidePermission, READ_ONLY_PROGRAMS } from '.';

// The gate against the shell: a few thousand lines from a small grammar of bash constructs, safe
// and unsafe commands mixed. Whenever the gate calls a line read-only, running it for real (not on
// the read-only view) must change no file and run only programs on the read-only list. The shell
// is instrumented: every program it has is wrapped to record its name before it runs.

const LINES = 3000;
const SAFE = [
  'ls',
  'ls -la',
  'cat a',
  'cat f x',
  'head -n 1 a',
  'tail -1 f',
  'wc -l a',
  'grep -n x f',
  'grep -rc a .',
  'sort a',
  'uniq a',
  'echo hi',
  'pwd',
  'cd dir',
  'cd ..',
  'find . -name x',
  'sed -n 1p a',
  "awk '{ print $1 }' a",
  'git status --short',
  'git log --oneline',
  'true',
  'basename dir/inner.txt',
  'diff a f',
  'cut -c1 a',
  'tr a b',
  'jq . .claude/settings.json',
  'printf "%s\\n" x',
  'stat -c %s a',
];
const UNSAFE = [
  'rm x',
  'touch y',
  'echo z > f',
  'mkdir d',
  'cp x y',
  'mv x y',
  "sed -i 's/x/y/' x",
  'sort -o f a',
  'find . -name x -delete',
  'tee f',
  'git branch topic',
  "eval 'rm x'",
  "bash -c 'touch y'",
  'xargs rm',
  'awk \'BEGIN { print 1 > "f" }\'',
  'x=1',
  'export V=1',
  'f() { rm x; }',
  'git tag v1',
  'chmod 600 a',
];
const OPTIONS = [
  '-n',
  '-o f',
  '--output=f',
  '{-delete,}',
  '-{o,}',
  '-[o]',
  '-?',
  '*',
  '?',
  '{a,f}',
  '$V',
  '"$V"',
  '-i',
  '-r',
];
const REDIRECTS = ['> f', '2>/dev/null', '>> g', '< a', '2>&1', '> /dev/null', '&> h', '>| f'];

/** A small deterministic generator (mulberry32), so a failure names a line that reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(seed: number): () => string {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const simple = (depth: number): string => {
    let cmd = rnd() < 0.7 ? pick(SAFE) : pick(UNSAFE);
    if (rnd() < 0.2) cmd += ` ${pick(OPTIONS)}`;
    if (rnd() < 0.1 && depth < 2) cmd += ` $(${list(depth + 1)})`;
    if (rnd() < 0.05) cmd = `\\${cmd}`;
    if (rnd() < 0.05) cmd = `echo a\\ #; ${cmd}`;
    if (rnd() < 0.15) cmd += ` ${pick(REDIRECTS)}`;
    return cmd;
  };
  const compound = (depth: number): string => {
    const body = list(depth + 1);
    const shape = pick([
      `( ${body} )`,
      `{ ${body}; }`,
      `if ${simple(depth)}; then ${body}; fi`,
      `for i in a f; do ${body}; done`,
      `while false; do ${body}; done`,
      `case a in a) ${body};; esac`,
      `! ${body}`,
    ]);
    return rnd() < 0.3 ? `${shape} ${pick(REDIRECTS)}` : shape;
  };
  const list = (depth: number): string => {
    const n = 1 + Math.floor(rnd() * 3);
    let out = '';
    for (let i = 0; i < n; i++) {
      if (i) out += pick([' ; ', ' && ', ' || ', ' | ', ' & ', '\n', ' |& ']);
      out += depth < 2 && rnd() < 0.25 ? compound(depth) : simple(depth);
    }
    return out;
  };
  return () => list(0);
}

const executed: string[] = [];
let ws: LiteWorkspace;
let base: TreeSnapshot;

beforeAll(async () => {
  await loadShellParser();
  const jb = await import('just-bash/browser');
  const record = (command: Command): Command => ({
    name: command.name,
    execute: (args, ctx) => {
      executed.push(command.name);
      return command.execute(args, ctx);
    },
  });
  // Each bundled program, wrapped: record its name, then run the real one.
  const wrapped: Command[] = jb.getCommandNames().map((name) => ({
    name,
    execute: (args, ctx) => {
      executed.push(name);
      return ctx.origCommand!(args);
    },
  }));
  const git = record(
    createGitCommand({
      workspace: () => ws,
      globalConfig: new Map([
        ['user.name', 'T'],
        ['user.email', 't@e.x'],
      ]),
    }),
  );
  ws = createLiteWorkspace({ files: SCRATCH_FILES, customCommands: [...wrapped, git] });
  expect((await ws.exec('git init -q && git add -A && git commit -qm base')).exitCode).toBe(0);
  base = ws.tree.snapshot();
});
afterAll(async () => {
  await ws.dispose();
});

function signature(): string {
  return ws.tree
    .allPaths()
    .sort()
    .map((p) => {
      const node = ws.tree.get(p)!;
      return `${p} ${node.kind} ${node.mtimeMs} ${node.kind === 'file' ? node.bytes.join(',') : ''}`;
    })
    .join('\n');
}

it(`of ${LINES} generated lines, every one the gate calls read-only changes nothing and runs only read-only programs`, async () => {
  const next = generator(20240521);
  const allowed = new Set(READ_ONLY_PROGRAMS);
  let readOnly = 0;
  let probes = 0;
  for (let i = 0; i < LINES; i++) {
    const line = next();
    const decision = decidePermission({
      tool: bashTool,
      input: { command: line },
      mode: 'default',
      rules: { allow: [], ask: [], deny: [] },
      root: '/workspace',
    });
    if (decision.behavior !== 'allow' || !decision.readOnly) continue;
    readOnly++;
    ws.tree.restore(base);
    const before = signature();
    executed.length = 0;
    await ws.exec(line, { cwd: '/workspace', env: { V: '-o f' }, timeoutMs: 10_000 });
    probes += executed.length;
    expect(signature(), `the line changed files: ${JSON.stringify(line)}`).toBe(before);
    const outside = executed.filter((name) => !allowed.has(name));
    expect(outside, `the line ran programs off the read-only list: ${JSON.stringify(line)}`).toEqual([]);
  }
  // The grammar must exercise both sides: enough read-only lines, and programs really recorded.
  expect(readOnly).toBeGreaterThan(LINES / 10);
  expect(probes).toBeGreaterThan(readOnly);
}, 300_000);
