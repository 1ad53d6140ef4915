import pako from 'pako';
import * as zlib from 'pako/lib/zlib/inflate.js';
import ZStream from 'pako/lib/zlib/zstream.js';

// isomorphic-git inflates every object of a pack twice (once to hash it, once to check it out),
// each time through a fresh pako Inflate: ~57 KB of state, window and output buffers per object,
// ~240 MB of garbage for a 2,000-file clone, and GC was a third of the clone's time. These
// drop-in replacements for `pako.inflate` and `pako.Inflate` (the only two isomorphic-git uses)
// reuse that state. Same pako code underneath, so the output is byte for byte the same.

const Z_OK = 0;
const Z_STREAM_END = 1;
const Z_NO_FLUSH = 0;
const Z_BUF_ERROR = -5;

const pool: ZStream[] = [];

interface InflateState {
  window: Uint8Array | null;
  wsize: number;
  whave: number;
  wnext: number;
  wbits: number;
  wrap: number;
  total: number;
  mode: number;
  last: number;
  havedict: number;
  dmax: number;
  head: unknown;
  hold: number;
  bits: number;
  lencode: Int32Array | null;
  lendyn: Int32Array | null;
  distcode: Int32Array | null;
  distdyn: Int32Array | null;
  sane: number;
  back: number;
}

/** pako's inflate mode HEAD ("waiting for magic header"), where a reset stream starts. */
const HEAD = 1;

/**
 * What pako 1.x's inflateReset does, minus its two fresh code tables per call (5.8 KB each time,
 * 2 s and much of the GC of a 20,000-file clone): like C zlib, the tables are rebuilt in place by
 * each block, so the ones the stream has are reused. And inflateReset keeps the window buffer but
 * zeroes its size, which pako (unlike C zlib) only sets when it allocates the buffer: without
 * restoring it, a reused stream reads "distance too far back".
 */
function reset(strm: ZStream): void {
  const state = (strm as unknown as { state: InflateState }).state;
  if (!state.lendyn || !state.distdyn) {
    zlib.inflateReset(strm);
  } else {
    state.wsize = 0;
    state.whave = 0;
    state.wnext = 0;
    strm.total_in = strm.total_out = state.total = 0;
    strm.msg = '';
    if (state.wrap) (strm as unknown as { adler: number }).adler = state.wrap & 1;
    state.mode = HEAD;
    state.last = 0;
    state.havedict = 0;
    state.dmax = 32768;
    state.head = null;
    state.hold = 0;
    state.bits = 0;
    state.lencode = state.lendyn;
    state.distcode = state.distdyn;
    state.sane = 1;
    state.back = -1;
  }
  if (state.window) state.wsize = 1 << state.wbits;
}

function acquire(): ZStream {
  const reused = pool.pop();
  if (reused) {
    reset(reused);
    return reused;
  }
  const strm = new ZStream();
  const status = zlib.inflateInit2(strm, 15);
  if (status !== Z_OK) throw new Error(`inflateInit2 failed: ${status}`);
  return strm;
}

// One scratch output buffer: every inflate call below runs to completion synchronously, so no
// two users can interleave on it.
let scratch = new Uint8Array(64 * 1024);

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** Runs inflate over the input already set on `strm`, appending output copies to `parts`. */
function drain(strm: ZStream, parts: Uint8Array[]): number {
  for (;;) {
    strm.output = scratch;
    strm.next_out = 0;
    strm.avail_out = scratch.length;
    const status = zlib.inflate(strm, Z_NO_FLUSH);
    if (strm.next_out > 0) parts.push(scratch.slice(0, strm.next_out));
    if (status === Z_STREAM_END) return status;
    if (status !== Z_OK && status !== Z_BUF_ERROR) return status;
    // Out of input (or no progress possible): wait for more.
    if (strm.avail_out !== 0) return status;
    // The scratch buffer filled up: objects this big are rare, grow it for the next one.
    if (scratch.length < 4 * 1024 * 1024) scratch = new Uint8Array(scratch.length * 2);
  }
}

/** `pako.Inflate` as isomorphic-git's pack reader uses it: push chunks until `result` is set. */
export class FastInflate {
  result: Uint8Array | undefined = undefined;
  err = 0;
  msg = '';
  /** After the end, `avail_in` tells how much of the last chunk was not part of the stream. */
  strm: { avail_in: number };
  private live: ZStream | null;
  private parts: Uint8Array[] = [];
  private total = 0;

  constructor() {
    this.live = acquire();
    this.strm = this.live;
  }

  push(chunk: Uint8Array, _mode?: boolean | number): boolean {
    const strm = this.live;
    if (!strm) return false;
    strm.input = chunk;
    strm.next_in = 0;
    strm.avail_in = chunk.length;
    const before = this.parts.length;
    const status = drain(strm, this.parts);
    for (let i = before; i < this.parts.length; i++) this.total += this.parts[i].byteLength;
    if (status === Z_STREAM_END) {
      this.result = concat(this.parts, this.total);
      this.finish(strm);
      return true;
    }
    if (status !== Z_OK && status !== Z_BUF_ERROR) {
      this.err = status;
      this.msg = strm.msg;
      this.finish(strm);
      return false;
    }
    return true;
  }

  private finish(strm: ZStream): void {
    this.strm = { avail_in: strm.avail_in };
    strm.input = null;
    this.live = null;
    this.parts = [];
    pool.push(strm);
  }
}

let oneShot: ZStream | null = null;

/** `pako.inflate(buffer)`: a whole zlib stream in, its bytes out (throws a string on bad data, as pako does). */
export function fastInflate(input: Uint8Array): Uint8Array {
  let strm = oneShot;
  if (strm) reset(strm);
  else {
    strm = oneShot = new ZStream();
    zlib.inflateInit2(strm, 15);
  }
  strm.input = input;
  strm.next_in = 0;
  strm.avail_in = input.length;
  const parts: Uint8Array[] = [];
  const status = drain(strm, parts);
  strm.input = null;
  if (status !== Z_STREAM_END) throw strm.msg || `inflate failed (${status})`;
  let total = 0;
  for (const p of parts) total += p.byteLength;
  return concat(parts, total);
}

let installed = false;

/** Swaps the two functions on pako's shared module object, which isomorphic-git reads at each call. */
export function installFastInflate(): void {
  if (installed) return;
  installed = true;
  const target = pako as unknown as { inflate: unknown; Inflate: unknown };
  target.inflate = fastInflate;
  target.Inflate = FastInflate;
}
