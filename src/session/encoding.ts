// Bytes ⇄ export text: UTF-8 when the bytes are valid UTF-8 (readable, diffable exports), base64 otherwise.

const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

export function encodeContent(data: Uint8Array): { encoding: 'utf8' | 'base64'; content: string; size: number } {
  try {
    const text = strictDecoder.decode(data);
    // A round trip must give the same bytes (a BOM would be dropped by decode).
    if (text.charCodeAt(0) !== 0xfeff) return { encoding: 'utf8', content: text, size: data.byteLength };
  } catch {
    // not UTF-8: fall through to base64
  }
  return { encoding: 'base64', content: toBase64(data), size: data.byteLength };
}

export function decodeContent(encoding: 'utf8' | 'base64', content: string): Uint8Array {
  return encoding === 'utf8' ? encoder.encode(content) : fromBase64(content);
}

export function toBase64(data: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < data.length; i += chunk) binary += String.fromCharCode(...data.subarray(i, i + chunk));
  return btoa(binary);
}

/** Throws on anything that is not base64. */
export function fromBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new Error('not valid base64');
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
