import pako from 'pako';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fastInflate, FastInflate } from './fast-inflate';

/** Byte equality without vitest's element-by-element diffing (slow on 300 KB arrays). */
const same = (a: Uint8Array | undefined, b: Uint8Array) => !!a && Buffer.from(a).equals(Buffer.from(b));

function sample(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    // Mostly text-like, compressible data with some noise.
    out[i] = x % 7 === 0 ? x >>> 24 : 97 + ((i * 7 + (x >>> 28)) % 26);
  }
  return out;
}

describe('fast inflate', () => {
  it('inflates exactly what pako and zlib produce, small and large', () => {
    for (const size of [0, 1, 100, 5_000, 70_000, 300_000]) {
      const raw = sample(size, size + 1);
      const packed = new Uint8Array(deflateSync(raw));
      expect(same(fastInflate(packed), raw)).toBe(true);
      expect(same(fastInflate(packed), pako.inflate(packed))).toBe(true);
    }
  });

  it('streams chunk by chunk and reports the bytes after the end, as pack parsing needs', () => {
    const raw = sample(200_000, 7);
    const packed = new Uint8Array(deflateSync(raw));
    const trailing = new Uint8Array([1, 2, 3, 4, 5]);
    const all = new Uint8Array(packed.length + trailing.length);
    all.set(packed);
    all.set(trailing, packed.length);
    const inflator = new FastInflate();
    let last = 0;
    for (let at = 0; !inflator.result; at += 4096) {
      const chunk = all.subarray(at, Math.min(all.length, at + 4096));
      last = chunk.length;
      inflator.push(chunk, false);
    }
    expect(same(inflator.result, raw)).toBe(true);
    expect(inflator.strm.avail_in).toBeLessThanOrEqual(last);
    expect(inflator.strm.avail_in).toBe(trailing.length);
  });

  it('keeps interleaved streams apart', () => {
    const a = sample(90_000, 1);
    const b = sample(90_000, 2);
    const pa = new Uint8Array(deflateSync(a));
    const pb = new Uint8Array(deflateSync(b));
    const ia = new FastInflate();
    const ib = new FastInflate();
    const step = 1000;
    for (let at = 0; !ia.result || !ib.result; at += step) {
      if (!ia.result) ia.push(pa.subarray(at, at + step), false);
      if (!ib.result) ib.push(pb.subarray(at, at + step), false);
    }
    expect(same(ia.result, a)).toBe(true);
    expect(same(ib.result, b)).toBe(true);
  });

  it('reports corrupt data as pako does', () => {
    expect(() => fastInflate(new Uint8Array([1, 2, 3, 4, 5, 6]))).toThrow();
    const inflator = new FastInflate();
    inflator.push(new Uint8Array([0x78, 0x9c, 0xff, 0xff, 0xff, 0xff]), false);
    expect(inflator.err).not.toBe(0);
  });
});
