import type { RestoredFile } from './file-tree';
import type { CustomCommand } from 'just-bash';
import type { HostCommand } from './host-command';
import { createLiteWorkspace } from './lite-workspace';
import type {
  ExecOptions,
  ExecResult,
  FileChange,
  PreviewError,
  PreviewPort,
  Workspace,
  WorkspaceBackend,
} from './types';

// The lite workspace is live at once, so the first paint and the first message never wait.
// When asked (and when the browser can), a WebContainer boots in the background under a
// timeout — its boot() never settles when its host is unreachable — and, once up, takes
// over the shell while the same in-page tree stays the truth for files.

const encoder = new TextEncoder();

export type BackendPreference = 'auto' | 'lite' | 'webcontainer';

export interface BackendStatus {
  /** The backend running commands now. */
  backend: WorkspaceBackend;
  /** True while a WebContainer boot is under way (lite serves meanwhile). */
  booting: boolean;
  /** One line a person can read: why this backend. */
  reason: string;
  /** Two or three words for a status pill: `offline fallback`, `chosen in Settings`. */
  short: string;
}

export interface WorkspaceHandle {
  /** Stable for the page's life: delegates to whichever backend is live. */
  readonly workspace: Workspace;
  status(): BackendStatus;
  onStatus(listener: (status: BackendStatus) => void): () => void;
  /** Resolves once the WebContainer attempt (if any) has ended either way. */
  readonly settled: Promise<void>;
  /**
   * Replaces every file with `files` at once (a restored session), synchronously, so the caller
   * can hand the workspace on before anything else sees a half-restored tree. Watchers (the
   * WebContainer mirror, the file list) see the changes as usual.
   */
  /** The whole tree at once; a list of stored files keeps their modification times. */
  replaceFiles(files: Record<string, string | Uint8Array> | readonly RestoredFile[]): void;
}

export interface BootOptions {
  /** May arrive later (settings load from IndexedDB); the lite tree does not wait for it. */
  preference?: BackendPreference | Promise<BackendPreference>;
  /** How long to wait for the WebContainer before staying on lite. */
  timeoutMs?: number;
  files?: Record<string, string | Uint8Array>;
  root?: string;
  /** Extra commands for the lite shell (just-bash), e.g. `git`. */
  customCommands?: CustomCommand[];
  /** The same commands for the WebContainer shell, answered in the page (its shell has no git). */
  hostCommands?: HostCommand[];
}

export const DEFAULT_BOOT_TIMEOUT_MS = 10_000;

/** Why the WebContainer cannot run here, or null when it may. Exported for the settings screen. */
export function webContainerBlocker(): string | null {
  if (typeof window === 'undefined') return 'not running in a browser';
  if (!window.crossOriginIsolated) {
    return window.self !== window.top
      ? 'this page is embedded without cross-origin isolation (the host page needs COOP/COEP headers)'
      : 'the page is not cross-origin isolated (the server must send COOP/COEP headers)';
  }
  if (typeof SharedArrayBuffer === 'undefined') return 'this browser has no SharedArrayBuffer';
  return null;
}

function timeout(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), ms));
}

