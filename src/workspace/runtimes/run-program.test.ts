import { describe, expect, it } from 'vitest';
import { FileTree } from '../file-tree';
import type { ProcessHost, RuntimeProcess } from './process-host';
import { runProgram, type ProgramRun } from './run-program';
import { RuntimePool } from './runtime-pool';

// The page's side of a run when the runtime is slow or broken: it must never leave the shell waiting.

const noWrites = { writeFile: async () => {}, mkdir: async () => {}, rm: async () => {}, mv: async () => {} };

function program(signal?: AbortSignal): ProgramRun {
  return {
    kind: 'python',
    request: { args: ['-c', 'pass'], argv0: 'python3', cwd: '/workspace', env: {}, stdin: new Uint8Array() },
    fs: noWrites,
    root: '/workspace',
    signal,
  };
}

function hostWith(process: Partial<RuntimeProcess> | null): ProcessHost {
  return {
    spawn: () =>
      process
        ? Promise.resolve({ post: () => {}, onMessage: () => {}, onCrash: () => {}, terminate: () => {}, ...process })
        : new Promise<RuntimeProcess>(() => {}),
    assets: async () => ({}),
    prefetch: () => {},
    dispose: () => {},
  };
}

describe('a run whose runtime is slow or broken', () => {
  it('is stopped by the abort even while the runtime is still starting', async () => {
    const pool = new RuntimePool(new FileTree(), async () => hostWith(null));
    const controller = new AbortController();
    const running = runProgram(pool, program(controller.signal));
    setTimeout(() => controller.abort(), 50);
    expect(await running).toEqual({ stdout: '', stderr: '', exitCode: 130, stopped: true });
  });

  it('says why when the runtime cannot start', async () => {
    let listener: (message: unknown) => void = () => {};
    const pool = new RuntimePool(new FileTree(), async () =>
      hostWith({
        onMessage: (l) => (listener = l),
        post: (message) => {
          if (message.type === 'boot')
            queueMicrotask(() => listener({ type: 'fatal', message: 'Python did not start: out of memory' }));
        },
      }),
    );
    const result = await runProgram(pool, program());
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toBe('python3: the runtime could not start: Python did not start: out of memory\n');
  });

  it('reports a worker that dies mid-run instead of waiting for it', async () => {
    let listener: (message: unknown) => void = () => {};
    let crash: (reason: string) => void = () => {};
    const pool = new RuntimePool(new FileTree(), async () =>
      hostWith({
        onMessage: (l) => (listener = l),
        onCrash: (l) => (crash = l),
        post: (message) => {
          if (message.type === 'boot') queueMicrotask(() => listener({ type: 'ready' }));
          if (message.type === 'run') queueMicrotask(() => crash('the worker was killed'));
        },
      }),
    );
    const result = await runProgram(pool, program());
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('python3: the runtime stopped unexpectedly (the worker was killed)');
  });
});
