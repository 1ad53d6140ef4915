import type {
  Bash,
  BashExecResult,
  Command,
  CommandNode,
  CustomCommand,
  ScriptNode,
  StatementNode,
  TransformContext,
  TransformPlugin,
  TransformResult,
} from 'just-bash';
import { FileTree, fsError } from './file-tree';
import { createShellFs } from './just-bash-fs';
import { isUnder, normalizePath, resolveInRoot } from './paths';
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
}

interface RunFragments {
  preamble: StatementNode[];
  trailer: StatementNode;
  /** `if __tidepool_state ID "$?"; then exit; else exit; fi`: both exits are replaced by the user's. */
  exitWrap: CommandNode;
}

export class LiteWorkspace implements Workspace {
  readonly backend = 'lite' as const;
  readonly root: string;
  readonly tree: FileTree;
  private readonly customCommands: CustomCommand[];
  private state: ShellState;
  private shell: Promise<Shell> | null = null;
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
    if (options.detached) return this.runDetached(command, options);
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
  }

  private async run(command: string, options: ExecOptions): Promise<ExecResult> {
    if (options.signal?.aborted) return this.finish(null, '', options, { timedOut: false, aborted: true });
    let cwd = this.state.cwd;
    let note = '';
    if (options.cwd !== undefined) {
      cwd = this.resolve(options.cwd);
      const kind = this.tree.kind(cwd);
      if (kind !== 'dir') throw fsError(kind ? 'ENOTDIR' : 'ENOENT', 'chdir', cwd);
    }
    const shell = await this.loadShell();
    if (options.cwd === undefined) {
      if (!(await this.isDir(shell, cwd))) {
        note = `tidepool: the previous directory ${cwd} no longer exists; running in ${this.root}\n`;
        cwd = this.root;
      }
    }
    const callEnv = options.env ?? {};
    const carried = { ...this.state.env, ...callEnv };
    const env = { ...carried, PWD: cwd };

    this.runId = `r${++this.runCount}`;
    this.captured = null;
    const previous = this.state;
    let outcome: Awaited<ReturnType<typeof runBounded>>;
    try {
      shell.plugin.arm(
        this.fragments(
          shell.bash,
          Object.keys(carried).filter((k) => NAME.test(k)),
          env,
        ),
      );
      outcome = await runBounded(shell.bash, command, cwd, env, options);
    } finally {
      shell.plugin.disarm();
      this.runId = ''; // a command we abandoned must not overwrite later state
    }
    this.state = this.nextState(previous, cwd, callEnv, outcome.result);
    return this.finish(outcome.result, note, options, outcome.flags);
  }

  /**
   * A background command: a Bash of its own over the same files, so it neither waits in the queue
   * nor blocks it, starting where the shell stands now and leaving the shell's state alone.
   */
  private async runDetached(command: string, options: ExecOptions): Promise<ExecResult> {
    if (options.signal?.aborted) return this.finish(null, '', options, { timedOut: false, aborted: true });
    const cwd = options.cwd !== undefined ? this.resolve(options.cwd) : this.state.cwd;
    if (this.tree.kind(cwd) !== 'dir') throw fsError(this.tree.kind(cwd) ? 'ENOTDIR' : 'ENOENT', 'chdir', cwd);
    const shell = await this.loadShell();
    const jb = await import('just-bash/browser');
    const env = { ...this.state.env, ...options.env, PWD: cwd };
    const bash = new jb.Bash({ fs: shell.bash.fs, cwd, env, customCommands: this.customCommands });
    const { result, flags } = await runBounded(bash, command, cwd, env, options);
    return this.finish(result, '', options, flags);
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

  private async createShell(): Promise<Shell> {
    const jb = await import('just-bash/browser');
    const names = [...jb.getCommandNames(), ...this.customCommands.map((c) => c.name), STATE_COMMAND];
    const { fs } = createShellFs(jb, this.tree, names, STATE_COMMAND);
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
    return { bash, plugin };
  }
}

/**
 * Rewrites the top-level script of one run: exports the carried variables first, reports the state
 * last, and reports it before every `exit` the main shell could take (just-bash has no `trap EXIT`).
 */
class StatePlugin implements TransformPlugin {
  readonly name = 'tidepool-shell-state';
  private pending: RunFragments | null = null;

  arm(fragments: RunFragments): void {
    this.pending = fragments;
  }

  disarm(): void {
    this.pending = null;
  }

  transform(context: TransformContext): TransformResult {
    const fragments = this.pending;
    this.pending = null; // only the outermost parse of this run; nested `bash -c` stays untouched
    if (!fragments) return { ast: context.ast };
    const ast: ScriptNode = context.ast;
    wrapExits(ast, fragments.exitWrap);
    ast.statements = [...fragments.preamble, ...ast.statements, fragments.trailer];
    return { ast };
  }
}

/** Replaces each `exit …` that would end the main shell with the capture-then-exit wrapper. */
function wrapExits(node: unknown, wrap: CommandNode): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) wrapExits(item, wrap);
    return;
  }
  const n = node as { type?: string; commands?: CommandNode[] };
  // Words hold command substitutions and subshells run apart: an exit there leaves the main shell running.
  if (n.type === 'Word' || n.type === 'Subshell') return;
  if (n.type === 'Pipeline' && n.commands) {
    if (n.commands.length !== 1) return; // each side of a pipe is a subshell in bash
    const command = n.commands[0];
    if (isExit(command)) {
      const wrapper = structuredClone(wrap) as Extract<CommandNode, { type: 'If' }>;
      wrapper.clauses[0].body[0].pipelines[0].commands[0] = structuredClone(command);
      wrapper.elseBody![0].pipelines[0].commands[0] = structuredClone(command);
      n.commands[0] = wrapper;
      return;
    }
  }
  for (const value of Object.values(node)) wrapExits(value, wrap);
}

function isExit(command: CommandNode): boolean {
  if (command.type !== 'SimpleCommand' || !command.name) return false;
  const word = (w: { parts: { type: string; value?: string }[] } | undefined) =>
    w && w.parts.length === 1 && w.parts[0].type === 'Literal' ? w.parts[0].value : undefined;
  const name = word(command.name);
  return name === 'exit' || (name === 'builtin' && word(command.args[0]) === 'exit');
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

/** Creates the lite workspace synchronously; just-bash is imported on the first `exec`. */
export function createLiteWorkspace(options: LiteWorkspaceOptions = {}): LiteWorkspace {
  return new LiteWorkspace(options);
}
