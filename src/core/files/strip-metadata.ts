// Evidence images are shown to moderators, platforms and sometimes the public, so
// whatever the camera or editor wrote besides the pixels — GPS position, device
// serial numbers, author names, comments — is removed before the file is stored.
// Each format is walked structurally; anything that does not parse is refused with
// EVIDENCE_MALFORMED rather than stored half-understood. Every loop advances by at
// least one byte and every read is bounds-checked, so hostile input cannot hang or
// crash the walk (property-tested with random bytes behind valid signatures).

import { EvidenceError, asciiAt, bytesAt, isPng, type EvidenceType } from './sniff.ts';

/** The file without location and other metadata; throws EvidenceError('EVIDENCE_MALFORMED') when it does not parse. */
export function stripImageMetadata(bytes: Uint8Array, type: EvidenceType): Uint8Array {
  switch (type) {
    case 'image/jpeg':
      return stripJpeg(bytes);
    case 'image/png':
      return stripPng(bytes);
    case 'image/webp':
      return stripWebp(bytes);
    case 'image/gif':
      return stripGif(bytes);
    case 'application/pdf':
      // Returned unchanged: PDFs carry no image geolocation we can strip safely.
      // Their metadata (Info dictionary, XMP streams, EXIF inside embedded images)
      // can only be removed by rewriting the object graph, which needs a full PDF
      // parser and risks corrupting the document the report relies on.
      return bytes;
  }
}

function malformed(detail: string): EvidenceError {
  return new EvidenceError('EVIDENCE_MALFORMED', `The file is not a well-formed image: ${detail}.`);
}

function byteAt(bytes: Uint8Array, at: number): number {
  const value = bytes[at];
  if (value === undefined) throw malformed('truncated');
  return value;
}

function be16(bytes: Uint8Array, at: number): number {
  return byteAt(bytes, at) * 0x100 + byteAt(bytes, at + 1);
}

function be32(bytes: Uint8Array, at: number): number {
  return be16(bytes, at) * 0x10000 + be16(bytes, at + 2);
}

function le32(bytes: Uint8Array, at: number): number {
  return byteAt(bytes, at) + byteAt(bytes, at + 1) * 0x100 + byteAt(bytes, at + 2) * 0x10000 + byteAt(bytes, at + 3) * 0x1000000;
}

function le32Bytes(value: number): Uint8Array {
  return Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

// --- JPEG -----------------------------------------------------------------------

const JPEG_SOS = 0xda;
const JPEG_COM = 0xfe;

/** APP1 (Exif, XMP), APP13 (IPTC/Photoshop), COM and APPn in general go; the colour profile and Adobe's colour transform stay. */
function dropsJpegSegment(marker: number, payload: Uint8Array): boolean {
  if (marker === JPEG_COM) return true;
  if (marker === 0xe2 && asciiAt(payload, 0, 'ICC_PROFILE\0')) return false;
  if (marker === 0xee && asciiAt(payload, 0, 'Adobe')) return false;
  return marker >= 0xe1 && marker <= 0xef;
}

/** Where entropy-coded data from `start` ends: the first 0xFF that is neither stuffing (FF 00) nor a restart marker. */
function entropyDataEnd(bytes: Uint8Array, start: number): number {
  for (let pos = bytes.indexOf(0xff, start); pos !== -1; pos = bytes.indexOf(0xff, pos + 2)) {
    const next = bytes[pos + 1];
    if (next === undefined) return bytes.length;
    if (next !== 0x00 && (next < 0xd0 || next > 0xd7)) return pos;
  }
  return bytes.length;
}

// Every marker segment is walked, including tables and further scans of
// progressive files; scan data is copied byte for byte. What follows EOI is
// dropped: phones append motion-photo videos and vendor trailers there, which
// can carry location too.
function stripJpeg(bytes: Uint8Array): Uint8Array {
  if (!bytesAt(bytes, 0, [0xff, 0xd8])) throw malformed('JPEG without start-of-image marker');
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let seenScan = false;
  let pos = 2;
  while (pos < bytes.length) {
    if (bytes[pos] !== 0xff) throw malformed('JPEG segment without marker');
    let markerAt = pos + 1;
    while (bytes[markerAt] === 0xff) markerAt++; // fill bytes may precede a marker
    const marker = byteAt(bytes, markerAt);
    if (marker === 0xd9) {
      if (!seenScan) throw malformed('JPEG without image data');
      parts.push(bytes.subarray(markerAt - 1, markerAt + 1));
      return concat(parts);
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      parts.push(bytes.subarray(markerAt - 1, markerAt + 1)); // stand-alone marker, no length
      pos = markerAt + 1;
      continue;
    }
    if (marker === 0x00 || marker === 0xd8) throw malformed('JPEG marker out of place');
    const length = be16(bytes, markerAt + 1);
    const end = markerAt + 1 + length;
    if (length < 2 || end > bytes.length) throw malformed('JPEG segment length');
    if (!dropsJpegSegment(marker, bytes.subarray(markerAt + 3, end))) parts.push(bytes.subarray(markerAt - 1, end));
    pos = end;
    if (marker === JPEG_SOS) {
      seenScan = true;
      pos = entropyDataEnd(bytes, end);
      parts.push(bytes.subarray(end, pos));
    }
  }
  // A file cut off after its scan data (no EOI) is kept: there is nothing after it to hide metadata in.
  if (seenScan) return concat(parts);
  throw malformed('JPEG ends before its image data');
}

// --- PNG ------------------------------------------------------------------------

const PNG_DROPPED_CHUNKS = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']);

function stripPng(bytes: Uint8Array): Uint8Array {
  if (!isPng(bytes)) throw malformed('PNG signature');
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let pos = 8;
  while (pos < bytes.length) {
    const length = be32(bytes, pos);
    const type = ascii(bytes, pos + 4, 4);
    const end = pos + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type)) throw malformed('PNG chunk type');
    if (length > 0x7fffffff || end > bytes.length) throw malformed('PNG chunk length');
    if (pos === 8 && type !== 'IHDR') throw malformed('PNG without IHDR');
    // Chunks are copied whole, so their CRCs stay valid.
    if (!PNG_DROPPED_CHUNKS.has(type)) parts.push(bytes.subarray(pos, end));
    pos = end;
    if (type === 'IEND') return concat(parts); // bytes after IEND are dropped too
  }
  throw malformed('PNG without IEND');
}

