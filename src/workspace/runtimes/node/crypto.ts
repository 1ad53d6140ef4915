import { Buffer } from 'buffer';
import { hmac } from '@noble/hashes/hmac.js';
import { md5, ripemd160, sha1 } from '@noble/hashes/legacy.js';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { sha3_256, sha3_512 } from '@noble/hashes/sha3.js';

// node:crypto in the lite runtime: randomness and `webcrypto`/`subtle` from the browser's Web
// Crypto, and the synchronous hashes Node has (createHash, createHmac, pbkdf2Sync) from
// @noble/hashes, since Web Crypto's digests are asynchronous only.

interface Hash {
  (message: Uint8Array): Uint8Array;
  create(): { update(data: Uint8Array): unknown; digest(): Uint8Array };
}
const HASHES: Record<string, Hash> = {
  md5: md5 as Hash,
  sha1: sha1 as Hash,
  ripemd160: ripemd160 as Hash,
  rmd160: ripemd160 as Hash,
  sha224: sha224 as Hash,
  sha256: sha256 as Hash,
  sha384: sha384 as Hash,
  sha512: sha512 as Hash,
  'sha3-256': sha3_256 as Hash,
  'sha3-512': sha3_512 as Hash,
};

function hashFor(algorithm: string): Hash {
  const hash = HASHES[algorithm.toLowerCase().replace(/^rsa-/, '')];
  if (!hash)
    throw Object.assign(new Error(`Digest method not supported: ${algorithm}`), { code: 'ERR_CRYPTO_INVALID_DIGEST' });
  return hash;
}

const bytes = (data: unknown, encoding?: BufferEncoding): Uint8Array =>
  typeof data === 'string' ? Buffer.from(data, encoding ?? 'utf8') : new Uint8Array(Buffer.from(data as Uint8Array));

function digestable(make: () => { update(data: Uint8Array): unknown; digest(): Uint8Array }) {
  const state = make();
  let done = false;
  const self = {
    update(data: unknown, encoding?: BufferEncoding) {
      if (done) throw Object.assign(new Error('Digest already called'), { code: 'ERR_CRYPTO_HASH_FINALIZED' });
      state.update(bytes(data, encoding));
      return self;
    },
    digest(encoding?: BufferEncoding) {
      done = true;
      const out = Buffer.from(state.digest());
      return encoding ? out.toString(encoding) : out;
    },
    copy: () => {
      throw new Error('hash.copy() is not supported in the lite workspace');
    },
  };
  return self;
}

function randomBytes(size: number, callback?: (error: Error | null, buf?: Buffer) => void): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(size, i + 65536)));
  if (callback) queueMicrotask(() => callback(null, out));
  return out;
}

export function createCrypto(): Record<string, unknown> {
  const web = globalThis.crypto;
  return {
    webcrypto: web,
    subtle: web.subtle,
    getRandomValues: (array: ArrayBufferView) => web.getRandomValues(array as Uint8Array),
    randomUUID: () => web.randomUUID(),
    randomBytes,
    pseudoRandomBytes: randomBytes,
    randomFillSync: (buffer: Uint8Array, offset = 0, size = buffer.byteLength - offset) => {
      web.getRandomValues(buffer.subarray(offset, offset + size));
      return buffer;
    },
    randomInt: (min: number, max?: number) => {
      if (max === undefined) [min, max] = [0, min];
      const range = max - min;
      const values = new Uint32Array(1);
      web.getRandomValues(values);
      return min + (values[0] % range);
    },
    createHash: (algorithm: string) => digestable(() => hashFor(algorithm).create()),
    createHmac: (algorithm: string, key: unknown) =>
      digestable(() => hmac.create(hashFor(algorithm) as typeof sha256, bytes(key))),
    hash: (algorithm: string, data: unknown, encoding: BufferEncoding = 'hex') =>
      Buffer.from(hashFor(algorithm)(bytes(data))).toString(encoding),
    pbkdf2Sync: (password: unknown, salt: unknown, iterations: number, keylen: number, digest: string) =>
      Buffer.from(
        pbkdf2(hashFor(digest) as typeof sha256, bytes(password), bytes(salt), { c: iterations, dkLen: keylen }),
      ),
    timingSafeEqual: (a: Uint8Array, b: Uint8Array) => {
      if (a.byteLength !== b.byteLength) throw new RangeError('Input buffers must have the same byte length');
      let diff = 0;
      for (let i = 0; i < a.byteLength; i++) diff |= a[i] ^ b[i];
      return diff === 0;
    },
    getHashes: () => Object.keys(HASHES),
    constants: {},
  };
}
