import type { Bash, BashExecResult, Command, CustomCommand, IFileSystem } from 'just-bash';
import { FileTree, fsError } from './file-tree';
import { createShellFs } from './just-bash-fs';
import { isUnder, normalizePath, resolveInRoot } from './paths';
import { ReadOnlyFs } from './read-only-fs';
import { StatePlugin, type RunFragments } from './shell-state-plugin';
import type { DirEntry, ExecOptions, ExecResult, FileChange, FileStat, PreviewPort, Workspace } from './types';

// The lite backend: the in-page FileTree plus just-bash, loaded on the first exec only (it is ~360 KB gz).

export interface LiteWorkspaceOptions {
  /** Absolute root; default `/workspace`. Ignored when `tree` is given (the tree's root wins). */
  root?: string;
  /** Initial files by root-relative or absolute path. */
  files?: Record<string, string | Uint8Array>;
  /** Share an existing tree (e.g. restored from IndexedDB, or also mirrored into a WebContainer). */
  tree?: FileTree;
  /** just-bash commands to add to the shell, e.g. a `git` backed by isomorphic-git. */
  customCommands?: CustomCommand[];
}

export interface ShellState {
  cwd: string;
  /** Exported variables only (PWD excluded: it follows cwd). */
  env: Record<string, string>;
}

/** The private command our injected trailer calls to report cwd and exported env back to us. */
const STATE_COMMAND = '__tidepool_state';
const DEFAULT_ENV: Record<string, string> = { HOME: '/home/user', PATH: '/usr/bin:/bin' };
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
  workspace: LiteWorkspace;
}

