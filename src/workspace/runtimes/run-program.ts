import { applyProgramWrites, type ProgramFsTarget } from './program-writes';
import type { RunRequest, RuntimeKind } from './protocol';
import type { BootedProcess, RuntimePool } from './runtime-pool';

// One program run, from the shell's side: send the worker what changed in the workspace and the
// run, pass output on as it arrives, apply the program's file changes through the shell's file
// system in order, and settle on its exit. An abort (the Bash timeout, Ctrl+C, Stop) ends the
// worker wherever it is; what the program printed and wrote until then is kept.

/** More output than this from one program ends it: a runaway print loop would exhaust the page. */
export const MAX_PROGRAM_OUTPUT = 32 * 1024 * 1024;

export interface ProgramRun {
  kind: RuntimeKind;
  request: RunRequest;
  /** Where file changes go: the shell's own file system. */
  fs: ProgramFsTarget;
  root: string;
  signal?: AbortSignal;
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

export interface ProgramResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Ended by the signal (the shell reports why: timeout or abort). */
  stopped: boolean;
}

export async function runProgram(pool: RuntimePool, run: ProgramRun): Promise<ProgramResult> {
  const { request } = run;
  if (run.signal?.aborted) return { stdout: '', stderr: '', exitCode: 130, stopped: true };
  // Booting can take long on a first use or a busy machine: a stop while waiting must still stop.
  const taking = pool.take(run.kind);
  let booted: BootedProcess;
  try {
    const first = await Promise.race([taking, abortOf(run.signal)]);
    if (first === ABORTED) {
      taking.then(
        (b) => pool.giveBack(b),
        () => undefined,
      );
      return { stdout: '', stderr: '', exitCode: 130, stopped: true };
    }
    booted = first;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      stdout: '',
      stderr: `${request.argv0}: the runtime could not start: ${why}\n`,
      exitCode: 127,
      stopped: false,
    };
  }
  const proc = booted;
  let stdout = '';
  let stderr = '';
  let size = 0;
  let writes: Promise<void> = Promise.resolve();

  return new Promise<ProgramResult>((resolve) => {
    let settled = false;
    const settle = (exitCode: number, reusable: boolean, stopped = false) => {
      if (settled) return;
      settled = true;
      run.signal?.removeEventListener('abort', onAbort);
      if (stopped || !reusable) pool.end(proc);
      // The next command in the pipeline must see the files this program wrote.
      void writes.then(() => {
        if (!stopped) pool.release(proc, reusable);
        resolve({ stdout, stderr, exitCode, stopped });
      });
    };
    const note = (text: string) => {
      stderr += text;
      run.onOutput?.('stderr', text);
    };
    const onAbort = () => settle(130, false, true);
    run.signal?.addEventListener('abort', onAbort, { once: true });

    proc.listen(
      (message) => {
        if (settled) return;
        switch (message.type) {
          case 'output':
            size += message.text.length;
            if (size > MAX_PROGRAM_OUTPUT) {
              note(
                `\n${request.argv0}: stopped: the program printed more than ${MAX_PROGRAM_OUTPUT / 1024 / 1024} MB\n`,
              );
              settle(1, false);
              return;
            }
            if (message.stream === 'stdout') stdout += message.text;
            else stderr += message.text;
            run.onOutput?.(message.stream, message.text);
            break;
          case 'fs':
            writes = writes
              .then(() => applyProgramWrites(run.fs, Array.isArray(message.ops) ? message.ops : [], run.root))
              .then((problems) => problems.forEach((p) => note(`${request.argv0}: ${p}\n`)));
            break;
          case 'exit':
            settle(message.code, true);
            break;
          case 'fatal':
            note(`${request.argv0}: ${message.message}\n`);
            settle(1, false);
            break;
        }
      },
      (reason) => {
        if (settled) return;
        note(`${request.argv0}: the runtime stopped unexpectedly (${reason})\n`);
        settle(1, false);
      },
    );
    proc.process.post({ type: 'files', files: proc.feed.next() });
    proc.process.post({ type: 'run', run: request });
  });
}

const ABORTED = Symbol('aborted');

function abortOf(signal: AbortSignal | undefined): Promise<typeof ABORTED> {
  return new Promise((resolve) => {
    if (signal?.aborted) resolve(ABORTED);
    else signal?.addEventListener('abort', () => resolve(ABORTED), { once: true });
  });
}
