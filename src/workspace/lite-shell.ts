import type { Bash, BashExecResult, Command, CustomCommand, IFileSystem, ScriptNode } from 'just-bash';
import type { FileTree } from './file-tree';
import { createShellFs } from './just-bash-fs';
import { isUnder } from './paths';
import { ReadOnlyFs } from './read-only-fs';
import type { RuntimeCommands } from './runtimes/commands';
import { StatePlugin, type RunFragments } from './shell-state-plugin';
import type { ExecOptions, ExecResult, Workspace } from './types';

// The lite workspace's shell: just-bash over the tree, with the cwd and exported variables carried
// from run to run, and a second shell over a read-only view for commands the permission gate
// allowed as read-only. Loaded with just-bash on the first exec (LiteWorkspace imports it lazily),
// so none of it is part of the scripts that run before the first paint.

export interface ShellState {
  cwd: string;
  /** Exported variables only (PWD excluded: it follows cwd). */
  env: Record<string, string>;
}

export interface LiteShellOptions {
  tree: FileTree;
  customCommands: CustomCommand[];
  defaultEnv: Record<string, string>;
  /** A workspace over a read-only view of the tree, for the shell's own commands (`git`) in a read-only run. */
  readOnlyWorkspace: (view: FileTree) => Workspace;
}

/** The private command our injected trailer calls to report cwd and exported env back to us. */
const STATE_COMMAND = '__tidepool_state';
/** Variables just-bash exports by itself; unset them when the carried state no longer has them. */
const BASE_EXPORTED = ['HOME', 'PATH', 'OLDPWD'];
/** How long an aborted command may take to stop on its own (keeping its output) before we give up on it. */
const ABORT_GRACE_MS = 100;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Shell {
  bash: Bash;
  plugin: StatePlugin;
  fs: IFileSystem;
}

/** A second shell over a read-only view of the same namespace, for commands allowed as read-only. */
interface ReadOnlyShell extends Shell {
  token: string;
  /** The workspace the shell's own commands (`git`) see in a read-only run: writes fail there too. */
  workspace: Workspace;
}

export class LiteShell {
  private readonly tree: FileTree;
  private readonly root: string;
  private readonly customCommands: CustomCommand[];
  private shell: Promise<Shell> | null = null;
  private readOnlyShell: Promise<ReadOnlyShell> | null = null;
  private readOnlyShellValue: ReadOnlyShell | null = null;
  /** Paths the current read-only run tried to change. */
  private blocked: string[] = [];
  private runId = '';
  private runCount = 0;
  private captured: ShellState | null = null;
  /** node, python3 and friends (runtimes/), loaded with the shell; shared by both shells. */
  private runtimeCommands: RuntimeCommands | null = null;

  constructor(private readonly options: LiteShellOptions) {
    this.tree = options.tree;
    this.root = options.tree.root;
    this.customCommands = options.customCommands;
  }

  /**
   * The read-only view a command of the read-only shell must use, recognised by the token its fs
   * carries (custom commands such as `git` see the fs only through a proxy); null otherwise.
   */
  readOnlyWorkspaceFor(token: unknown): Workspace | null {
    const shell = this.readOnlyShellValue;
    return shell && typeof token === 'string' && token === shell.token ? shell.workspace : null;
  }

  /** The lite runtimes, loaded with the shell: LiteWorkspace wraps each exec in their `around`. */
  async runtimes(): Promise<RuntimeCommands> {
    await this.loadShell();
    return this.runtimeCommands!;
  }

  dispose(): void {
    this.runtimeCommands?.dispose();
  }

  /**
   * The programs this shell has: just-bash's, plus the page's own (e.g. `git`). The runtimes
   * (node, python3) are left out: a WebContainer routes by this list and has real ones.
   */
  async commandNames(): Promise<string[]> {
    await this.loadShell();
    const jb = await import('just-bash/browser');
    return [...jb.getCommandNames(), ...this.customCommands.map((c) => c.name)];
  }

