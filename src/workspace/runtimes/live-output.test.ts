import { describe, expect, it } from 'vitest';
import { LIVE_VARIABLE, LiveOutput, markLiveCommands } from './live-output';

async function marked(script: string): Promise<string[]> {
  const { parse } = await import('just-bash');
  const ast = parse(script);
  markLiveCommands(ast, new Set(['node', 'python3']));
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; assignments?: { name: string }[]; args?: { parts: { value?: string }[] }[] };
    if (n.type === 'SimpleCommand' && n.assignments?.some((a) => a.name === LIVE_VARIABLE)) {
      out.push(n.args?.[0]?.parts[0]?.value ?? '');
    }
    Object.values(node).forEach(walk);
  };
  walk(ast);
  return out;
}

describe('which runtime commands show their output live', () => {
  it('those whose stdout is the shell’s: not piped on, redirected or substituted', async () => {
    expect(await marked('node a.js')).toEqual(['a.js']);
    expect(await marked('cd x && python3 b.py; node c.js < in.txt')).toEqual(['b.py', 'c.js']);
    expect(await marked('python3 gen.py | sort | head')).toEqual([]);
    expect(await marked('cat f | node last.js')).toEqual(['last.js']);
    expect(await marked('node a.js > out.txt; x=$(node b.js); node c.js 2>&1')).toEqual([]);
    expect(await marked('for f in 1 2; do node loop.js; done; if true; then python3 then.py; fi')).toEqual([
      'loop.js',
      'then.py',
    ]);
    expect(await marked('{ node grouped.js; } > log.txt; f() { node fn.js; }')).toEqual([]);
  });
});

describe('an exec’s live output', () => {
  it('hands on only what was not streamed, around what was', () => {
    const seen: string[] = [];
    const live = new LiveOutput((chunk) => seen.push(chunk));
    live.emit('stdout', 'one\n');
    live.emit('stdout', 'two\n');
    expect(live.settle('stdout', 'before\none\ntwo\nafter\n')).toEqual({
      text: 'before\none\ntwo\nafter\n',
      unshown: 'before\nafter\n',
    });
    expect(live.settle('stderr', 'err\n')).toEqual({ text: 'err\n', unshown: 'err\n' });
    expect(seen).toEqual(['one\n', 'two\n']);
  });

  it('puts back what an aborted command streamed but the shell dropped', () => {
    const live = new LiveOutput(undefined);
    live.emit('stdout', 'started\n');
    expect(live.settle('stdout', '').text).toBe('started\n');
  });
});
