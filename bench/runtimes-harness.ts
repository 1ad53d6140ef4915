import { createLiteWorkspace } from '../src/workspace/lite-workspace';

// The page bench/runtimes.ts drives: a lite workspace and nothing else, so a figure is the
// runtime's own time (exec call to result), not the app's or the terminal's.

const workspace = createLiteWorkspace({ files: { 'a.txt': 'a\n' } });

interface BenchResult {
  ms: number;
  stdout: string;
  stderr: string;
  exitCode: number;
}

Object.assign(window, {
  benchExec: async (command: string): Promise<BenchResult> => {
    const start = performance.now();
    const result = await workspace.exec(command);
    return { ms: performance.now() - start, stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
  },
});
