import { crc32, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EvidenceError, type EvidenceType } from './sniff.ts';
import { stripImageMetadata } from './strip-metadata.ts';

// Tiny but valid files are built here, byte by byte, with the metadata a phone would add.

type Part = string | number[] | Uint8Array;
const bytes = (...parts: Part[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? Array.from(Buffer.from(part, 'latin1')) : Array.from(part))));
const be16 = (value: number): number[] => [value >> 8, value & 0xff];
const be32 = (value: number): number[] => [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
const le32 = (value: number): number[] => be32(value).reverse();
const contains = (haystack: Uint8Array, needle: string): boolean => Buffer.from(haystack).includes(Buffer.from(needle, 'latin1'));

const GPS = 'GPS 21.0285N 105.8542E';

function pngChunk(type: string, data: Part): Uint8Array {
  const body = bytes(type, data);
  return bytes(be32(body.length - 4), body, be32(crc32(body)));
}

function parsePng(file: Uint8Array): { type: string; crcOk: boolean }[] {
  const chunks: { type: string; crcOk: boolean }[] = [];
  for (let pos = 8; pos < file.length; ) {
    const view = Buffer.from(file);
    const length = view.readUInt32BE(pos);
    const body = file.subarray(pos + 4, pos + 8 + length);
    chunks.push({ type: view.toString('latin1', pos + 4, pos + 8), crcOk: view.readUInt32BE(pos + 8 + length) === crc32(body) });
    pos += 12 + length;
  }
  return chunks;
}

const PNG = bytes(
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  pngChunk('IHDR', [...be32(1), ...be32(1), 8, 0, 0, 0, 0]),
  pngChunk('eXIf', bytes('MM', [0, 42], GPS)),
  pngChunk('tEXt', bytes('Author\0Nguyen Van A')),
  pngChunk('iTXt', bytes('XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>')),
  pngChunk('tIME', [0x07, 0xe9, 7, 1, 12, 0, 0]),
  pngChunk('IDAT', deflateSync(Uint8Array.of(0, 0x80))),
  pngChunk('IEND', []),
);

const jpegSegment = (marker: number, payload: Part): Uint8Array => {
  const body = bytes(payload);
  return bytes([0xff, marker], be16(body.length + 2), body);
};
const SCAN = bytes([0xff, 0xda], be16(8), [1, 1, 0, 0, 0x3f, 0], [0x12, 0x34, 0xff, 0x00, 0x56], 'Exif in pixels', [0xff, 0xd9]);
const JPEG = bytes(
  [0xff, 0xd8],
  jpegSegment(0xe0, bytes('JFIF\0', [1, 1, 0, 0, 1, 0, 1, 0, 0])),
  jpegSegment(0xe1, bytes('Exif\0\0MM', [0, 42], GPS)),
  jpegSegment(0xe1, bytes('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>', GPS, '</x:xmpmeta>')),
  jpegSegment(0xe2, bytes('ICC_PROFILE\0', [1, 1], 'profile')),
  jpegSegment(0xe2, bytes('MPF\0', 'multi-picture')),
  jpegSegment(0xed, bytes('Photoshop 3.0\0', '8BIM IPTC byline')),
  jpegSegment(0xee, bytes('Adobe', [0, 100, 0, 0, 0, 0, 1])),
  jpegSegment(0xfe, bytes('comment from the camera')),
  jpegSegment(0xdb, bytes([0], new Uint8Array(64).fill(1))),
  jpegSegment(0xc0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]),
  SCAN,
);

function jpegMarkers(file: Uint8Array): number[] {
  const markers: number[] = [];
  for (let pos = 2; pos < file.length; ) {
    const marker = file[pos + 1] ?? 0;
    markers.push(marker);
    if (marker === 0xda) break;
    pos += 2 + ((file[pos + 2] ?? 0) << 8) + (file[pos + 3] ?? 0);
  }
  return markers;
}

