// Loaded when the Terminal tab first opens. Where the workspace has a real shell (WebContainer's
// jsh on a pty) the terminal is wired straight to it, size included; otherwise (lite) it is a line
// editor over Workspace.exec: the shell's cwd and exports carry over because the workspace keeps them.
import { Terminal, type IDisposable } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { ShellSession, TerminalSize, Workspace } from '../../workspace/types';

export interface TerminalHandle {
  dispose(): void;
  focus(): void;
  /** Follows the page's colour scheme without restarting the shell. */
  setDark(dark: boolean): void;
}

const toCrlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

const themeFor = (dark: boolean) =>
  dark
    ? { background: '#0f1419', foreground: '#d8dee9' }
    : { background: '#fbfcfd', foreground: '#1f2933', cursor: '#1f2933', selectionBackground: '#c7d7f0' };

/**
 * `pty`: the workspace's real shell where it has one (WebContainer jsh), else the line editor.
 * `line`: always the line editor over `exec`, which answers `git` in the page — the pty shell
 * cannot, since a WebContainer runs no program the page provides.
 */
export type TerminalKind = 'pty' | 'line';

export function mountTerminal(
  el: HTMLElement,
  workspace: Workspace,
  dark: boolean,
  kind: TerminalKind = 'pty',
): TerminalHandle {
  const term = new Terminal({
    convertEol: false,
    cursorBlink: true,
    fontSize: 13,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    theme: themeFor(dark),
    allowProposedApi: false,
  });
  term.open(el);

  // Size to the element without the fit addon: measure one character of the terminal font.
  const canvas = document.createElement('canvas').getContext('2d');
  const fit = (): void => {
    if (!canvas) return;
    canvas.font = `13px ${term.options.fontFamily}`;
    const charWidth = canvas.measureText('W').width || 8;
    const cols = Math.max(20, Math.floor((el.clientWidth - 16) / charWidth));
    const rows = Math.max(5, Math.floor((el.clientHeight - 8) / 17));
    if (cols !== term.cols || rows !== term.rows) term.resize(cols, rows);
  };
  const observer = new ResizeObserver(fit);
  observer.observe(el);
  fit();

  let stop: () => void;
  const openShell = kind === 'pty' ? workspace.openShell?.bind(workspace) : undefined;
  if (openShell) {
    stop = attachShell(term, openShell, () => {
      stop = lineEditor(term, workspace);
    });
  } else stop = lineEditor(term, workspace);

  return {
    dispose() {
      observer.disconnect();
      stop();
      term.dispose();
    },
    focus: () => term.focus(),
    setDark: (next) => {
      term.options.theme = themeFor(next);
    },
  };
}

/** The terminal wired to a pty shell: keys to its input, its output to the screen, every resize to it. */
function attachShell(
  term: Terminal,
  open: (size: TerminalSize) => Promise<ShellSession>,
  fallback: () => void,
): () => void {
  let session: ShellSession | null = null;
  let disposed = false;
  const subscriptions: IDisposable[] = [];
  open({ cols: term.cols, rows: term.rows }).then(
    (shell) => {
      if (disposed) return shell.kill();
      session = shell;
      shell.onOutput((chunk) => term.write(chunk));
      subscriptions.push(term.onData((data) => shell.write(data)));
      subscriptions.push(term.onResize((size) => shell.resize(size)));
      shell.resize({ cols: term.cols, rows: term.rows }); // a fit may have landed while it started
      void shell.exit.then((code) => {
        if (!disposed)
          term.write(`\r\n\x1b[2m(the shell exited with code ${code}; open a new terminal for another)\x1b[0m\r\n`);
      });
    },
    (error: unknown) => {
      if (disposed) return;
      term.write(
        `\x1b[31mThe shell could not start (${error instanceof Error ? error.message : String(error)}); using the line shell.\x1b[0m\r\n`,
      );
      fallback();
    },
  );
  return () => {
    disposed = true;
    for (const s of subscriptions) s.dispose();
    session?.kill();
  };
}

