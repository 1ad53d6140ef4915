import { afterAll, describe, expect, it } from 'vitest';
import { spawnNodeWorker } from '../../../test/fixtures/grep-node-worker';
import { createGrepTool } from '../grep';
import { call, makeContext } from '../test-context';
import { inlineMatcher, workerMatcher, type MatchWorker } from './matcher';

// Grep's regex runs in a worker with a time limit: the same runner as the page's, over
// worker_threads. Inline (the old way) the first test never returns.

const matcher = workerMatcher(spawnNodeWorker);
const inWorker = createGrepTool({ matcher });
const inline = createGrepTool({ matcher: inlineMatcher });
afterAll(() => matcher.close());

const files = {
  'evil.txt': `${'a'.repeat(48)}b\n`,
  'src/app.ts': 'import { run } from "./run";\nexport function main() {\n  run();\n}\n',
  'src/run.ts': 'export function run() {\n  console.log("Run");\n}\n',
  'notes.md': 'a=1 b=22\nstruct A {\n  x: i32,\n}\nrun run\n',
};

describe('Grep in its search worker', () => {
  it('stops a catastrophic pattern with a clear error, the thread stays free, and the next search works', async () => {
    const ctx = makeContext(files);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 25);
    const result = await call(inWorker, { pattern: '(a+)+$', output_mode: 'content' }, ctx);
    clearInterval(timer);
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(
      /^Grep stopped after 5 s: the pattern "\(a\+\)\+\$" takes too long on some line, most likely catastrophic backtracking/,
    );
    // Timers kept firing while the pattern ran: the thread was never blocked.
    expect(ticks).toBeGreaterThan(20);
    const next = await call(inWorker, { pattern: 'run\\(\\)', output_mode: 'content', path: 'src' }, ctx);
    expect(next.content).toBe('src/app.ts:3:  run();\nsrc/run.ts:1:export function run() {');
  }, 60_000);

  it('prints exactly what the inline search prints, in every mode', async () => {
    const cases = [
      { pattern: 'run' },
      { pattern: 'run', output_mode: 'count' },
      { pattern: 'run', output_mode: 'content', '-C': 1 },
      { pattern: '\\w=\\d+', output_mode: 'content', '-o': true },
      { pattern: 'A \\{.*?\\}', output_mode: 'content', multiline: true },
      { pattern: 'i32,\\n\\}', multiline: true },
      { pattern: 'RUN', '-i': true, output_mode: 'content', path: 'src/run.ts' },
      { pattern: 'nothing-here', output_mode: 'content' },
    ];
    const ctx = makeContext(files);
    for (const input of cases)
      expect(await call(inWorker, input, ctx), JSON.stringify(input)).toEqual(await call(inline, input, ctx));
  }, 60_000);

  it('stops at once when the turn is aborted mid-search', async () => {
    const ctx = makeContext(files);
    const stop = new AbortController();
    const pending = call(inWorker, { pattern: '(a+)+$' }, { ...ctx, signal: stop.signal });
    setTimeout(() => stop.abort(), 50);
    expect(await pending).toEqual({ content: 'Grep was aborted.', isError: true });
  }, 60_000);

  it('says so when the worker cannot start', async () => {
    const broken: MatchWorker = {
      post: () => {},
      onMessage: () => {},
      onFailure: (handler) => queueMicrotask(() => handler('blocked by policy')),
      terminate: () => {},
    };
    const tool = createGrepTool({ matcher: workerMatcher(() => broken) });
    const result = await call(tool, { pattern: 'run' }, makeContext(files));
    expect(result).toEqual({
      content: 'Grep failed: the search worker could not start: blocked by policy.',
      isError: true,
    });
  });
});
