import type { CustomCommand } from 'just-bash';
import { FileTree, fsError } from './file-tree';
import type { LiteShell, ShellState } from './lite-shell';
import { normalizePath, resolveInRoot } from './paths';
import type { DirEntry, ExecOptions, ExecResult, FileChange, FileStat, PreviewPort, Workspace } from './types';

// The lite backend: the in-page FileTree plus just-bash, loaded on the first exec only (it is ~360 KB gz).

export type { ShellState } from './lite-shell';

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

const DEFAULT_ENV: Record<string, string> = { HOME: '/home/user', PATH: '/usr/bin:/bin' };

export class LiteWorkspace implements Workspace {
  readonly backend = 'lite' as const;
  readonly root: string;
  readonly tree: FileTree;
  private readonly customCommands: CustomCommand[];
  private state: ShellState;
  private shell: Promise<LiteShell> | null = null;
  private shellValue: LiteShell | null = null;
  private queue: Promise<unknown> = Promise.resolve();
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
    // Programs (runtimes/, loaded with the shell) stream their own output; the rest arrives at the end.
    const run = this.queue.then(async () => {
      // A failed load is retried and reported by run().
      const runtimes = await this.loadShell()
        .then((shell) => shell.runtimes())
        .catch(() => null);
      return runtimes ? runtimes.around(options, (o) => this.run(command, o)) : this.run(command, options);
    });
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
    this.shellValue?.dispose();
    this.shellValue = null;
  }

  /** The read-only view a command of a read-only run must use (see LiteShell.readOnlyWorkspaceFor). */
  readOnlyWorkspaceFor(token: unknown): Workspace | null {
    return this.shellValue?.readOnlyWorkspaceFor(token) ?? null;
  }

  /** The programs this shell has: just-bash's, plus the page's own (e.g. `git`). Loads the shell. */
  async commandNames(): Promise<string[]> {
    return (await this.loadShell()).commandNames();
  }

  private async run(command: string, options: ExecOptions): Promise<ExecResult> {
    let cwd: string | undefined;
    if (options.cwd !== undefined) {
      cwd = this.resolve(options.cwd);
      const kind = this.tree.kind(cwd);
      if (kind !== 'dir') throw fsError(kind ? 'ENOTDIR' : 'ENOENT', 'chdir', cwd);
    }
    const shell = await this.loadShell();
    const { result, state } = await shell.run(command, { ...options, cwd }, this.state);
    this.state = state;
    return result;
  }

  /** A background command (LiteShell.runDetached): outside the queue, from where the shell stands now. */
  private async runDetached(command: string, options: ExecOptions): Promise<ExecResult> {
    const cwd = options.cwd !== undefined ? this.resolve(options.cwd) : this.state.cwd;
    const kind = this.tree.kind(cwd);
    if (kind !== 'dir') throw fsError(kind ? 'ENOTDIR' : 'ENOENT', 'chdir', cwd);
    const shell = await this.loadShell();
    return shell.runDetached(command, { ...options, cwd }, this.shellState());
  }

  /** The shell arrives with just-bash, on the first exec: neither is part of the first paint's scripts. */
  private loadShell(): Promise<LiteShell> {
    if (!this.shell) {
      this.shell = import('./lite-shell').then(({ LiteShell }) => {
        this.shellValue = new LiteShell({
          tree: this.tree,
          customCommands: this.customCommands,
          defaultEnv: DEFAULT_ENV,
          readOnlyWorkspace: (view) => new LiteWorkspace({ tree: view }),
        });
        return this.shellValue;
      });
      this.shell.catch(() => (this.shell = null)); // a failed chunk load may succeed next time
    }
    return this.shell;
  }
}

/** Creates the lite workspace synchronously; just-bash is imported on the first `exec`. */
export function createLiteWorkspace(options: LiteWorkspaceOptions = {}): LiteWorkspace {
  return new LiteWorkspace(options);
}
