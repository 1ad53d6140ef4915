import { EventEmitter } from 'events';
import { Buffer } from 'buffer';

// A compact `stream` module: enough of Node's Readable/Writable/Duplex/Transform for stdin,
// stdout, fs streams, readline and the usual pipe/pipeline/async-iteration code. Events go out
// in microtasks, so a program's end is still decided by its real handles (event-loop.ts).

type Chunk = unknown;
type Done = (error?: Error | null) => void;

interface ReadableOptions {
  read?(this: Readable, size: number): void;
  objectMode?: boolean;
  encoding?: string;
  destroy?(this: Readable, error: Error | null, callback: Done): void;
}

export class Readable extends EventEmitter {
  readable = true;
  readableEnded = false;
  destroyed = false;
  readonly readableObjectMode: boolean;
  private readonly queue: Chunk[] = [];
  private flowing: boolean | null = null;
  private pushedEnd = false;
  private reading = false;
  private scheduled = false;
  private encoding: string | null;
  private decoder: TextDecoder | null = null;

  constructor(options: ReadableOptions = {}) {
    super();
    this.readableObjectMode = !!options.objectMode;
    this.encoding = options.encoding ?? null;
    if (options.read) this._read = options.read;
    if (options.destroy) this._destroy = options.destroy;
  }

  static from(iterable: Iterable<Chunk> | AsyncIterable<Chunk>, options: ReadableOptions = {}): Readable {
    const stream = new Readable({ objectMode: true, ...options });
    void (async () => {
      try {
        for await (const chunk of iterable as AsyncIterable<Chunk>) stream.push(chunk);
        stream.push(null);
      } catch (error) {
        stream.destroy(error as Error);
      }
    })();
    return stream;
  }

  _read(_size: number): void {}

  _destroy(error: Error | null, callback: Done): void {
    callback(error);
  }

  push(chunk: Chunk): boolean {
    if (chunk === null) this.pushedEnd = true;
    else if (typeof chunk === 'string' && !this.readableObjectMode) this.queue.push(Buffer.from(chunk));
    else this.queue.push(chunk);
    this.reading = false;
    this.schedule();
    return true;
  }

  unshift(chunk: Chunk): void {
    this.queue.unshift(chunk);
  }

  setEncoding(encoding: string): this {
    this.encoding = encoding;
    return this;
  }

  read(): Chunk | null {
    if (!this.queue.length) {
      this.pull();
      return null;
    }
    const chunk = this.decode(this.queue.shift());
    this.schedule();
    return chunk;
  }

  override on(event: string | symbol, listener: (...args: any[]) => void): this {
    super.on(event, listener);
    if (event === 'data' && this.flowing !== false) this.resume();
    if (event === 'readable') this.flowing = false;
    if (event === 'readable' || event === 'end') this.schedule();
    return this;
  }

  override addListener(event: string | symbol, listener: (...args: any[]) => void): this {
    return this.on(event, listener);
  }

  pause(): this {
    this.flowing = false;
    return this;
  }

  resume(): this {
    this.flowing = true;
    this.schedule();
    return this;
  }

  isPaused(): boolean {
    return this.flowing === false;
  }

  pipe<T extends NodeWritable>(destination: T, options: { end?: boolean } = {}): T {
    this.on('data', (chunk) => destination.write(chunk));
    if (options.end !== false) this.on('end', () => destination.end());
    this.on('error', (error) => destination.emit?.('error', error));
    return destination;
  }

  unpipe(): this {
    this.removeAllListeners('data');
    return this;
  }

