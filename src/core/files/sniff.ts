// Evidence uploads are typed by their bytes, never by the name or the declared
// Content-Type: a Windows executable renamed `scam.png` must not be stored as an
// image. Only the five formats below are accepted; SVG (scriptable), HTML and
// archives are refused on purpose.

/** The evidence formats we accept, as MIME types. */
export const EVIDENCE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'] as const;

/** One accepted evidence format. */
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

/** Stable codes of evidence-file failures. */
export type EvidenceErrorCode = 'EVIDENCE_MALFORMED' | 'EVIDENCE_NOT_FOUND';

/** A malformed evidence file, or a stored file that is not there (or a name that cannot be one). */
export class EvidenceError extends Error {
  constructor(
    readonly code: EvidenceErrorCode,
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'EvidenceError';
  }
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** Whether `bytes` holds `expected` starting at `offset`. */
export function bytesAt(bytes: Uint8Array, offset: number, expected: readonly number[]): boolean {
  if (offset < 0 || offset + expected.length > bytes.length) return false;
  return expected.every((value, i) => bytes[offset + i] === value);
}

/** Whether `bytes` holds the ASCII text `text` starting at `offset`. */
export function asciiAt(bytes: Uint8Array, offset: number, text: string): boolean {
  return bytesAt(
    bytes,
    offset,
    Array.from(text, (char) => char.charCodeAt(0)),
  );
}

/** Whether `bytes` starts with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytesAt(bytes, 0, PNG_SIGNATURE);
}

/** The evidence type of `bytes` by magic number, or null for anything we do not accept. */
export function sniffContentType(bytes: Uint8Array): EvidenceType | null {
  if (isPng(bytes)) return 'image/png';
  // JPEG: SOI followed by the first marker's 0xFF.
  if (bytesAt(bytes, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (asciiAt(bytes, 0, 'GIF87a') || asciiAt(bytes, 0, 'GIF89a')) return 'image/gif';
  // WebP: a RIFF container whose form type is WEBP (bytes 4..7 are the RIFF size).
  if (asciiAt(bytes, 0, 'RIFF') && asciiAt(bytes, 8, 'WEBP')) return 'image/webp';
  if (asciiAt(bytes, 0, '%PDF-')) return 'application/pdf';
  return null;
}

/** Whether `value` is one of the accepted evidence types. */
export function isEvidenceType(value: string): value is EvidenceType {
  return (EVIDENCE_TYPES as readonly string[]).includes(value);
}