  /** Runs one command from `state`; returns its result and where the shell stands after it. */
  async run(
    command: string,
    options: ExecOptions,
    state: ShellState,
  ): Promise<{ result: ExecResult; state: ShellState }> {
    if (options.signal?.aborted)
      return { result: this.finish(null, '', options, { timedOut: false, aborted: true }, state), state };
    let cwd = state.cwd;
    let note = '';
    if (options.cwd !== undefined) cwd = options.cwd; // resolved and checked by the workspace
    const shell = options.readOnly ? await this.loadReadOnlyShell() : await this.loadShell();
    if (options.cwd === undefined) {
      if (!(await this.isDir(shell, cwd))) {
        note = `tidepool: the previous directory ${cwd} no longer exists; running in ${this.root}\n`;
        cwd = this.root;
      }
    }
    const callEnv = options.env ?? {};
    const carried = { ...state.env, ...callEnv };
    const env = { ...carried, PWD: cwd };

    this.runId = `r${++this.runCount}`;
    this.captured = null;
    this.blocked = [];
    let result: BashExecResult | null;
    let flags = { timedOut: false, aborted: false };
    try {
      shell.plugin.arm(
        this.fragments(
          shell.bash,
          Object.keys(carried).filter((k) => NAME.test(k)),
          env,
        ),
      );
      ({ result, flags } = await runBounded(shell.bash, command, cwd, env, options));
    } catch (error) {
      // just-bash lets some write errors (a redirection's) out of exec: in a read-only run that is the refusal.
      if (!options.readOnly || this.blocked.length === 0) throw error;
      result = { stdout: '', stderr: `bash: ${(error as Error).message}\n`, exitCode: 1, env: {} };
    } finally {
      shell.plugin.disarm();
      this.runId = ''; // a command we abandoned must not overwrite later state
    }
    // A read-only run that tried to write changed nothing, its shell state included: it will be asked about and run again.
    const blockedWrites = options.readOnly ? [...new Set(this.blocked)] : [];
    const next = blockedWrites.length ? state : this.nextState(state, cwd, callEnv, result);
    const out = this.finish(result, note, options, flags, next);
    return { result: blockedWrites.length ? { ...out, blockedWrites } : out, state: next };
  }

  /**
   * A background command: a Bash of its own over the same files, so it neither waits in the queue
   * nor blocks it, starting where the shell stands now and leaving the shell's state alone. A
   * read-only one runs over the read-only view (its `git` too): a write fails there with EROFS.
   */
  async runDetached(command: string, options: ExecOptions, state: ShellState): Promise<ExecResult> {
    if (options.signal?.aborted) return this.finish(null, '', options, { timedOut: false, aborted: true }, state);
    const cwd = options.cwd ?? state.cwd; // resolved and checked by the workspace
    const { fs } = options.readOnly ? await this.loadReadOnlyShell() : await this.loadShell();
    const jb = await import('just-bash/browser');
    const env = { ...state.env, ...options.env, PWD: cwd };
    const runtimes = this.runtimeCommands;
    const customCommands = [...this.customCommands, ...(runtimes?.commands ?? [])];
    const run = async (o: ExecOptions, mark?: (ast: ScriptNode) => void): Promise<ExecResult> => {
      const bash = new jb.Bash({ fs, cwd, env, customCommands });
      // Its programs stream as they print, to this run's listener (the task's output).
      if (mark)
        bash.registerTransformPlugin({ name: 'tidepool-live', transform: (c) => (mark(c.ast), { ast: c.ast }) });
      const { result, flags } = await runBounded(bash, command, cwd, env, o);
      return this.finish(result, '', o, flags, state);
    };
    return runtimes ? runtimes.detached(options, run) : run(options);
  }

  /** Where the shell stands after a command: what the trailer captured, else a best effort from the final variables. */
  private nextState(
    previous: ShellState,
    cwd: string,
    callEnv: Record<string, string>,
    result: BashExecResult | null,
  ): ShellState {
    let next: ShellState;
    if (this.captured) {
      const { PWD: _pwd, ...env } = this.captured.env;
      next = { cwd: this.captured.cwd, env };
    } else if (result) {
      // `set -e` stopped the script, it was aborted, or it did not parse: the final variables are all we have.
      const env: Record<string, string> = {};
      for (const key of Object.keys({ ...previous.env, ...callEnv })) {
        const value = result.env[key];
        if (value !== undefined) env[key] = value;
      }
      next = { cwd: result.env.PWD ?? cwd, env };
    } else {
      next = { cwd, env: { ...previous.env } };
    }
    // Variables passed for one call do not stick unless the command changed them.
    for (const [key, value] of Object.entries(callEnv)) {
      if (next.env[key] !== value) continue;
      if (key in previous.env) next.env[key] = previous.env[key];
      else delete next.env[key];
    }
    return next;
  }

  private finish(
    result: BashExecResult | null,
    note: string,
    options: ExecOptions,
    flags: { timedOut: boolean; aborted: boolean },
    state: ShellState,
  ): ExecResult {
    const stdout = result?.stdout ?? '';
    let stderr = note + (result?.stderr ?? '');
    let exitCode = result?.exitCode ?? 1;
    if (flags.timedOut || flags.aborted) {
      const why = flags.timedOut ? `tidepool: timed out after ${options.timeoutMs} ms\n` : 'tidepool: aborted\n';
      stderr = stderr.replace(/bash: execution aborted\n$/, '') + why;
      exitCode = flags.timedOut ? 124 : 130;
    }
    if (stdout) options.onOutput?.(stdout, 'stdout');
    if (stderr) options.onOutput?.(stderr, 'stderr');
    return { stdout, stderr, exitCode, timedOut: flags.timedOut, aborted: flags.aborted, cwd: state.cwd };
  }

  private async isDir(shell: Shell, path: string): Promise<boolean> {
    if (isUnder(this.root, path)) return this.tree.kind(path) === 'dir';
    try {
      return (await shell.bash.fs.stat(path)).isDirectory;
    } catch {
      return false;
    }
  }

