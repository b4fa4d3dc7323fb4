import { describe, expect, it } from 'vitest';
import { EVIDENCE_TYPES, EvidenceError, isEvidenceType, sniffContentType, type EvidenceType } from './sniff.ts';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const of = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? Array.from(text(part)) : part)));

describe('sniffContentType', () => {
  const accepted: [string, Uint8Array, EvidenceType][] = [
    ['PNG', of([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'), 'image/png'],
    ['JPEG (JFIF)', of([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF'), 'image/jpeg'],
    ['JPEG (Exif)', of([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10], 'Exif'), 'image/jpeg'],
    ['GIF87a', of('GIF87a', [1, 0, 1, 0]), 'image/gif'],
    ['GIF89a', of('GIF89a', [1, 0, 1, 0]), 'image/gif'],
    ['WebP', of('RIFF', [4, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['PDF', of('%PDF-1.4\n%âãÏÓ\n'), 'application/pdf'],
  ];

  it.each(accepted)('recognises %s', (_name, bytes, type) => {
    expect(sniffContentType(bytes)).toBe(type);
  });

  const refused: [string, Uint8Array][] = [
    ['a Windows executable renamed .png', of('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0], 'This program cannot be run in DOS mode')],
    ['an ELF binary', of([0x7f], 'ELF', [2, 1, 1])],
    ['HTML', of('<!doctype html><html><script>alert(1)</script>')],
    ['SVG', of('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['XML-prefixed SVG', of('<?xml version="1.0"?><svg/>')],
    ['a ZIP archive', of('PK', [3, 4, 20, 0])],
    ['a RIFF file that is not WebP', of('RIFF', [4, 0, 0, 0], 'WAVEfmt ')],
    ['GIF88a', of('GIF88a')],
    ['a truncated PNG signature', of([0x89], 'PNG', [0x0d, 0x0a])],
    ['a PDF signature after a byte', of(' %PDF-1.4')],
    ['the JPEG SOI alone', of([0xff, 0xd8])],
    ['nothing', new Uint8Array()],
  ];

  it.each(refused)('refuses %s', (_name, bytes) => {
    expect(sniffContentType(bytes)).toBeNull();
  });
});

describe('EVIDENCE_TYPES', () => {
  it('lists exactly the five accepted formats', () => {
    expect([...EVIDENCE_TYPES].sort()).toEqual(['application/pdf', 'image/gif', 'image/jpeg', 'image/png', 'image/webp']);
  });

  it('narrows strings with isEvidenceType', () => {
    expect(isEvidenceType('image/png')).toBe(true);
    expect(isEvidenceType('image/svg+xml')).toBe(false);
    expect(isEvidenceType('text/html')).toBe(false);
  });
});

describe('EvidenceError', () => {
  it('carries a stable code and is an Error', () => {
    const error = new EvidenceError('EVIDENCE_NOT_FOUND');
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('EVIDENCE_NOT_FOUND');
    expect(error.name).toBe('EvidenceError');
    expect(new EvidenceError('EVIDENCE_MALFORMED', 'bad').message).toBe('bad');
  });
});