export class LiteWorkspace implements Workspace {
  readonly backend = 'lite' as const;
  readonly root: string;
  readonly tree: FileTree;
  private readonly customCommands: CustomCommand[];
  private state: ShellState;
  private shell: Promise<Shell> | null = null;
  private readOnlyShell: Promise<ReadOnlyShell> | null = null;
  /** Paths the current read-only run tried to change. */
  private blocked: string[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private runId = '';
  private runCount = 0;
  private captured: ShellState | null = null;
  private readonly unsubscribers = new Set<() => void>();
  private disposed = false;

  constructor(options: LiteWorkspaceOptions = {}) {
    this.tree = options.tree ?? new FileTree(normalizePath(options.root ?? '/workspace'));
    this.root = this.tree.root;
    if (options.files)
      for (const [path, data] of Object.entries(options.files)) this.tree.writeFile(this.resolve(path), data);
    this.customCommands = options.customCommands ?? [];
    this.state = { cwd: this.root, env: { ...DEFAULT_ENV } };
  }

  resolve(path: string): string {
    return resolveInRoot(this.root, path);
  }

  async readFile(path: string): Promise<Uint8Array> {
    return this.tree.readBytes(this.resolve(path)).slice();
  }

  async readText(path: string): Promise<string> {
    return this.tree.readText(this.resolve(path));
  }

  async writeFile(path: string, data: string | Uint8Array): Promise<void> {
    this.tree.writeFile(this.resolve(path), data);
  }

  async stat(path: string): Promise<FileStat | null> {
    return this.tree.stat(this.resolve(path));
  }

  async list(path: string): Promise<DirEntry[]> {
    return this.tree.list(this.resolve(path));
  }

  /** Like `mkdir -p`: parents are created and an existing directory is fine; a file in the way is EEXIST. */
  async mkdir(path: string): Promise<void> {
    this.tree.mkdir(this.resolve(path), { recursive: true });
  }

  async remove(path: string, options?: { recursive?: boolean }): Promise<void> {
    this.tree.remove(this.resolve(path), { recursive: options?.recursive });
  }

  /** Refuses to replace an existing destination (EEXIST), so a tool never clobbers a file silently. */
  async rename(from: string, to: string): Promise<void> {
    this.tree.rename(this.resolve(from), this.resolve(to));
  }

  async listFiles(path?: string): Promise<string[]> {
    return this.tree.listFiles(this.resolve(path ?? this.root));
  }

  watch(listener: (changes: FileChange[]) => void): () => void {
    const unsubscribe = this.tree.subscribe(listener);
    const remove = () => {
      unsubscribe();
      this.unsubscribers.delete(remove);
    };
    this.unsubscribers.add(remove);
    return remove;
  }

  /** Commands run one at a time, in call order, because each starts where the previous one left the shell. */
  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (this.disposed) return Promise.reject(new Error('The workspace has been disposed.'));
    const run = this.queue.then(() => this.run(command, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  shellState(): ShellState {
    return { cwd: this.state.cwd, env: { ...this.state.env } };
  }

  ports(): PreviewPort[] {
    return [];
  }

  onPortsChanged(_listener: (ports: PreviewPort[]) => void): () => void {
    return () => {};
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const unsubscribe of [...this.unsubscribers]) unsubscribe();
    await this.queue;
    this.shell = null;
    this.readOnlyShell = null;
  }

  /**
   * The read-only view a command of the read-only shell must use, recognised by the token its fs
   * carries (custom commands such as `git` see the fs only through a proxy); null otherwise.
   */
  readOnlyWorkspaceFor(token: unknown): LiteWorkspace | null {
    const shell = this.readOnlyShellValue;
    return shell && typeof token === 'string' && token === shell.token ? shell.workspace : null;
  }

  private readOnlyShellValue: ReadOnlyShell | null = null;

  private async run(command: string, options: ExecOptions): Promise<ExecResult> {
    if (options.signal?.aborted) return this.finish(null, '', options, { timedOut: false, aborted: true });
    let cwd = this.state.cwd;
    let note = '';
    if (options.cwd !== undefined) {
      cwd = this.resolve(options.cwd);
      const kind = this.tree.kind(cwd);
      if (kind !== 'dir') throw fsError(kind ? 'ENOTDIR' : 'ENOENT', 'chdir', cwd);
    }
    const shell = options.readOnly ? await this.loadReadOnlyShell() : await this.loadShell();
    if (options.cwd === undefined) {
      if (!(await this.isDir(shell, cwd))) {
        note = `tidepool: the previous directory ${cwd} no longer exists; running in ${this.root}\n`;
        cwd = this.root;
      }
    }
    const callEnv = options.env ?? {};
    const carried = { ...this.state.env, ...callEnv };
    const env = { ...carried, PWD: cwd };

    const controller = new AbortController();
    const flags = { timedOut: false, aborted: false };
    const onAbort = () => {
      flags.aborted = true;
      controller.abort();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      options.timeoutMs !== undefined && options.timeoutMs > 0
        ? setTimeout(() => {
            flags.timedOut = true;
            controller.abort();
          }, options.timeoutMs)
        : undefined;

    this.runId = `r${++this.runCount}`;
    this.captured = null;
    this.blocked = [];
    const previous = this.state;
    let result: BashExecResult | null;
    try {
      shell.plugin.arm(
        this.fragments(
          shell.bash,
          Object.keys(carried).filter((k) => NAME.test(k)),
          env,
        ),
      );
      const running = shell.bash.exec(command, { cwd, env, stdin: options.stdin, signal: controller.signal });
      result = await settleOrAbandon(running, controller.signal, ABORT_GRACE_MS);
    } catch (error) {
      // just-bash lets some write errors (a redirection's) out of exec: in a read-only run that is the refusal.
      if (!options.readOnly || this.blocked.length === 0) throw error;
      result = { stdout: '', stderr: `bash: ${(error as Error).message}\n`, exitCode: 1, env: {} };
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      shell.plugin.disarm();
      this.runId = ''; // a command we abandoned must not overwrite later state
    }
    // A read-only run that tried to write changed nothing, its shell state included: it will be asked about and run again.
    const blockedWrites = options.readOnly ? [...new Set(this.blocked)] : [];
    if (blockedWrites.length === 0) this.state = this.nextState(previous, cwd, callEnv, result);
    const out = this.finish(result, note, options, flags);
    return blockedWrites.length ? { ...out, blockedWrites } : out;
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
    return { stdout, stderr, exitCode, timedOut: flags.timedOut, aborted: flags.aborted, cwd: this.state.cwd };
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

  /** The programs this shell has: just-bash's, plus the page's own (e.g. `git`). Loads the shell. */
  async commandNames(): Promise<string[]> {
    await this.loadShell();
    const jb = await import('just-bash/browser');
    return [...jb.getCommandNames(), ...this.customCommands.map((c) => c.name)];
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
      workspace: new LiteWorkspace({ tree: this.tree.readOnlyView(record) }),
    };
    this.readOnlyShellValue = shell;
    return shell;
  }

  /** A just-bash shell over `fs`, by default the tree mounted in a fresh scratch namespace. */
  private async createShell(shared?: IFileSystem): Promise<Shell> {
    const jb = await import('just-bash/browser');
    const names = [...jb.getCommandNames(), ...this.customCommands.map((c) => c.name), STATE_COMMAND];
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
      env: { ...DEFAULT_ENV },
      customCommands: [...this.customCommands, stateCommand],
    });
    const plugin = new StatePlugin();
    bash.registerTransformPlugin(plugin);
    return { bash, plugin, fs };
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

/** Creates the lite workspace synchronously; just-bash is imported on the first `exec`. */
export function createLiteWorkspace(options: LiteWorkspaceOptions = {}): LiteWorkspace {
  return new LiteWorkspace(options);
}
