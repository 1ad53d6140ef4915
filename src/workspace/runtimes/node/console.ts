import { format, inspect, type InspectOptions } from './inspect';

// `console` as Node writes it: formatted with util.format/inspect to the program's stdout/stderr.

type Write = (stream: 'stdout' | 'stderr', text: string) => void;

export function createConsole(write: Write): Record<string, (...args: any[]) => void> {
  let indent = '';
  const counts = new Map<string, number>();
  const timers = new Map<string, number>();
  const out = (stream: 'stdout' | 'stderr', args: unknown[]) => {
    const text = format(...args);
    write(stream, `${indent ? text.replace(/^/gm, indent) : text}\n`);
  };
  const elapsed = (label: string) => {
    const ms = performance.now() - (timers.get(label) ?? performance.now());
    return ms >= 1000 ? `${(ms / 1000).toFixed(3)}s` : `${ms.toFixed(3)}ms`;
  };
  const console = {
    log: (...args: unknown[]) => out('stdout', args),
    info: (...args: unknown[]) => out('stdout', args),
    debug: (...args: unknown[]) => out('stdout', args),
    error: (...args: unknown[]) => out('stderr', args),
    warn: (...args: unknown[]) => out('stderr', args),
    dir: (value: unknown, options?: InspectOptions) => write('stdout', `${indent}${inspect(value, options)}\n`),
    dirxml: (...args: unknown[]) => out('stdout', args),
    trace: (...args: unknown[]) => {
      const stack = (new Error().stack ?? '').split('\n').slice(2).join('\n');
      out('stderr', [`Trace${args.length ? `: ${format(...args)}` : ''}\n${stack}`]);
    },
    assert: (condition: unknown, ...args: unknown[]) => {
      if (!condition) out('stderr', args.length ? [`Assertion failed: ${format(...args)}`] : ['Assertion failed']);
    },
    count: (label = 'default') => {
      const n = (counts.get(label) ?? 0) + 1;
      counts.set(label, n);
      out('stdout', [`${label}: ${n}`]);
    },
    countReset: (label = 'default') => counts.delete(label),
    time: (label = 'default') => timers.set(label, performance.now()),
    timeEnd: (label = 'default') => {
      out('stdout', [`${label}: ${elapsed(label)}`]);
      timers.delete(label);
    },
    timeLog: (label = 'default', ...data: unknown[]) => out('stdout', [`${label}: ${elapsed(label)}`, ...data]),
    group: (...label: unknown[]) => {
      if (label.length) out('stdout', label);
      indent += '  ';
    },
    groupCollapsed: (...label: unknown[]) => console.group(...label),
    groupEnd: () => {
      indent = indent.slice(2);
    },
    table: (data: unknown) => {
      if (!data || typeof data !== 'object') return out('stdout', [data]);
      write('stdout', `${table(data as Record<string, unknown>).replace(/^/gm, indent)}\n`);
    },
    clear: () => {},
    profile: () => {},
    profileEnd: () => {},
    timeStamp: () => {},
  };
  return console;
}

function table(data: Record<string, unknown>): string {
  const rows = Object.entries(data);
  const columns: string[] = [];
  let hasValues = false;
  for (const [, row] of rows) {
    if (row && typeof row === 'object') {
      for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
    } else hasValues = true;
  }
  const head = ['(index)', ...columns, ...(hasValues ? ['Values'] : [])];
  const cell = (value: unknown) => (value === undefined ? '' : inspect(value, { depth: 0, breakLength: Infinity }));
  const body = rows.map(([index, row]) => [
    index,
    ...columns.map((c) =>
      row && typeof row === 'object' && c in row ? cell((row as Record<string, unknown>)[c]) : '',
    ),
    ...(hasValues ? [row && typeof row === 'object' ? '' : cell(row)] : []),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)) + 2);
  const line = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w)).join(m) + r;
  const row = (cells: string[]) => `│${cells.map((c, i) => ` ${c.padEnd(widths[i] - 1)}`).join('│')}│`;
  return [line('┌', '┬', '┐'), row(head), line('├', '┼', '┤'), ...body.map(row), line('└', '┴', '┘')].join('\n');
}
