// The messages between the page (host) and a runtime worker. Plain data only (and Blobs, which
// cross as handles): they cross a MessagePort into an opaque-origin sandbox, so nothing here may
// carry a function or a class.

export type RuntimeKind = 'node' | 'python';

/** One file or directory of the workspace as the worker's mirror holds it. */
export interface MirrorEntry {
  path: string;
  /** Absent for a directory. */
  data?: Uint8Array;
  mtimeMs: number;
}

/** What changed in the tree since the worker last heard: entries to (re)place, paths to drop. */
export interface FilesDelta {
  put: MirrorEntry[];
  /** Dropped with their subtree. */
  remove: string[];
}

/** Code and data a runtime needs before its first run (sent once per worker). */
export interface BootPayload {
  kind: RuntimeKind;
  /** The workspace root, e.g. `/workspace`. */
  root: string;
  /** Python only: the Emscripten loader's source, the wasm binary and the standard library zip. */
  python?: { loader: string; wasm: ArrayBuffer; stdlib: ArrayBuffer };
  /** node in the page: sucrase's script, run when a source first needs it (node/sucrase-script.ts). */
  sucrase?: Blob;
}

/** What a host fetches once per runtime and sends with every boot. */
export type RuntimeAssets = Pick<BootPayload, 'python' | 'sucrase'>;

export interface RunRequest {
  /** argv after the program name, as the shell parsed it (`['-m', 'unittest']`, `['gen.py', 'x']`). */
  args: string[];
  /** The program name the user typed (`node`, `python3`, `tsx`): used in messages and argv[0]. */
  argv0: string;
  cwd: string;
  env: Record<string, string>;
  stdin: Uint8Array;
}

export type HostMessage =
  | { type: 'boot'; boot: BootPayload; files: FilesDelta }
  | { type: 'files'; files: FilesDelta }
  | { type: 'run'; run: RunRequest };

/** A file-system change the program made, applied to the workspace by the host in order. */
export type FsOp =
  | { op: 'write'; path: string; data: Uint8Array }
  | { op: 'mkdir'; path: string }
  | { op: 'remove'; path: string }
  | { op: 'rename'; from: string; to: string };

export type WorkerMessage =
  /** The runtime is loaded and waits for a run (a warm process). */
  | { type: 'ready' }
  | { type: 'output'; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'fs'; ops: FsOp[] }
  | { type: 'exit'; code: number }
  /** The runtime itself failed (not the program): the host reports it and discards the worker. */
  | { type: 'fatal'; message: string };

/** Messages may come from code the user runs: the host checks each one's shape before use. */
export function isWorkerMessage(value: unknown): value is WorkerMessage {
  if (!value || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return true;
    case 'output':
      return (m.stream === 'stdout' || m.stream === 'stderr') && typeof m.text === 'string';
    case 'fs':
      return Array.isArray(m.ops);
    case 'exit':
      return typeof m.code === 'number';
    case 'fatal':
      return typeof m.message === 'string';
    default:
      return false;
  }
}

/** One op from the worker, validated field by field (a program can post anything on its port). */
export function isFsOp(value: unknown): value is FsOp {
  if (!value || typeof value !== 'object') return false;
  const o = value as Record<string, unknown>;
  switch (o.op) {
    case 'write':
      return typeof o.path === 'string' && o.data instanceof Uint8Array;
    case 'mkdir':
    case 'remove':
      return typeof o.path === 'string';
    case 'rename':
      return typeof o.from === 'string' && typeof o.to === 'string';
    default:
      return false;
  }
}