const webpChunk = (fourcc: string, data: Part): Uint8Array => {
  const body = bytes(data);
  return bytes(fourcc, le32(body.length), body, body.length % 2 ? [0] : []);
};
const riff = (...chunks: Uint8Array[]): Uint8Array => {
  const body = bytes('WEBP', ...chunks);
  return bytes('RIFF', le32(body.length), body);
};
const WEBP = riff(
  webpChunk('VP8X', [0x10 | 0x08 | 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
  webpChunk('VP8L', [0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11]),
  webpChunk('EXIF', bytes('MM', [0, 42], GPS)),
  webpChunk('XMP ', bytes('<x:xmpmeta>', GPS, '</x:xmpmeta>')),
);

function parseWebp(file: Uint8Array): { riffSize: number; chunks: string[]; flags: number } {
  const view = Buffer.from(file);
  const chunks: string[] = [];
  for (let pos = 12; pos < file.length; ) {
    const size = view.readUInt32LE(pos + 4);
    chunks.push(view.toString('latin1', pos, pos + 4));
    pos += 8 + size + (size % 2);
  }
  return { riffSize: view.readUInt32LE(4), chunks, flags: file[20] ?? -1 };
}

const GIF = bytes(
  'GIF89a',
  [1, 0, 1, 0, 0x80, 0, 0],
  [0, 0, 0, 255, 255, 255],
  [0x21, 0xff, 11],
  'NETSCAPE2.0',
  [3, 1, 0, 0, 0],
  [0x21, 0xff, 11],
  'XMP DataXMP',
  [GPS.length],
  GPS,
  [0],
  [0x21, 0xfe, 16],
  'secret comment!!',
  [0],
  [0x21, 0xf9, 4, 0, 0, 0, 0, 0],
  [0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0],
  [2, 2, 0x44, 0x01, 0],
  [0x3b],
);

const PDF = bytes('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

describe('stripImageMetadata', () => {
  it('drops eXIf, tEXt, iTXt and tIME from a PNG and keeps the rest with good CRCs', () => {
    const out = stripImageMetadata(PNG, 'image/png');
    expect(parsePng(PNG).map((c) => c.type)).toEqual(['IHDR', 'eXIf', 'tEXt', 'iTXt', 'tIME', 'IDAT', 'IEND']);
    expect(parsePng(out)).toEqual(['IHDR', 'IDAT', 'IEND'].map((type) => ({ type, crcOk: true })));
    expect(contains(out, 'GPS')).toBe(false);
    expect(contains(out, 'Nguyen')).toBe(false);
  });

  it('drops a zTXt chunk and anything after IEND', () => {
    const withTail = bytes(PNG.subarray(0, PNG.length - 12), pngChunk('zTXt', bytes('Comment\0\0', deflateSync(GPS))), pngChunk('IEND', []), 'tail');
    expect(parsePng(stripImageMetadata(withTail, 'image/png')).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  it('drops Exif, XMP, IPTC, comments and other APPn from a JPEG but keeps ICC, Adobe and the scan', () => {
    const out = stripImageMetadata(JPEG, 'image/jpeg');
    expect(jpegMarkers(out)).toEqual([0xe0, 0xe2, 0xee, 0xdb, 0xc0, 0xda]);
    expect([out[0], out[1], out.at(-2), out.at(-1)]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    expect(contains(out, 'GPS')).toBe(false);
    expect(contains(out, 'Photoshop')).toBe(false);
    expect(contains(out, 'comment')).toBe(false);
    expect(contains(out, 'MPF')).toBe(false);
    expect(contains(out, 'ICC_PROFILE')).toBe(true);
    expect(Buffer.from(out.subarray(out.length - SCAN.length)).equals(SCAN)).toBe(true);
  });

  it('walks every scan of a progressive JPEG, keeps its data and drops what follows EOI', () => {
    const scan = (data: number[]): Uint8Array => bytes([0xff, 0xda], be16(8), [1, 1, 0, 0, 0x3f, 0], data);
    const image = bytes(
      JPEG.subarray(0, JPEG.length - SCAN.length),
      scan([0x11, 0xff, 0x00, 0xff, 0xd0, 0x22]),
      jpegSegment(0xc4, [0x10, 0, 1, ...new Array<number>(14).fill(0), 0xff]),
      jpegSegment(0xdb, [0, 0xff, 0xd9, ...new Array<number>(62).fill(1)]),
      jpegSegment(0xe1, bytes('Exif\0\0', GPS)),
      scan([0x33, 0x44]),
      [0xff, 0xd9],
    );
    const out = stripImageMetadata(bytes(image, 'ftypmp4 motion photo ', GPS), 'image/jpeg');
    expect(contains(out, 'GPS')).toBe(false);
    expect(contains(out, 'motion')).toBe(false);
    expect([out.at(-2), out.at(-1)]).toEqual([0xff, 0xd9]);
    // Exactly the metadata segments are gone: the result equals the input with them cut out.
    expect(stripImageMetadata(out, 'image/jpeg')).toEqual(out);
    expect(out.length).toBe(image.length - (JPEG.length - stripImageMetadata(JPEG, 'image/jpeg').length) - (4 + 6 + GPS.length));
  });

  it('keeps a JPEG cut off inside its scan data (no EOI)', () => {
    const cut = JPEG.subarray(0, JPEG.length - 2);
    expect(stripImageMetadata(cut, 'image/jpeg')).toEqual(stripImageMetadata(JPEG, 'image/jpeg').subarray(0, -2));
  });

  it('tolerates fill bytes before a JPEG marker', () => {
    const padded = bytes(JPEG.subarray(0, 2), [0xff, 0xff], JPEG.subarray(2));
    expect(contains(stripImageMetadata(padded, 'image/jpeg'), 'GPS')).toBe(false);
  });

  it('drops EXIF and XMP chunks from a WebP, clears their VP8X flags and fixes the RIFF size', () => {
    const out = stripImageMetadata(WEBP, 'image/webp');
    const parsed = parseWebp(out);
    expect(parseWebp(WEBP).chunks).toEqual(['VP8X', 'VP8L', 'EXIF', 'XMP ']);
    expect(parsed.chunks).toEqual(['VP8X', 'VP8L']);
    expect(parsed.riffSize).toBe(out.length - 8);
    expect(parsed.flags).toBe(0x10);
    expect(contains(out, 'GPS')).toBe(false);
  });

  it('drops comments and non-loop application blocks from a GIF', () => {
    const out = stripImageMetadata(GIF, 'image/gif');
    expect(contains(out, 'secret')).toBe(false);
    expect(contains(out, 'XMP')).toBe(false);
    expect(contains(out, 'NETSCAPE2.0')).toBe(true);
    expect(out.length).toBe(GIF.length - (3 + 11 + 1 + GPS.length + 1) - (3 + 16 + 1));
    expect(out.at(-1)).toBe(0x3b);
    // Stripping again finds nothing more to remove: the output still walks cleanly.
    expect(stripImageMetadata(out, 'image/gif')).toEqual(out);
  });

  it('returns a PDF unchanged', () => {
    expect(stripImageMetadata(PDF, 'application/pdf')).toEqual(PDF);
  });

  it('leaves already clean files as they are', () => {
    for (const [file, type] of samples) {
      const once = stripImageMetadata(file, type);
      expect(stripImageMetadata(once, type)).toEqual(once);
    }
  });
});

const samples: [Uint8Array, EvidenceType][] = [
  [PNG, 'image/png'],
  [JPEG, 'image/jpeg'],
  [WEBP, 'image/webp'],
  [GIF, 'image/gif'],
];

function expectMalformedOrBytes(file: Uint8Array, type: EvidenceType): void {
  try {
    expect(stripImageMetadata(file, type)).toBeInstanceOf(Uint8Array);
  } catch (error) {
    expect(error).toBeInstanceOf(EvidenceError);
    expect(error).toMatchObject({ code: 'EVIDENCE_MALFORMED' });
  }
}

describe('stripImageMetadata on malformed input', () => {
  it.each(samples)('refuses truncations of a valid file, and only with EVIDENCE_MALFORMED (%#)', (file, type) => {
    // A truncation that still ends at a block boundary may be valid; most are not.
    let refused = 0;
    for (let length = 0; length < file.length - 1; length++) {
      expectMalformedOrBytes(file.subarray(0, length), type);
      try {
        stripImageMetadata(file.subarray(0, length), type);
      } catch {
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(file.length / 2);
  });

  it('refuses a file of another type', () => {
    expect(() => stripImageMetadata(PNG, 'image/jpeg')).toThrow(EvidenceError);
    expect(() => stripImageMetadata(JPEG, 'image/gif')).toThrow(EvidenceError);
    expect(() => stripImageMetadata(GIF, 'image/webp')).toThrow(EvidenceError);
    expect(() => stripImageMetadata(WEBP, 'image/png')).toThrow(EvidenceError);
  });

  const signatures: [EvidenceType, Uint8Array][] = [
    ['image/png', PNG.subarray(0, 8)],
    ['image/png', PNG.subarray(0, 33)],
    ['image/jpeg', bytes([0xff, 0xd8, 0xff])],
    ['image/gif', bytes('GIF89a')],
    ['image/webp', bytes('RIFF')],
    ['image/webp', WEBP.subarray(0, 12)],
  ];

  it('only ever throws EVIDENCE_MALFORMED for random bytes behind a valid signature', () => {
    fc.assert(
      fc.property(fc.constantFrom(...signatures), fc.uint8Array({ maxLength: 300 }), ([type, head], tail) => {
        expectMalformedOrBytes(bytes(head, tail), type);
      }),
      { numRuns: 3000 },
    );
  });

  it('only ever throws EVIDENCE_MALFORMED for valid files with random bytes changed', () => {
    const mutation = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.constantFrom(...samples), mutation, ([file, type], changes) => {
        const mutated = file.slice();
        for (const [index, value] of changes) mutated[index % mutated.length] = value;
        expectMalformedOrBytes(mutated, type);
      }),
      { numRuns: 3000 },
    );
  });
});
