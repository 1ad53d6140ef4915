import type { FileSystemTree, PreviewMessage, WebContainer } from '@webcontainer/api';
import type {
  ExecOptions,
  ExecResult,
  FileChange,
  PreviewError,
  PreviewPort,
  ShellSession,
  SpawnOptions,
  TerminalSize,
  Workspace,
  WorkspaceProcess,
} from './types';
import { containerProcess } from './container-process';
import { commandWords, routeCommand, SHELL_BUILTINS, type HostCommand, type RoutedCommand } from './host-command';
import { loadShellParser, type ParseOutcome } from './shell-syntax';

// The WebContainer runs processes; the in-page tree (`tree`) stays the truth for files, because
// the container's fs has no stat and Read/Glob/Grep need one. Every change made through the
// tree is mirrored into the container, and every change a process makes is read back into
// the tree, so a file written by `npm run build` is visible to Read and vice versa.

/** Trees we never mirror back into the page: huge, regenerable, and of no use to the tools. */
const NOT_MIRRORED = /(^|\/)(node_modules|\.npm|\.cache)(\/|$)/;

const STATE_MARK = '__TIDEPOOL_STATE_7f3a__';

/** Strips terminal control sequences: a WebContainer process only has a pty, not plain pipes. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][A-Za-z0-9]|\x1b[=>]/g, '')
    .replace(/\r\n?/g, '\n');
}

function parseEnv(lines: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of lines) {
    const eq = line.indexOf('=');
    if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(line.slice(0, eq))) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

/** A `preview-message` as the workspace reports it; null for a message of a kind we do not know. */
export function toPreviewError(message: PreviewMessage, at = Date.now()): PreviewError | null {
  const where = { port: message.port, location: `${message.pathname}${message.search}${message.hash}`, at };
  // Compared as strings: PreviewMessageType is a runtime enum, and this module stays type-only on the API.
  switch (String(message.type)) {
    case 'PREVIEW_UNCAUGHT_EXCEPTION':
    case 'PREVIEW_UNHANDLED_REJECTION': {
      const m = message as PreviewMessage & { message: string; stack?: string };
      const kind = String(message.type) === 'PREVIEW_UNCAUGHT_EXCEPTION' ? 'uncaught-exception' : 'unhandled-rejection';
      return { kind, message: m.message, ...(m.stack ? { stack: m.stack } : {}), ...where };
    }
    case 'PREVIEW_CONSOLE_ERROR': {
      const m = message as PreviewMessage & { args: unknown[]; stack?: string };
      const text = m.args.map((arg) => (typeof arg === 'string' ? arg : safeJson(arg))).join(' ');
      return { kind: 'console-error', message: text, ...(m.stack ? { stack: m.stack } : {}), ...where };
    }
    default:
      return null;
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export interface WebContainerWorkspaceOptions {
  /** The in-page tree every file operation goes through (the lite workspace). */
  tree: Workspace;
  container: WebContainer;
  /** Commands the page answers itself (`git`): the container's shell has none of its own. */
  hostCommands?: HostCommand[];
  /**
   * The page's own shell over the same tree (lite's just-bash, which has `git`). A line that uses
   * a host command inside a pipeline or list (`git log | head -3`) runs there when it has every
   * program the line names, since jsh cannot run the page's `git`.
   */
  pageShell?: PageShell;
}

export interface PageShell {
  exec: Workspace['exec'];
  commandNames(): Promise<string[]>;
  readOnlyWorkspaceFor?(token: unknown): Workspace | null;
}

/** Mounts `tree` into `container` and returns a Workspace whose shell is the container's. */
export async function createWebContainerWorkspace({
  tree,
  container,
  hostCommands = [],
  pageShell,
}: WebContainerWorkspaceOptions): Promise<Workspace> {
  const workdir = container.workdir.replace(/\/$/, '');
  const root = tree.root;

  const toRel = (path: string): string => {
    const abs = tree.resolve(path);
    return abs === root ? '.' : abs.slice(root.length + 1);
  };
  const fromContainer = (path: string): string => {
    if (path === workdir) return root;
    if (path.startsWith(workdir + '/')) return root + path.slice(workdir.length);
    return path;
  };
  const toContainer = (path: string): string => {
    const rel = toRel(path);
    return rel === '.' ? workdir : `${workdir}/${rel}`;
  };

  // 1. Mount what the page already has.
  const files = await tree.listFiles();
  const mountTree: FileSystemTree = {};
  for (const file of files) {
    const parts = toRel(file).split('/');
    let node = mountTree;
    for (const dir of parts.slice(0, -1)) {
      const existing = node[dir];
      if (!existing || !('directory' in existing)) node[dir] = { directory: {} };
      node = (node[dir] as { directory: FileSystemTree }).directory;
    }
    node[parts[parts.length - 1]] = { file: { contents: await tree.readFile(file) } };
  }
  await container.mount(mountTree);

  // Writes each side made for the other, so the echo coming back is not applied again.
  const echoes = new Map<string, number>();
  const expectEcho = (rel: string): void => {
    echoes.set(rel, Date.now());
  };
  const isEcho = (rel: string): boolean => {
    const at = echoes.get(rel);
    if (at === undefined) return false;
    if (Date.now() - at > 2000) {
      echoes.delete(rel);
      return false;
    }
    return true;
  };

  let pending: Promise<void> = Promise.resolve();
  const enqueue = (job: () => Promise<void>): void => {
    pending = pending.then(job).catch((error: unknown) => {
      console.warn('[tidepool] WebContainer sync:', error instanceof Error ? error.message : error);
    });
  };

  // 2. Page → container.
  const mirrorToContainer = async (change: FileChange): Promise<void> => {
    if (change.type === 'renamed') {
      const from = toRel(change.from);
      const to = toRel(change.to);
      expectEcho(from);
      expectEcho(to);
      await container.fs.rename(from, to).catch(async () => {
        if (change.kind === 'file') await container.fs.writeFile(to, await tree.readFile(change.to));
      });
      return;
    }
    const rel = toRel(change.path);
    if (rel === '.') return;
    expectEcho(rel);
    if (change.type === 'deleted') {
      await container.fs.rm(rel, { recursive: true, force: true });
    } else if (change.kind === 'dir') {
      await container.fs.mkdir(rel, { recursive: true });
    } else {
      const parent = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
      if (parent) await container.fs.mkdir(parent, { recursive: true });
      await container.fs.writeFile(rel, await tree.readFile(change.path));
    }
  };
  const unwatchTree = tree.watch((changes) => {
    for (const change of changes) {
      const rel = change.type === 'renamed' ? toRel(change.to) : toRel(change.path);
      if (isEcho(rel)) continue;
      enqueue(() => mirrorToContainer(change));
    }
  });

  // 3. Container → page: a process wrote, created or removed something.
  const readBack = async (rel: string): Promise<void> => {
    if (!rel || rel === '.' || NOT_MIRRORED.test(rel)) return;
    const pagePath = `${root}/${rel}`;
    let data: Uint8Array | null = null;
    let isDir = false;
    try {
      data = await container.fs.readFile(rel);
    } catch {
      try {
        await container.fs.readdir(rel);
        isDir = true;
      } catch {
        data = null;
      }
    }
    const current = await tree.stat(pagePath);
    expectEcho(rel);
    if (isDir) {
      if (!current) await tree.mkdir(pagePath);
      return;
    }
    if (data === null) {
      if (current) await tree.remove(pagePath, { recursive: true });
      return;
    }
    if (current?.kind === 'file' && current.size === data.byteLength) {
      const existing = await tree.readFile(pagePath);
      if (existing.every((b, i) => b === data![i])) {
        echoes.delete(rel);
        return;
      }
    }
    await tree.writeFile(pagePath, data);
  };
  const dirty = new Set<string>();
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  const scheduleFlush = (): void => {
    flushTimer ??= setTimeout(() => {
      flushTimer = null;
      const batch = [...dirty];
      dirty.clear();
      for (const rel of batch) enqueue(() => readBack(rel));
    }, 25);
  };
  const watcher = container.fs.watch('.', { recursive: true }, (_event, filename) => {
    const rel = String(filename).replace(/^\.\//, '').replace(/\/$/, '');
    if (!rel || NOT_MIRRORED.test(rel) || isEcho(rel)) return;
    dirty.add(rel);
    scheduleFlush();
  });

  /** Waits until every change seen so far has been mirrored both ways. */
  const settle = async (): Promise<void> => {
    await new Promise((r) => setTimeout(r, 40)); // watch events trail process exit slightly
    if (flushTimer) {
      clearTimeout(flushTimer);
      flushTimer = null;
      const batch = [...dirty];
      dirty.clear();
      for (const rel of batch) enqueue(() => readBack(rel));
    }
    await pending;
  };

  // 4. The shell: one `jsh -c` per call, with cwd and exported variables carried over.
  let cwd = root;
  let env: Record<string, string> = {};
  let baseEnv: Record<string, string> | null = null;

  /** The container's own environment, so what a command exports can be told apart from it. */
  const probeBaseEnv = async (): Promise<Record<string, string>> => {
    const proc = await container.spawn('jsh', ['-c', `echo ${STATE_MARK}; pwd; env`], {
      terminal: { cols: 160, rows: 40 },
    });
    let raw = '';
    await proc.output.pipeTo(new WritableStream({ write: (chunk) => void (raw += chunk) })).catch(() => undefined);
    await proc.exit;
    const text = stripAnsi(raw);
    return parseEnv(text.slice(text.lastIndexOf(STATE_MARK)).split('\n').slice(2));
  };

  /** `git …` (after optional `cd`s) runs in the page over the same tree; the container's files follow through the mirror. */
  const runHost = async (routed: RoutedCommand, options: ExecOptions): Promise<ExecResult> => {
    let dir = options.cwd ? tree.resolve(options.cwd) : cwd;
    for (const to of routed.cds) {
      const next = tree.resolve(to.startsWith('/') ? to : `${dir}/${to}`);
      const stat = await tree.stat(next);
      if (!stat || stat.kind !== 'dir') {
        const stderr = `jsh: cd: ${to}: No such file or directory\n`;
        options.onOutput?.(stderr, 'stderr');
        return { stdout: '', stderr, exitCode: 1, timedOut: false, aborted: false, cwd };
      }
      dir = next;
    }
    if (routed.cds.length) cwd = dir;
    const command = hostCommands.find((c) => c.name === routed.argv[0])!;
    const result = await command.run(routed.argv.slice(1), {
      cwd: dir,
      env: { ...env, ...options.env },
      signal: options.signal,
    });
    await settle();
    if (result.stdout) options.onOutput?.(result.stdout, 'stdout');
    if (result.stderr) options.onOutput?.(result.stderr, 'stderr');
    return {
      stdout: result.stdout,
      stderr: result.stderr,
      exitCode: result.exitCode,
      timedOut: false,
      aborted: !!options.signal?.aborted,
      cwd,
    };
  };

  /** A pipeline or list that uses a host command, when the page's shell has every program in it. */
  const forPageShell = async (parsed: ParseOutcome): Promise<boolean> => {
    if (!pageShell || !hostCommands.length) return false;
    const words = commandWords(parsed);
    if (!words || !words.some((w) => hostCommands.some((c) => c.name === w))) return false;
    const names = new Set(await pageShell.commandNames().catch(() => [] as string[]));
    return words.every((w) => names.has(w) || SHELL_BUILTINS.has(w));
  };

  const exec = async (command: string, options: ExecOptions = {}): Promise<ExecResult> => {
    // Routing reads the line with just-bash's parser (loaded once; the page shell needs it anyway).
    const parser = hostCommands.length ? await loadShellParser().catch(() => null) : null;
    const parsed = parser ? parser.parse(command) : null;
    const routed = parsed
      ? routeCommand(
          parsed,
          hostCommands.map((c) => c.name),
        )
      : null;
    if (routed) {
      await settle();
      return runHost(routed, options);
    }
    if (parsed && (await forPageShell(parsed))) {
      await settle();
      const result = await pageShell!.exec(command, {
        ...options,
        cwd: options.cwd ? tree.resolve(options.cwd) : cwd,
        env: { ...env, ...options.env },
      });
      await settle();
      if (!options.cwd && !options.detached) cwd = result.cwd;
      return result;
    }
    await settle();
    baseEnv ??= await probeBaseEnv().catch(() => ({}));
    const startCwd = options.cwd ? tree.resolve(options.cwd) : cwd;
    const script = `${command}\n__tp_ec=$?; echo; echo ${STATE_MARK}; pwd; env; exit $__tp_ec`;
    const proc = await container.spawn('jsh', ['-c', script], {
      cwd: toContainer(startCwd),
      env: { ...env, ...options.env },
      terminal: { cols: 160, rows: 40 },
    });
    if (options.stdin) {
      const writer = proc.input.getWriter();
      await writer.write(options.stdin);
      writer.releaseLock();
    }
    let raw = '';
    let streamed = 0;
    let timedOut = false;
    let aborted = false;
    const kill = (): void => proc.kill();
    const onAbort = (): void => {
      aborted = true;
      kill();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          kill();
        }, options.timeoutMs)
      : null;
    const reading = proc.output.pipeTo(
      new WritableStream({
        write(chunk) {
          raw += chunk;
          // Stream everything before the state marker (it may arrive split across chunks).
          const visible = stripAnsi(raw);
          const markAt = visible.indexOf(STATE_MARK);
          const safeEnd = markAt >= 0 ? markAt : Math.max(streamed, visible.length - STATE_MARK.length - 2);
          if (safeEnd > streamed) {
            options.onOutput?.(visible.slice(streamed, safeEnd), 'stdout');
            streamed = safeEnd;
          }
        },
      }),
    );
    const exitCode = await proc.exit;
    await reading.catch(() => undefined);
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);

    const text = stripAnsi(raw);
    const markAt = text.lastIndexOf(STATE_MARK);
    let stdout = markAt >= 0 ? text.slice(0, markAt) : text;
    stdout = stdout.replace(/\n$/, '');
    // A background command leaves the shell where the foreground commands put it.
    if (markAt >= 0 && !options.detached) {
      const [, pwd = '', ...envLines] = text.slice(markAt).split('\n');
      const nextCwd = fromContainer(pwd.trim());
      if (nextCwd.startsWith(root)) cwd = nextCwd;
      const seen = parseEnv(envLines);
      // Carry over what the user's commands exported: anything not in the container's own environment.
      const exported: Record<string, string> = {};
      for (const [k, v] of Object.entries(seen)) {
        if (k === 'PWD' || k === 'OLDPWD' || k === 'SHLVL' || k === '_' || k === '__tp_ec') continue;
        if (baseEnv?.[k] !== v || env[k] !== undefined) exported[k] = v;
      }
      env = exported;
    }
    await settle();
    return { stdout, stderr: '', exitCode: timedOut ? 124 : aborted ? 130 : exitCode, timedOut, aborted, cwd };
  };

  // 5. The terminal's shell: jsh on a real pty, keys and escape codes passed straight through.
  const openShell = async (size: TerminalSize): Promise<ShellSession> => {
    await settle();
    const proc = await container.spawn('jsh', {
      cwd: toContainer(cwd),
      env: { ...env },
      terminal: { cols: size.cols, rows: size.rows },
    });
    const shell = containerProcess(proc);
    return { ...shell, write: (data) => void shell.write(data).catch(() => undefined) };
  };

  // 5b. Long-running processes with their own stdio (MCP servers).
  const spawn = async (command: string, args: string[], options: SpawnOptions = {}): Promise<WorkspaceProcess> => {
    await settle();
    const dir = options.cwd ? tree.resolve(options.cwd) : cwd;
    return containerProcess(
      await container.spawn(command, args, { cwd: toContainer(dir), env: { ...env, ...options.env } }),
    );
  };

  // 6. Errors from preview pages (the container boots with `forwardPreviewErrors`).
  const previewErrorListeners = new Set<(error: PreviewError) => void>();
  const offPreviewMessage = container.on('preview-message', (message) => {
    const error = toPreviewError(message);
    if (error) for (const listener of previewErrorListeners) listener(error);
  });

  // 7. Preview ports.
  let ports: PreviewPort[] = [];
  const portListeners = new Set<(ports: PreviewPort[]) => void>();
  const setPorts = (next: PreviewPort[]): void => {
    ports = next.sort((a, b) => a.port - b.port);
    for (const listener of portListeners) listener(ports);
  };
  const offPort = container.on('port', (port, type, url) => {
    const rest = ports.filter((p) => p.port !== port);
    setPorts(type === 'open' ? [...rest, { port, url }] : rest);
  });
  const offReady = container.on('server-ready', (port, url) => {
    if (!ports.some((p) => p.port === port)) setPorts([...ports, { port, url }]);
  });

  return {
    backend: 'webcontainer',
    root,
    resolve: (path) => tree.resolve(path),
    readFile: (path) => tree.readFile(path),
    readText: (path) => tree.readText(path),
    writeFile: (path, data) => tree.writeFile(path, data),
    stat: (path) => tree.stat(path),
    list: (path) => tree.list(path),
    mkdir: (path) => tree.mkdir(path),
    remove: (path, options) => tree.remove(path, options),
    rename: (from, to) => tree.rename(from, to),
    listFiles: (path) => tree.listFiles(path),
    watch: (listener) => tree.watch(listener),
    exec,
    // Lines the page shell runs read-only: its `git` asks for the view through the app's workspace.
    readOnlyWorkspaceFor: (token) => pageShell?.readOnlyWorkspaceFor?.(token) ?? null,
    shellState: () => ({ cwd, env: { ...env } }),
    ports: () => ports,
    onPortsChanged(listener) {
      portListeners.add(listener);
      return () => portListeners.delete(listener);
    },
    openShell,
    spawn,
    onPreviewError(listener) {
      previewErrorListeners.add(listener);
      return () => previewErrorListeners.delete(listener);
    },
    async dispose() {
      unwatchTree();
      watcher.close();
      offPort();
      offReady();
      offPreviewMessage();
      container.teardown();
    },
  };
}
