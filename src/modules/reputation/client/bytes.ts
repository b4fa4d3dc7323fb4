// Bytes for the lookup client with Web APIs only (Web Crypto, atob): hex, base64, SHA-256, order.

const ENCODER = new TextEncoder();

/** SHA-256 of a string's UTF-8 bytes. */
export async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', ENCODER.encode(text)));
}

/** SHA-256 of bytes, as lower-case hex. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** Bytes of a hex string (even length, checked by the caller). */
export function fromHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Bytes of a base64 string (standard alphabet, padded). */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Compare `size` bytes of `a` at `i` with `size` bytes of `b` at `j`: negative, zero or positive. */
export function compareAt(a: Uint8Array, i: number, b: Uint8Array, j: number, size: number): number {
  for (let k = 0; k < size; k++) {
    const diff = (a[i + k] ?? 0) - (b[j + k] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