  destroy(error?: Error | null): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    this._destroy(error ?? null, (e) => {
      queueMicrotask(() => {
        if (e) this.emit('error', e);
        this.emit('close');
      });
    });
    return this;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Chunk> {
    const waiting: Array<() => void> = [];
    const wake = () => waiting.splice(0).forEach((w) => w());
    let failure: unknown = null;
    this.on('readable', wake);
    this.on('end', wake);
    this.on('error', (error) => {
      failure = error;
      wake();
    });
    this.flowing = false;
    while (true) {
      if (failure) throw failure;
      if (this.queue.length) {
        yield this.read();
        continue;
      }
      if (this.readableEnded || (this.pushedEnd && !this.queue.length)) return;
      this.pull();
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  }

  private decode(chunk: Chunk): Chunk {
    if (!this.encoding || !(chunk instanceof Uint8Array)) return chunk;
    if (this.encoding === 'utf8' || this.encoding === 'utf-8') {
      this.decoder ??= new TextDecoder();
      return this.decoder.decode(chunk, { stream: true });
    }
    return Buffer.from(chunk).toString(this.encoding as BufferEncoding);
  }

  private pull(): void {
    if (this.reading || this.pushedEnd || this.destroyed) return;
    this.reading = true;
    this._read(16384);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.flow();
    });
  }

  private flow(): void {
    if (this.destroyed || this.readableEnded) return;
    if (this.flowing) {
      while (this.queue.length && this.flowing) this.emit('data', this.decode(this.queue.shift()));
    } else if ((this.queue.length || this.pushedEnd) && this.listenerCount('readable')) this.emit('readable');
    if (this.queue.length) return;
    // 'end' once everything was consumed: by 'data' (flowing) or by read() (paused, flowing === false).
    if (this.pushedEnd && this.flowing !== null) {
      this.readableEnded = true;
      this.readable = false;
      this.emit('end');
      queueMicrotask(() => this.emit('close'));
    } else if (this.flowing) this.pull();
  }
}

interface NodeWritable {
  write(chunk: Chunk, encoding?: string, callback?: Done): boolean;
  end(...args: unknown[]): unknown;
  emit?(event: string, ...args: unknown[]): boolean;
}

interface WritableOptions {
  write?(this: Writable, chunk: Chunk, encoding: string, callback: Done): void;
  final?(this: Writable, callback: Done): void;
  objectMode?: boolean;
  decodeStrings?: boolean;
}

export class Writable extends EventEmitter implements NodeWritable {
  writable = true;
  writableEnded = false;
  writableFinished = false;
  destroyed = false;
  private pending = 0;
  private ending: Done | null = null;

  constructor(options: WritableOptions = {}) {
    super();
    if (options.write) this._write = options.write;
    if (options.final) this._final = options.final;
  }

  _write(_chunk: Chunk, _encoding: string, callback: Done): void {
    callback();
  }

  _final(callback: Done): void {
    callback();
  }

  write(chunk: Chunk, encoding?: string | Done, callback?: Done): boolean {
    if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
    if (this.writableEnded) {
      const error = Object.assign(new Error('write after end'), { code: 'ERR_STREAM_WRITE_AFTER_END' });
      queueMicrotask(() => (callback ? callback(error) : this.emit('error', error)));
      return false;
    }
    this.pending++;
    this._write(chunk, encoding ?? 'utf8', (error) => {
      this.pending--;
      if (error) this.emit('error', error);
      callback?.(error ?? null);
      this.settle();
    });
    return true;
  }

  end(chunk?: Chunk | Done, encoding?: string | Done, callback?: Done): this {
    if (typeof chunk === 'function') [callback, chunk] = [chunk as Done, undefined];
    if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
    if (chunk !== undefined && chunk !== null) this.write(chunk, encoding as string | undefined);
    if (this.writableEnded) return this;
    this.writableEnded = true;
    this.ending = callback ?? (() => {});
    this.settle();
    return this;
  }

  cork(): void {}
  uncork(): void {}
  setDefaultEncoding(): this {
    return this;
  }

  destroy(error?: Error | null): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    queueMicrotask(() => {
      if (error) this.emit('error', error);
      this.emit('close');
    });
    return this;
  }

  private settle(): void {
    if (!this.ending || this.pending || this.writableFinished) return;
    const done = this.ending;
    this.ending = null;
    this._final((error) => {
      this.writableFinished = true;
      queueMicrotask(() => {
        if (error) this.emit('error', error);
        else this.emit('finish');
        done(error ?? null);
        this.emit('close');
      });
    });
  }
}