// --- WebP -----------------------------------------------------------------------

const VP8X_EXIF_FLAG = 0x08;
const VP8X_XMP_FLAG = 0x04;
const WEBP_IMAGE_CHUNKS = new Set(['VP8 ', 'VP8L', 'VP8X']);

function stripWebp(bytes: Uint8Array): Uint8Array {
  if (!asciiAt(bytes, 0, 'RIFF') || !asciiAt(bytes, 8, 'WEBP')) throw malformed('WebP header');
  const riffEnd = 8 + le32(bytes, 4);
  if (riffEnd < 20 || riffEnd > bytes.length) throw malformed('RIFF size');
  const chunks: Uint8Array[] = [];
  let pos = 12;
  while (pos < riffEnd) {
    if (pos + 8 > riffEnd) throw malformed('WebP chunk header');
    const fourcc = ascii(bytes, pos, 4);
    const size = le32(bytes, pos + 4);
    const dataEnd = pos + 8 + size;
    if (dataEnd > riffEnd) throw malformed('WebP chunk size');
    if (pos === 12 && !WEBP_IMAGE_CHUNKS.has(fourcc)) throw malformed('WebP without image chunk');
    if (fourcc !== 'EXIF' && fourcc !== 'XMP ') {
      const chunk = bytes.slice(pos, dataEnd);
      if (fourcc === 'VP8X') {
        if (size < 10) throw malformed('VP8X chunk size');
        chunk[8] = byteAt(chunk, 8) & ~(VP8X_EXIF_FLAG | VP8X_XMP_FLAG) & 0xff;
      }
      chunks.push(chunk);
      if (size % 2 === 1) chunks.push(Uint8Array.of(0)); // RIFF chunks are padded to even sizes
    }
    pos = dataEnd + (size % 2);
  }
  const body = concat(chunks);
  return concat([bytes.subarray(0, 4), le32Bytes(4 + body.length), bytes.subarray(8, 12), body]);
}

// --- GIF ------------------------------------------------------------------------

const GIF_KEPT_APPLICATIONS = ['NETSCAPE2.0', 'ANIMEXTS1.0'];

function colorTableSize(packed: number): number {
  return packed & 0x80 ? 3 * (2 << (packed & 0x07)) : 0;
}

/** The position after a chain of data sub-blocks (each a length byte then data; a zero length ends it). */
function skipSubBlocks(bytes: Uint8Array, start: number): number {
  let pos = start;
  for (let size = byteAt(bytes, pos); size !== 0; size = byteAt(bytes, pos)) pos += 1 + size;
  return pos + 1;
}

/** Comments go, and application blocks other than the animation-loop ones (XMP lives in one). */
function dropsGifExtension(bytes: Uint8Array, labelAt: number): boolean {
  const label = byteAt(bytes, labelAt);
  if (label === 0xfe) return true;
  if (label !== 0xff) return false;
  const keep = byteAt(bytes, labelAt + 1) === 11 && GIF_KEPT_APPLICATIONS.some((id) => asciiAt(bytes, labelAt + 2, id));
  return !keep;
}

function stripGif(bytes: Uint8Array): Uint8Array {
  if (!asciiAt(bytes, 0, 'GIF87a') && !asciiAt(bytes, 0, 'GIF89a')) throw malformed('GIF signature');
  let pos = 13 + colorTableSize(byteAt(bytes, 10));
  if (pos > bytes.length) throw malformed('GIF colour table');
  const parts: Uint8Array[] = [bytes.subarray(0, pos)];
  while (pos < bytes.length) {
    const introducer = byteAt(bytes, pos);
    if (introducer === 0x3b) {
      parts.push(bytes.subarray(pos, pos + 1)); // trailer; anything after it is dropped
      return concat(parts);
    }
    let end: number;
    if (introducer === 0x2c) {
      // Image descriptor (10 bytes), optional local colour table, LZW code size, image data.
      const dataAt = pos + 10 + colorTableSize(byteAt(bytes, pos + 9));
      byteAt(bytes, dataAt);
      end = skipSubBlocks(bytes, dataAt + 1);
      parts.push(bytes.subarray(pos, end));
    } else if (introducer === 0x21) {
      end = skipSubBlocks(bytes, pos + 2);
      if (!dropsGifExtension(bytes, pos + 1)) parts.push(bytes.subarray(pos, end));
    } else {
      throw malformed('unknown GIF block');
    }
    if (end > bytes.length) throw malformed('GIF block length');
    pos = end;
  }
  throw malformed('GIF without trailer');
}
