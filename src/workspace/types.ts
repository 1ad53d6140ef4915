import { brand } from './brand';

// The one Workspace seam: tools, editor, terminal and git all see files through it.
// Paths are POSIX. Absolute paths must lie under `root`; relative paths resolve against it.

export type WorkspaceBackend = 'lite' | 'webcontainer';

export type EntryKind = 'file' | 'dir';

export interface FileStat {
  path: string;
  kind: EntryKind;
  size: number;
  mtimeMs: number;
}

export interface DirEntry {
  name: string;
  path: string;
  kind: EntryKind;
}

export type FileChange =
  | { type: 'created' | 'modified' | 'deleted'; path: string; kind: EntryKind }
  | { type: 'renamed'; from: string; to: string; kind: EntryKind };

export type WorkspaceErrorCode =
  | 'ENOENT' // no such file or directory
  | 'EISDIR' // a directory where a file was expected
  | 'ENOTDIR' // a file where a directory was expected
  | 'EEXIST'
  | 'ENOTEMPTY'
  | 'EOUTSIDE' // the path escapes the workspace root
  | 'EINVAL'
  | 'EROFS'; // a write through a read-only view (a command the permission gate allowed as read-only)

const WORKSPACE_ERROR = brand('WorkspaceError');

/** Expected file-system failures carry a code so callers can turn them into readable results. */
export class WorkspaceError extends Error {
  readonly code: WorkspaceErrorCode;
  readonly path: string;
  constructor(code: WorkspaceErrorCode, path: string, message?: string) {
    super(message ?? `${code}: ${path}`);
    this.name = 'WorkspaceError';
    this.code = code;
    this.path = path;
    WORKSPACE_ERROR.mark(this);
  }

  /** By brand, not prototype: see brand.ts. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return WORKSPACE_ERROR.has(value);
  }
}

export interface ExecOptions {
  /** Working directory; defaults to the shell's current directory (carried across calls). */
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
  stdin?: string;
  /** Called with output as it arrives (lite: programs such as node and python3 as they print, the rest when the command line ends). */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /**
   * Run against a read-only view of the files (the permission gate allowed the command as
   * read-only): any write fails and is reported in `blockedWrites`, and the shell's state stays as
   * it was. The lite workspace enforces it; the WebContainer, whose processes are real, cannot.
   */
  readOnly?: boolean;
  /**
   * Run beside other commands (a background task): start from the shell's cwd and variables, but
   * neither wait for the commands before it nor carry its own cwd/variables over to later ones.
   */
  detached?: boolean;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  timedOut: boolean;
  aborted: boolean;
  /** The shell's working directory after the command (persisted for the next call). */
  cwd: string;
  /** A `readOnly` run tried to change these paths (nothing was changed). */
  blockedWrites?: string[];
}

export interface PreviewPort {
  port: number;
  url: string;
}

export interface TerminalSize {
  cols: number;
  rows: number;
}

/** An interactive shell on a real pseudo-terminal: keys in, terminal output (escape codes and all) out. */
export interface ShellSession {
  /** Input as the terminal sends it (xterm's onData): keys, pastes, control codes. */
  write(data: string): void;
  /** Output as it arrives; what came before the first listener is replayed to it. */
  onOutput(listener: (chunk: string) => void): () => void;
  /** Tells the shell's terminal its new size (after a fit or a resize of the pane). */
  resize(size: TerminalSize): void;
  /** The shell's exit code, once it ends (`exit`, or `kill`). */
  readonly exit: Promise<number>;
  kill(): void;
}

/** How `spawn` starts a process: its directory (default: the shell's) and extra environment. */
export interface SpawnOptions {
  cwd?: string;
  env?: Record<string, string>;
}

/**
 * A long-running process with its own input and output, e.g. an MCP server speaking JSON-RPC over
 * stdio. In a WebContainer it sits on a pseudo-terminal: stdout and stderr arrive merged, lines
 * end in CRLF, and what is written may be echoed back.
 */
export interface WorkspaceProcess {
  write(data: string): Promise<void>;
  /** Output as it arrives; what came before the first listener is replayed to it. */
  onOutput(listener: (chunk: string) => void): () => void;
  /** The exit code, once the process ends (on its own, or by `kill`). */
  readonly exit: Promise<number>;
  kill(): void;
}

/** An error a preview page reported (WebContainer, booted with `forwardPreviewErrors`). */
export interface PreviewError {
  kind: 'uncaught-exception' | 'unhandled-rejection' | 'console-error';
  message: string;
  stack?: string;
  /** The preview's server port, and where in it: path, query and hash. */
  port: number;
  location: string;
  at: number;
}

export interface Workspace {
  readonly backend: WorkspaceBackend;
  /** Absolute path of the workspace root, e.g. `/workspace`. */
  readonly root: string;

  /** Normalises a path and confines it to the root; throws WorkspaceError('EOUTSIDE') otherwise. */
  resolve(path: string): string;

  readFile(path: string): Promise<Uint8Array>;
  readText(path: string): Promise<string>;
  /** Creates missing parent directories. */
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  /** null when nothing is at the path. */
  stat(path: string): Promise<FileStat | null>;
  list(path: string): Promise<DirEntry[]>;
  mkdir(path: string): Promise<void>;
  remove(path: string, options?: { recursive?: boolean }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Every file path under `path` (default root), absolute, sorted. Fast: no I/O per file. */
  listFiles(path?: string): Promise<string[]>;

  /** Subscribe to changes made through any route (tools, shell, editor, git). */
  watch(listener: (changes: FileChange[]) => void): () => void;

  /** Runs a shell command. The cwd and exported variables carry over to the next call. */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** The shell's current directory and exported environment. */
  shellState(): { cwd: string; env: Record<string, string> };

  /** Preview ports opened by processes (lite: none unless it serves static files). */
  ports(): PreviewPort[];
  onPortsChanged(listener: (ports: PreviewPort[]) => void): () => void;

  /** An interactive shell with a real terminal (WebContainer's jsh). Lite has none: its terminal is a line editor over `exec`. */
  openShell?(size: TerminalSize): Promise<ShellSession>;
  /** Starts a long-running process (WebContainer only: lite runs shell commands in the page, not processes). */
  spawn?(command: string, args: string[], options?: SpawnOptions): Promise<WorkspaceProcess>;
  /** Uncaught exceptions, unhandled rejections and console errors of preview pages (WebContainer only). */
  onPreviewError?(listener: (error: PreviewError) => void): () => void;

  /**
   * The read-only view a shell command must use when it runs inside a read-only run (see
   * ExecOptions.readOnly), recognised by the token on that run's fs; null when `token` is not one.
   */
  readOnlyWorkspaceFor?(token: unknown): Workspace | null;

  dispose(): Promise<void>;
}