  /** The AST pieces for one run, parsed by just-bash itself (the plugin is disarmed while we parse). */
  private fragments(bash: Bash, exportNames: string[], env: Record<string, string>): RunFragments {
    const unset = BASE_EXPORTED.filter((name) => !(name in env));
    const lines = [
      exportNames.length ? `export ${exportNames.join(' ')}` : '',
      unset.length ? `unset ${unset.join(' ')}` : '',
    ].filter(Boolean);
    const preamble = lines.length ? bash.transform(lines.join('\n')).ast.statements : [];
    const trailer = bash.transform(`${STATE_COMMAND} ${this.runId} "$?"`).ast.statements[0];
    const wrap = bash.transform(`if ${STATE_COMMAND} ${this.runId} "$?"; then exit; else exit; fi`).ast;
    return { preamble, trailer, exitWrap: wrap.statements[0].pipelines[0].commands[0] };
  }

  private loadShell(): Promise<Shell> {
    if (!this.shell) {
      this.shell = this.createShell();
      this.shell.catch(() => (this.shell = null)); // a failed chunk load may succeed next time
    }
    return this.shell;
  }

  private loadReadOnlyShell(): Promise<ReadOnlyShell> {
    if (!this.readOnlyShell) {
      this.readOnlyShell = this.createReadOnlyShell();
      this.readOnlyShell.catch(() => (this.readOnlyShell = null));
    }
    return this.readOnlyShell;
  }

  private async createReadOnlyShell(): Promise<ReadOnlyShell> {
    const normal = await this.loadShell();
    const token = `ro-${Math.random().toString(36).slice(2)}`;
    const record = (_op: string, path: string): void => void this.blocked.push(path);
    const fs = new ReadOnlyFs(normal.fs, record, token);
    const shell: ReadOnlyShell = {
      ...(await this.createShell(fs)),
      token,
      workspace: this.options.readOnlyWorkspace(this.tree.readOnlyView(record)),
    };
    this.readOnlyShellValue = shell;
    return shell;
  }

  /** A just-bash shell over `fs`, by default the tree mounted in a fresh scratch namespace. */
  private async createShell(shared?: IFileSystem): Promise<Shell> {
    const [jb, { createRuntimeCommands }] = await Promise.all([
      import('just-bash/browser'),
      import('./runtimes/commands'),
    ]);
    // Programs write through the shell's fs (ctx.fs), so in the read-only shell their writes are refused too.
    const runtimes = (this.runtimeCommands ??= createRuntimeCommands(this.tree));
    const names = [
      ...jb.getCommandNames(),
      ...this.customCommands.map((c) => c.name),
      ...runtimes.names,
      STATE_COMMAND,
    ];
    const fs = shared ?? createShellFs(jb, this.tree, names, STATE_COMMAND).fs;
    const stateCommand: Command = {
      name: STATE_COMMAND,
      execute: async (args, ctx) => {
        if (args[0] === this.runId && this.runId && ctx.exportedEnv) {
          this.captured = { cwd: ctx.cwd, env: { ...ctx.exportedEnv } };
        }
        return { stdout: '', stderr: '', exitCode: Number(args[1]) || 0 };
      },
    };
    const bash = new jb.Bash({
      fs,
      cwd: this.root,
      env: { ...this.options.defaultEnv },
      customCommands: [...this.customCommands, ...runtimes.commands, stateCommand],
    });
    const plugin = new StatePlugin((ast) => runtimes.mark(ast));
    bash.registerTransformPlugin(plugin);
    return { bash, plugin, fs };
  }
}

/** Runs one command under the caller's signal and timeout; the flags say which of them stopped it. */
async function runBounded(
  bash: Bash,
  command: string,
  cwd: string,
  env: Record<string, string>,
  options: ExecOptions,
): Promise<{ result: BashExecResult | null; flags: { timedOut: boolean; aborted: boolean } }> {
  const controller = new AbortController();
  const flags = { timedOut: false, aborted: false };
  const onAbort = () => {
    flags.aborted = true;
    controller.abort();
  };
  // The signal may have fired while the shell was loading: an abort event will not come again.
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    options.timeoutMs !== undefined && options.timeoutMs > 0
      ? setTimeout(() => {
          flags.timedOut = true;
          controller.abort();
        }, options.timeoutMs)
      : undefined;
  try {
    const running = bash.exec(command, { cwd, env, stdin: options.stdin, signal: controller.signal });
    return { result: await settleOrAbandon(running, controller.signal, ABORT_GRACE_MS), flags };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** The command's result, or null when it ignores an abort for longer than `graceMs`. */
function settleOrAbandon<T>(running: Promise<T>, signal: AbortSignal, graceMs: number): Promise<T | null> {
  return new Promise<T | null>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      timer = setTimeout(() => resolve(null), graceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    running.then(
      (value) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