/** Readable and writable at once: the readable side is this object, writes go to `_write`. */
export class Duplex extends Readable implements NodeWritable {
  private readonly sink: Writable;
  writable = true;

  constructor(options: ReadableOptions & WritableOptions = {}) {
    super(options);
    const self = this;
    this.sink = new Writable({
      write: (chunk, encoding, callback) => self._write(chunk, encoding, callback),
      final: (callback) => self._final(callback),
    });
    this.sink.on('finish', () => this.emit('finish'));
    if (options.write) this._write = options.write as Duplex['_write'];
    if (options.final) this._final = options.final as Duplex['_final'];
  }

  _write(_chunk: Chunk, _encoding: string, callback: Done): void {
    callback();
  }

  _final(callback: Done): void {
    callback();
  }

  write(chunk: Chunk, encoding?: string | Done, callback?: Done): boolean {
    return this.sink.write(chunk, encoding, callback);
  }

  end(chunk?: Chunk | Done, encoding?: string | Done, callback?: Done): this {
    this.sink.end(chunk, encoding, callback);
    return this;
  }

  get writableEnded(): boolean {
    return this.sink.writableEnded;
  }
}

interface TransformOptions extends ReadableOptions, WritableOptions {
  transform?(
    this: Transform,
    chunk: Chunk,
    encoding: string,
    callback: (error?: Error | null, data?: Chunk) => void,
  ): void;
  flush?(this: Transform, callback: (error?: Error | null, data?: Chunk) => void): void;
}

export class Transform extends Duplex {
  constructor(options: TransformOptions = {}) {
    super(options);
    if (options.transform) this._transform = options.transform;
    if (options.flush) this._flush = options.flush;
  }

  _transform(chunk: Chunk, _encoding: string, callback: (error?: Error | null, data?: Chunk) => void): void {
    callback(null, chunk);
  }

  _flush(callback: (error?: Error | null, data?: Chunk) => void): void {
    callback();
  }

  override _write(chunk: Chunk, encoding: string, callback: Done): void {
    this._transform(chunk, encoding, (error, data) => {
      if (data !== undefined && data !== null) this.push(data);
      callback(error);
    });
  }

  override _final(callback: Done): void {
    this._flush((error, data) => {
      if (data !== undefined && data !== null) this.push(data);
      this.push(null);
      callback(error);
    });
  }
}

export class PassThrough extends Transform {}

type AnyStream = Readable | Writable | Duplex;

export function finished(stream: AnyStream, callback: Done): () => void {
  let done = false;
  const finish = (error?: Error | null) => {
    if (done) return;
    done = true;
    callback(error ?? null);
  };
  const onError = (error: Error) => finish(error);
  stream.on('error', onError);
  stream.on(stream instanceof Readable && !(stream instanceof Duplex) ? 'end' : 'finish', () => finish());
  stream.on('close', () => finish());
  return () => stream.removeListener('error', onError);
}

export function pipeline(...args: unknown[]): AnyStream {
  const callback = typeof args[args.length - 1] === 'function' ? (args.pop() as Done) : () => {};
  const streams = args.flat() as AnyStream[];
  for (let i = 0; i < streams.length - 1; i++) (streams[i] as Readable).pipe(streams[i + 1] as Writable);
  let failed = false;
  for (const stream of streams) {
    stream.on('error', (error: Error) => {
      if (failed) return;
      failed = true;
      callback(error);
    });
  }
  const last = streams[streams.length - 1];
  finished(last, (error) => !failed && callback(error));
  return last;
}

export const promises = {
  pipeline: (...streams: unknown[]) =>
    new Promise<void>((resolve, reject) =>
      pipeline(...streams, (error?: Error | null) => (error ? reject(error) : resolve())),
    ),
  finished: (stream: AnyStream) =>
    new Promise<void>((resolve, reject) => finished(stream, (error) => (error ? reject(error) : resolve()))),
};

export const Stream = Readable;
