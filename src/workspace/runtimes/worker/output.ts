import type { WorkerMessage } from '../protocol';

// A program's stdout/stderr on its way to the host. Each write is posted at once, so output
// shows while a program is still busy (and is not lost when it is stopped); only a flood of
// writes (a print in a tight loop) is coalesced, to spare the page thousands of messages.

const WINDOW_MS = 10;
const POSTS_PER_WINDOW = 40;

export class OutputChannel {
  private pending = '';
  private pendingStream: 'stdout' | 'stderr' = 'stdout';
  private windowStart = 0;
  private posts = 0;
  private scheduled = false;

  constructor(
    private readonly post: (message: WorkerMessage) => void,
    private readonly later: (flush: () => void) => void = (flush) => setTimeout(flush, 0),
  ) {}

  write(stream: 'stdout' | 'stderr', text: string): void {
    if (!text) return;
    if (this.pending && this.pendingStream !== stream) this.flush();
    this.pendingStream = stream;
    this.pending += text;
    const now = Date.now();
    if (now - this.windowStart >= WINDOW_MS) {
      this.windowStart = now;
      this.posts = 0;
    }
    if (this.posts < POSTS_PER_WINDOW) {
      this.posts++;
      this.flush();
    } else if (!this.scheduled) {
      this.scheduled = true;
      this.later(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  flush(): void {
    if (!this.pending) return;
    const text = this.pending;
    this.pending = '';
    this.post({ type: 'output', stream: this.pendingStream, text });
  }
}