export function bootWorkspace(options: BootOptions = {}): WorkspaceHandle {
  const timeoutMs = options.timeoutMs ?? DEFAULT_BOOT_TIMEOUT_MS;
  const tree = createLiteWorkspace({
    root: options.root,
    files: options.files,
    customCommands: options.customCommands,
  });
  let current: Workspace = tree;

  const initialStatus = (preference: BackendPreference): BackendStatus => {
    if (preference === 'lite')
      return {
        backend: 'lite',
        booting: false,
        reason: 'Lite, as chosen in Settings: an in-page shell, no Node or npm.',
        short: 'chosen in Settings',
      };
    const blocker = webContainerBlocker();
    if (blocker)
      return {
        backend: 'lite',
        booting: false,
        reason: `Lite: the WebContainer cannot run because ${blocker}.`,
        short: 'no cross-origin isolation',
      };
    return {
      backend: 'lite',
      booting: true,
      reason: 'Starting the WebContainer… lite serves meanwhile.',
      short: 'starting WebContainer…',
    };
  };
  let status: BackendStatus =
    typeof options.preference === 'string' || options.preference === undefined
      ? initialStatus(options.preference ?? 'auto')
      : {
          backend: 'lite',
          booting: true,
          reason: 'Lite is ready; checking whether to start the WebContainer…',
          short: 'starting…',
        };

  const statusListeners = new Set<(s: BackendStatus) => void>();
  const setStatus = (next: BackendStatus): void => {
    status = next;
    for (const listener of statusListeners) listener(status);
  };

  const portListeners = new Set<(ports: PreviewPort[]) => void>();
  let offPorts = current.onPortsChanged((ports) => portListeners.forEach((l) => l(ports)));
  const previewErrorListeners = new Set<(error: PreviewError) => void>();

  const attempt = async (): Promise<void> => {
    const preference = await Promise.resolve(options.preference ?? 'auto').catch((): BackendPreference => 'auto');
    const first = initialStatus(preference);
    if (first.reason !== status.reason) setStatus(first);
    if (!first.booting) return;
    // Chosen explicitly, the WebContainer gets longer: the user asked for it and lite still serves meanwhile.
    const limit = preference === 'webcontainer' ? timeoutMs * 3 : timeoutMs;
    const started = performance.now();
    try {
      const [{ WebContainer }, { createWebContainerWorkspace }] = await Promise.all([
        import('@webcontainer/api'),
        import('./webcontainer-workspace'),
      ]);
      const booting = WebContainer.boot({ coep: 'require-corp', workdirName: 'workspace', forwardPreviewErrors: true });
      const winner = await Promise.race([booting, timeout(limit)]);
      if (winner === 'timeout') {
        // A boot that completes later is torn down: switching shells under a running session surprises more than it helps.
        booting.then((late) => late.teardown()).catch(() => undefined);
        setStatus({
          backend: 'lite',
          booting: false,
          reason: `Lite: the WebContainer did not start within ${Math.round(limit / 1000)} s (its host may be unreachable: offline, or blocked by a firewall or extension).`,
          short: 'WebContainer unreachable',
        });
        return;
      }
      const wc = await createWebContainerWorkspace({
        tree,
        container: winner,
        hostCommands: options.hostCommands,
        pageShell: tree,
      });
      offPorts();
      current = wc;
      offPorts = wc.onPortsChanged((ports) => portListeners.forEach((l) => l(ports)));
      wc.onPreviewError?.((error) => previewErrorListeners.forEach((l) => l(error)));
      setStatus({
        backend: 'webcontainer',
        booting: false,
        reason: `WebContainer: real Node.js, npm and dev servers (started in ${((performance.now() - started) / 1000).toFixed(1)} s).`,
        short: 'Node.js and npm',
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setStatus({
        backend: 'lite',
        booting: false,
        reason: `Lite: the WebContainer failed to start (${message}).`,
        short: 'WebContainer failed',
      });
    }
  };
  // After first paint: the boot pulls a large iframe and must never compete with it.
  const settled = new Promise<void>((resolve) => {
    const start = (): void => void attempt().finally(resolve);
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(start, 0));
    else setTimeout(start, 0);
  });

  // `tree` lets git (and anything else that can) work on the in-page tree directly, whichever shell is live.
  const workspace: Workspace & { readonly tree: typeof tree } = {
    tree,
    get backend() {
      return current.backend;
    },
    root: tree.root,
    resolve: (path) => tree.resolve(path),
    readFile: (path) => tree.readFile(path),
    readText: (path) => tree.readText(path),
    writeFile: (path, data) => current.writeFile(path, data),
    stat: (path) => tree.stat(path),
    list: (path) => tree.list(path),
    mkdir: (path) => current.mkdir(path),
    remove: (path, opts) => current.remove(path, opts),
    rename: (from, to) => current.rename(from, to),
    listFiles: (path) => tree.listFiles(path),
    watch: (listener: (changes: FileChange[]) => void) => tree.watch(listener),
    exec: (command: string, opts?: ExecOptions): Promise<ExecResult> => current.exec(command, opts),
    shellState: () => current.shellState(),
    ports: () => current.ports(),
    onPortsChanged(listener) {
      portListeners.add(listener);
      return () => portListeners.delete(listener);
    },
    // The shell's `git` finds the read-only view of a read-only run through the app's workspace.
    readOnlyWorkspaceFor: (token) => current.readOnlyWorkspaceFor?.(token) ?? null,
    // Only while the WebContainer is live: lite's terminal stays a line editor over exec.
    get openShell() {
      return current.openShell?.bind(current);
    },
    onPreviewError(listener) {
      previewErrorListeners.add(listener);
      return () => previewErrorListeners.delete(listener);
    },
    async dispose() {
      offPorts();
      await current.dispose();
      if (current !== tree) await tree.dispose();
    },
  };

  return {
    workspace,
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    settled,
    replaceFiles(files) {
      // One batch for the whole tree: watchers (file list, persistence, the WebContainer mirror)
      // see a 20,000-file session arrive as one change list, not 20,000 events.
      if (Array.isArray(files)) return tree.tree.restore(files);
      const snapshot: Record<string, Uint8Array> = {};
      for (const [path, data] of Object.entries(files))
        snapshot[tree.resolve(path)] = typeof data === 'string' ? encoder.encode(data) : data;
      tree.tree.restore(snapshot);
    },
  };
}