/** A line editor over `exec` (lite): prompt, history, typeahead, Ctrl+C to stop a command. */
function lineEditor(term: Terminal, workspace: Workspace): () => void {
  let line = '';
  let cursor = 0;
  let running: AbortController | null = null;
  const history: string[] = [];
  let historyIndex = -1;

  // Each terminal tab keeps its own directory; exported variables stay the workspace shell's.
  let cwd = workspace.root;
  const prompt = (): void => {
    const shown =
      cwd === workspace.root
        ? '~'
        : cwd.startsWith(workspace.root + '/')
          ? '~/' + cwd.slice(workspace.root.length + 1)
          : cwd;
    term.write(`\x1b[36m${shown}\x1b[0m $ `);
  };
  const redraw = (): void => {
    term.write('\r\x1b[K');
    prompt();
    term.write(line);
    if (cursor < line.length) term.write(`\x1b[${line.length - cursor}D`);
  };

  const run = async (command: string): Promise<void> => {
    if (command === 'clear') {
      term.clear();
      prompt();
      return;
    }
    running = new AbortController();
    let streamed = false;
    try {
      const result = await workspace.exec(command, {
        cwd,
        signal: running.signal,
        onOutput: (chunk) => {
          streamed = true;
          term.write(toCrlf(chunk));
        },
      });
      cwd = result.cwd;
      if (!streamed) term.write(toCrlf(result.stdout + result.stderr));
      const out = streamed ? '' : result.stdout + result.stderr;
      if (out && !out.endsWith('\n')) term.write('\r\n');
      if (result.timedOut) term.write('\x1b[33m(timed out)\x1b[0m\r\n');
      else if (result.exitCode !== 0 && !result.aborted) term.write(`\x1b[2m(exit ${result.exitCode})\x1b[0m\r\n`);
    } catch (error) {
      term.write(`\x1b[31m${toCrlf(error instanceof Error ? error.message : String(error))}\x1b[0m\r\n`);
    } finally {
      running = null;
      prompt();
      // Keys typed while the command ran are replayed now, as a real terminal's typeahead is.
      const pending = typeahead;
      typeahead = '';
      if (pending) handleInput(pending);
    }
  };

  term.writeln(
    '\x1b[2mTidepool shell: the same files the agent sees (ls, cat, grep, sed, … ; Ctrl+C stops a command).\x1b[0m',
  );
  prompt();

  let typeahead = '';
  const handleInput = (data: string): void => {
    if (running) {
      if (data === '\x03') {
        running.abort();
        typeahead = '';
        term.write('^C\r\n');
      } else typeahead += data;
      return;
    }
    for (const ch of data.length > 1 && !data.startsWith('\x1b') ? [...data] : [data]) {
      if (running) {
        // A command started by an earlier Enter in this same chunk: the rest is typeahead.
        typeahead += ch;
        continue;
      }
      if (ch === '\r') {
        term.write('\r\n');
        const command = line.trim();
        line = '';
        cursor = 0;
        historyIndex = -1;
        if (command) {
          if (history[0] !== command) history.unshift(command);
          void run(command);
        } else prompt();
      } else if (ch === '\x7f' || ch === '\b') {
        if (cursor > 0) {
          line = line.slice(0, cursor - 1) + line.slice(cursor);
          cursor--;
          redraw();
        }
      } else if (ch === '\x03') {
        term.write('^C\r\n');
        line = '';
        cursor = 0;
        prompt();
      } else if (ch === '\x0c') {
        term.clear();
        redraw();
      } else if (ch === '\x1b[A' || ch === '\x1b[B') {
        if (!history.length) continue;
        historyIndex =
          ch === '\x1b[A' ? Math.min(historyIndex + 1, history.length - 1) : Math.max(historyIndex - 1, -1);
        line = historyIndex >= 0 ? history[historyIndex] : '';
        cursor = line.length;
        redraw();
      } else if (ch === '\x1b[D') {
        if (cursor > 0) {
          cursor--;
          term.write(ch);
        }
      } else if (ch === '\x1b[C') {
        if (cursor < line.length) {
          cursor++;
          term.write(ch);
        }
      } else if (ch >= ' ' && !ch.startsWith('\x1b')) {
        line = line.slice(0, cursor) + ch + line.slice(cursor);
        cursor += ch.length;
        if (cursor === line.length) term.write(ch);
        else redraw();
      }
    }
  };
  const input = term.onData(handleInput);

  return () => {
    input.dispose();
    running?.abort();
  };
}
