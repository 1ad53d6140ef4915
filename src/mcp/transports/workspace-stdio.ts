// MCP over a workspace process's stdio: newline-delimited JSON-RPC. In a WebContainer the process
// sits on a pseudo-terminal, so its output mixes stdout with stderr, ends lines in CRLF, may carry
// escape codes, and echoes what we write. Lines that are JSON-RPC and not our own echo are
// messages; everything else is the server's log, kept to explain an early exit.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Workspace, WorkspaceProcess } from '../../workspace/types';
import type { McpStdioConfig } from '../config';
import { isJsonRpcMessage } from './json-rpc';

const LOG_LINES = 40;

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][A-Za-z0-9]|\x1b[=>]/g;

export class WorkspaceStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** The server's recent non-protocol output (its stderr, mostly), newest last. */
  readonly log: string[] = [];
  /** The exit code once the process has ended. */
  exitCode: number | null = null;

  private proc?: WorkspaceProcess;
  private buffer = '';
  private closing = false;
  private readonly echoes = new Map<string, number>();
  private stopListening?: () => void;

  constructor(
    private readonly spawn: NonNullable<Workspace['spawn']>,
    private readonly config: Pick<McpStdioConfig, 'command' | 'args' | 'env'>,
  ) {}

  async start(): Promise<void> {
    if (this.proc) throw new Error('WorkspaceStdioTransport already started');
    this.proc = await this.spawn(this.config.command, this.config.args, { env: this.config.env });
    this.stopListening = this.proc.onOutput((chunk) => this.receive(chunk));
    void this.proc.exit.then((code) => {
      this.exitCode = code;
      this.flush();
      if (!this.closing) {
        const tail = this.log.slice(-5).join('\n');
        this.onerror?.(
          new Error(`The process "${this.commandLine()}" exited with code ${code}${tail ? `:\n${tail}` : ''}`),
        );
      }
      this.stopListening?.();
      this.onclose?.();
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (!this.proc || this.exitCode !== null) throw new Error(`The process "${this.commandLine()}" is not running.`);
    const line = JSON.stringify(message);
    this.echoes.set(line, (this.echoes.get(line) ?? 0) + 1);
    await this.proc.write(`${line}\n`);
  }

  async close(): Promise<void> {
    if (!this.proc || this.exitCode !== null) return;
    this.closing = true;
    this.proc.kill();
    await this.proc.exit;
  }

  commandLine(): string {
    return [this.config.command, ...this.config.args].join(' ');
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let newline = this.buffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      this.line(line);
      newline = this.buffer.indexOf('\n');
    }
  }

  private flush(): void {
    if (this.buffer) this.line(this.buffer);
    this.buffer = '';
  }

  private line(raw: string): void {
    const line = raw.replace(ANSI, '').replace(/\r/g, '').trim();
    if (!line) return;
    const echoed = this.echoes.get(line);
    if (echoed) {
      if (echoed === 1) this.echoes.delete(line);
      else this.echoes.set(line, echoed - 1);
      return;
    }
    if (line.startsWith('{')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = undefined;
      }
      if (isJsonRpcMessage(parsed)) {
        this.onmessage?.(parsed);
        return;
      }
    }
    this.log.push(line);
    if (this.log.length > LOG_LINES) this.log.shift();
  }
}
