import { EventEmitter } from 'events';
import type { Readable, Writable } from './streams';

// node:readline (and readline/promises) over a readable stream: 'line' events, the async
// iterator, question() (answered from stdin's lines, as with piped input) and 'close' at the end.

interface InterfaceOptions {
  input?: Readable;
  output?: Writable;
  crlfDelay?: number;
  terminal?: boolean;
}

export function createReadline() {
  class Interface extends EventEmitter {
    private buffered = '';
    private readonly lines: string[] = [];
    private readonly waiting: Array<(line: string | null) => void> = [];
    private ended = false;
    closed = false;
    terminal = false;
    line = '';

    constructor(private readonly options: InterfaceOptions) {
      super();
      const input = options.input;
      if (!input) return;
      input.on('data', (chunk: unknown) =>
        this.feed(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk as Uint8Array)),
      );
      input.on('end', () => {
        if (this.buffered) this.deliver(this.buffered);
        this.buffered = '';
        this.ended = true;
        this.waiting.splice(0).forEach((w) => w(null));
        this.close();
      });
    }

    private feed(text: string): void {
      this.buffered += text;
      let i: number;
      while ((i = this.buffered.indexOf('\n')) !== -1) {
        const line = this.buffered.slice(0, i).replace(/\r$/, '');
        this.buffered = this.buffered.slice(i + 1);
        this.deliver(line);
      }
    }

    private deliver(line: string): void {
      const waiter = this.waiting.shift();
      if (waiter) waiter(line);
      else if (this.listenerCount('line')) this.emit('line', line);
      else this.lines.push(line);
    }

    question(query: string, optionsOrCallback?: unknown, callback?: (answer: string) => void): void {
      const done = typeof optionsOrCallback === 'function' ? (optionsOrCallback as (a: string) => void) : callback;
      this.options.output?.write(query);
      this.nextLine().then((line) => done?.(line ?? ''));
    }

    nextLine(): Promise<string | null> {
      if (this.lines.length) return Promise.resolve(this.lines.shift()!);
      if (this.ended) return Promise.resolve(null);
      return new Promise((resolve) => this.waiting.push(resolve));
    }

    setPrompt(prompt: string): void {
      this.promptText = prompt;
    }
    private promptText = '> ';
    getPrompt(): string {
      return this.promptText;
    }
    prompt(): void {
      this.options.output?.write(this.promptText);
    }
    write(data: string): void {
      this.feed(data);
    }
    pause(): this {
      return this;
    }
    resume(): this {
      return this;
    }

    close(): void {
      if (this.closed) return;
      this.closed = true;
      queueMicrotask(() => this.emit('close'));
    }

    async *[Symbol.asyncIterator](): AsyncGenerator<string> {
      while (true) {
        const line = await this.nextLine();
        if (line === null) return;
        yield line;
      }
    }
  }

  const createInterface = (input: InterfaceOptions | Readable, output?: Writable) =>
    new Interface(input && 'input' in input ? input : { input: input as Readable, output });

  class PromiseInterface extends Interface {
    override question(query: string): any {
      return new Promise<string>((resolve) => super.question(query, resolve));
    }
  }

  return {
    readline: {
      Interface,
      createInterface,
      clearLine: () => true,
      clearScreenDown: () => true,
      cursorTo: () => true,
      moveCursor: () => true,
      emitKeypressEvents: () => {},
    },
    promises: {
      Interface: PromiseInterface,
      createInterface: (input: InterfaceOptions | Readable, output?: Writable) =>
        new PromiseInterface(input && 'input' in input ? input : { input: input as Readable, output }),
    },
  };
}
