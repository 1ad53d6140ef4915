import type { FileTree } from '../file-tree';
import { FileFeed } from './file-feed';
import type { ProcessHost, RuntimeProcess } from './process-host';
import { isWorkerMessage, type RuntimeKind, type WorkerMessage } from './protocol';

// Warm workers, one per runtime. A `node` worker runs one program (the program owns its globals),
// so after each run a fresh spare is booted in the background; the Python worker hosts many runs
// (each gets a fresh interpreter) and is kept until a run is stopped. No worker starts before the
// first use: the first `node` or `python3` pays for the sandbox and the runtime's start.

export interface BootedProcess {
  kind: RuntimeKind;
  process: RuntimeProcess;
  feed: FileFeed;
  /** Where the worker's messages go now (boot, then the current run). */
  listen(listener: (message: WorkerMessage) => void, onCrash: (reason: string) => void): void;
}

export class RuntimePool {
  private host: Promise<ProcessHost> | null = null;
  private readonly spares = new Map<RuntimeKind, Promise<BootedProcess>>();
  private readonly live = new Set<BootedProcess>();
  private disposed = false;

  constructor(
    private readonly tree: FileTree,
    private readonly makeHost: () => Promise<ProcessHost>,
  ) {}

  /** A booted worker for one run: the spare if there is one, else a new one. */
  take(kind: RuntimeKind): Promise<BootedProcess> {
    const spare = this.spares.get(kind);
    this.spares.delete(kind);
    return spare ?? this.boot(kind);
  }

  /** After a run: Python's worker goes back to be reused; a node worker is ended and replaced. */
  release(booted: BootedProcess, reusable: boolean): void {
    if (reusable && booted.kind === 'python' && !this.spares.has('python') && !this.disposed) {
      this.spares.set('python', Promise.resolve(booted));
      return;
    }
    this.end(booted);
    if (!this.spares.has(booted.kind) && !this.disposed) this.warm(booted.kind);
  }

  /** A worker that booted for a run that was stopped before it started: it is as good as a spare. */
  giveBack(booted: BootedProcess): void {
    if (this.spares.has(booted.kind) || this.disposed) this.end(booted);
    else this.spares.set(booted.kind, Promise.resolve(booted));
  }

  /** Ends a worker at once (a stopped or timed-out run). */
  end(booted: BootedProcess): void {
    booted.process.terminate();
    booted.feed.dispose();
    this.live.delete(booted);
  }

  /** Fetches a runtime's files ahead of its first use (the shell does for node, which is small). */
  prefetch(kind: RuntimeKind): void {
    if (this.disposed) return;
    this.hostNow().then(
      (host) => host.prefetch(kind),
      () => undefined, // the first run loads the host again and reports why it cannot
    );
  }

  dispose(): void {
    this.disposed = true;
    for (const booted of [...this.live]) this.end(booted);
    this.spares.clear();
    void this.host?.then((host) => host.dispose());
  }

  private warm(kind: RuntimeKind): void {
    const booting = this.boot(kind);
    this.spares.set(kind, booting);
    // A spare that failed to boot is dropped; the next run boots its own and reports why.
    booting.catch(() => {
      if (this.spares.get(kind) === booting) this.spares.delete(kind);
    });
  }

  private hostNow(): Promise<ProcessHost> {
    if (!this.host) {
      const host = this.makeHost();
      this.host = host;
      host.catch(() => {
        if (this.host === host) this.host = null;
      });
    }
    return this.host;
  }

  private async boot(kind: RuntimeKind): Promise<BootedProcess> {
    if (this.disposed) throw new Error('the workspace has been disposed');
    const host = await this.hostNow();
    const [process, assets] = await Promise.all([host.spawn(kind), host.assets(kind)]);
    let listener: (message: WorkerMessage) => void = () => {};
    let crashed: (reason: string) => void = () => {};
    process.onMessage((message) => {
      if (isWorkerMessage(message)) listener(message);
    });
    process.onCrash((reason) => crashed(reason));
    const booted: BootedProcess = {
      kind,
      process,
      feed: new FileFeed(this.tree),
      listen(next, onCrash) {
        listener = next;
        crashed = onCrash;
      },
    };
    this.live.add(booted);
    await new Promise<void>((resolve, reject) => {
      booted.listen(
        (message) => {
          if (message.type === 'ready') resolve();
          else if (message.type === 'fatal') reject(new Error(message.message));
        },
        (reason) => reject(new Error(reason)),
      );
      process.post({ type: 'boot', boot: { kind, root: this.tree.root, ...assets }, files: booted.feed.next() });
    }).catch((error: Error) => {
      this.end(booted);
      throw error;
    });
    return booted;
  }
}
