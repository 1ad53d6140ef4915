// When does a Node program end? When nothing is left that could run code later: no timer,
// interval or immediate, no pending fs callback, no stdin reader. A browser worker cannot say
// that, so every such handle is counted here, and the program ends once the count is zero after
// the current task and its microtasks. Timers are Node's: objects with ref/unref/refresh.

export interface NativeTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export class EventLoop {
  private refs = 0;
  private checking = false;
  private stopped = false;

  constructor(
    private readonly native: NativeTimers,
    private readonly onIdle: () => void,
  ) {}

  /** Keeps the program alive until the returned release is called (once; later calls do nothing). */
  hold(): () => void {
    this.refs++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.refs--;
      if (this.refs === 0) this.check();
    };
  }

  /** Looks again after the current task (the main module finished, a handle went away). */
  check(): void {
    if (this.refs || this.checking || this.stopped) return;
    this.checking = true;
    this.native.setTimeout(() => {
      this.checking = false;
      if (!this.refs && !this.stopped) this.onIdle();
    }, 0);
  }

  get active(): number {
    return this.refs;
  }

  stop(): void {
    this.stopped = true;
  }
}

type Callback = (...args: unknown[]) => void;

export interface Timers {
  setTimeout(callback: Callback, ms?: number, ...args: unknown[]): Timeout;
  clearTimeout(timer: unknown): void;
  setInterval(callback: Callback, ms?: number, ...args: unknown[]): Timeout;
  clearInterval(timer: unknown): void;
  setImmediate(callback: Callback, ...args: unknown[]): Immediate;
  clearImmediate(immediate: unknown): void;
  queueMicrotask(callback: () => void): void;
}

export interface Timeout {
  ref(): Timeout;
  unref(): Timeout;
  hasRef(): boolean;
  refresh(): Timeout;
  close(): Timeout;
  [Symbol.toPrimitive](): number;
}

export interface Immediate {
  ref(): Immediate;
  unref(): Immediate;
  hasRef(): boolean;
}

/** Node's timer functions over the worker's, counted by `loop`; callback errors go to `fail`. */
export function createTimers(loop: EventLoop, native: NativeTimers, fail: (error: unknown) => void): Timers {
  // Bound now: the program's globals are replaced with these timers afterwards.
  const microtask = globalThis.queueMicrotask.bind(globalThis);
  const byId = new Map<number, TimerHandle>();
  let nextId = 1;

  const invoke = (callback: Callback, args: unknown[]) => {
    try {
      callback(...args);
    } catch (error) {
      fail(error);
    }
  };

  class TimerHandle implements Timeout {
    readonly id = nextId++;
    private nativeId: unknown = null;
    private release: (() => void) | null = null;
    private refed = true;
    private live = true;

    constructor(
      private readonly callback: Callback,
      private readonly ms: number,
      private readonly args: unknown[],
      private readonly repeat: boolean,
    ) {
      byId.set(this.id, this);
      this.arm();
    }

    private arm(): void {
      if (this.refed && !this.release) this.release = loop.hold();
      this.nativeId = native.setTimeout(() => this.fire(), this.ms);
    }

    private fire(): void {
      if (!this.live) return;
      if (this.repeat) this.arm();
      else this.finish();
      invoke(this.callback, this.args);
    }

    private finish(): void {
      this.live = false;
      byId.delete(this.id);
      this.release?.();
      this.release = null;
    }

    ref(): Timeout {
      this.refed = true;
      if (this.live && !this.release) this.release = loop.hold();
      return this;
    }

    unref(): Timeout {
      this.refed = false;
      this.release?.();
      this.release = null;
      return this;
    }

    hasRef(): boolean {
      return this.refed && this.live;
    }

    refresh(): Timeout {
      if (!this.live) return this;
      native.clearTimeout(this.nativeId);
      this.nativeId = native.setTimeout(() => this.fire(), this.ms);
      return this;
    }

    close(): Timeout {
      if (!this.live) return this;
      native.clearTimeout(this.nativeId);
      this.finish();
      return this;
    }

    [Symbol.toPrimitive](): number {
      return this.id;
    }
  }

  const clear = (timer: unknown) => {
    if (timer instanceof TimerHandle) timer.close();
    else if (typeof timer === 'number' || typeof timer === 'string') byId.get(Number(timer))?.close();
  };

  // Immediates run in order from one MessageChannel turn: setTimeout(0) is clamped to 4 ms when nested.
  const immediates: ImmediateHandle[] = [];
  const channel = new MessageChannel();
  let posted = false;
  channel.port1.onmessage = () => {
    posted = false;
    const batch = immediates.splice(0);
    for (const immediate of batch) immediate.run();
  };

  class ImmediateHandle implements Immediate {
    private release: (() => void) | null = loop.hold();
    live = true;

    constructor(
      private readonly callback: Callback,
      private readonly args: unknown[],
    ) {
      immediates.push(this);
      if (!posted) {
        posted = true;
        channel.port2.postMessage(null);
      }
    }

    run(): void {
      if (!this.live) return;
      this.cancel();
      invoke(this.callback, this.args);
    }

    cancel(): void {
      this.live = false;
      this.release?.();
      this.release = null;
    }

    ref(): Immediate {
      if (this.live && !this.release) this.release = loop.hold();
      return this;
    }

    unref(): Immediate {
      this.release?.();
      this.release = null;
      return this;
    }

    hasRef(): boolean {
      return this.release !== null;
    }
  }

  return {
    setTimeout: (callback, ms = 1, ...args) => new TimerHandle(callback, Math.max(1, Number(ms) || 1), args, false),
    clearTimeout: clear,
    setInterval: (callback, ms = 1, ...args) => new TimerHandle(callback, Math.max(1, Number(ms) || 1), args, true),
    clearInterval: clear,
    setImmediate: (callback, ...args) => new ImmediateHandle(callback, args),
    clearImmediate: (immediate) => {
      if (immediate instanceof ImmediateHandle) immediate.cancel();
    },
    queueMicrotask: (callback) =>
      microtask(() => {
        try {
          callback();
        } catch (error) {
          fail(error);
        }
      }),
  };
}
