// pako 1.x's low-level zlib port, used by fast-inflate.ts to reuse inflate state between objects.
declare module 'pako/lib/zlib/inflate.js' {
  export function inflateInit2(strm: object, windowBits: number): number;
  export function inflateReset(strm: object): number;
  export function inflate(strm: object, flush: number): number;
}
declare module 'pako/lib/zlib/zstream.js' {
  export default class ZStream {
    input: Uint8Array | null;
    next_in: number;
    avail_in: number;
    total_in: number;
    output: Uint8Array | null;
    next_out: number;
    avail_out: number;
    total_out: number;
    msg: string;
  }
}
declare module 'pako' {
  const pako: {
    inflate(data: Uint8Array, options?: object): Uint8Array;
    Inflate: new (options?: object) => object;
    deflate(data: Uint8Array, options?: object): Uint8Array;
  };
  export default pako;
}
