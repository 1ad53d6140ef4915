import { describe, expect, it } from 'vitest';
import type { FsOp } from '../protocol';
import { MirrorFs } from './mirror-fs';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

function mirror() {
  const posted: FsOp[][] = [];
  const queued: Array<() => void> = [];
  const fs = new MirrorFs(
    '/workspace',
    (ops) => posted.push(ops),
    (flush) => queued.push(flush),
  );
  const flush = () => queued.splice(0).forEach((f) => f());
  return { fs, posted, flush };
}

describe('the worker’s mirror of the workspace', () => {
  it('takes the host’s files without journaling them, and answers reads from them', () => {
    const { fs, posted } = mirror();
    fs.apply({
      put: [
        { path: '/workspace/src/a.txt', data: bytes('a'), mtimeMs: 5 },
        { path: '/workspace/empty', mtimeMs: 5 },
      ],
      remove: [],
    });
    expect(text(fs.readFile('/workspace/src/a.txt'))).toBe('a');
    expect(fs.readdir('/workspace')).toEqual(['empty', 'src']);
    fs.apply({ put: [], remove: ['/workspace/src'] });
    expect(fs.exists('/workspace/src/a.txt')).toBe(false);
    fs.flush();
    expect(posted).toEqual([]);
  });

  it('journals a loop of appends as one write of the final content', () => {
    const { fs, posted, flush } = mirror();
    fs.writeFile('/workspace/log.txt', bytes(''));
    for (let i = 0; i < 100; i++) fs.writeAt('/workspace/log.txt', bytes(`${i}\n`), null);
    flush();
    // The first write goes out at once (nothing was posted for a while); the 100 appends then go as one.
    expect(posted.length).toBeLessThanOrEqual(2);
    const last = posted.at(-1)!.at(-1) as Extract<FsOp, { op: 'write' }>;
    expect(text(last.data).split('\n')).toHaveLength(101);
  });

  it('keeps order across a write then rename: the content travels with the new name', () => {
    const { fs, posted, flush } = mirror();
    fs.mkdir('/workspace/out');
    fs.writeFile('/workspace/out/tmp', bytes('new'));
    fs.rename('/workspace/out/tmp', '/workspace/out/final');
    flush();
    expect(posted.flat().map((o) => (o.op === 'rename' ? `rename ${o.from} ${o.to}` : `${o.op} ${o.path}`))).toEqual([
      'mkdir /workspace/out',
      'write /workspace/out/tmp',
      'rename /workspace/out/tmp /workspace/out/final',
    ]);
  });

  it('keeps scratch directories to itself and announces a file moved from them into the workspace', () => {
    const { fs, posted, flush } = mirror();
    fs.writeFile('/tmp/draft', bytes('d'));
    flush();
    expect(posted).toEqual([]);
    fs.rename('/tmp/draft', '/workspace/draft');
    flush();
    expect(posted.flat()).toMatchObject([{ op: 'write', path: '/workspace/draft' }]);
  });

  it('fails like Node: ENOENT for a missing parent, ENOTEMPTY, EISDIR, with code and syscall', () => {
    const { fs } = mirror();
    expect(() => fs.writeFile('/workspace/no/such/file', bytes('x'))).toThrow(
      /ENOENT: no such file or directory, open '\/workspace\/no\/such\/file'/,
    );
    fs.mkdir('/workspace/d/e', true);
    expect(() => fs.remove('/workspace/d', { dir: true })).toThrow(
      expect.objectContaining({ code: 'ENOTEMPTY', syscall: 'rmdir' }),
    );
    expect(() => fs.readFile('/workspace/d')).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    expect(() => fs.remove('/workspace', { recursive: true })).toThrow(expect.objectContaining({ code: 'EBUSY' }));
  });

  it('posts pending changes at once when a busy program has not yielded for a while', async () => {
    const { fs, posted } = mirror();
    fs.flush();
    await new Promise((r) => setTimeout(r, 60));
    fs.writeFile('/workspace/a', bytes('1'));
    expect(posted).toHaveLength(1);
  });
});
