// domainToAscii (the WHATWG hostname setter) stands in for Node's domainToASCII on the server as
// well as in the lookup client, so the two must agree on every input, failures ('') included.
import { domainToASCII } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { domainToAscii } from './idna.ts';

const PIECES = [
  'a', 'B', '.', '..', 'xn--', 'xn--bcher-kva', 'ß', 'İ', 'ı', '。', '１', 'ｅ', '\u200b', '\u00ad', '\u0000', '\ud800', '😀', ' ',
  '%', '%41', ':', '/', '?', '#', '@', '[', ']', '\\', '::1', '1.2.3.4', '0x7f', '256', '-', '_', 'tên-miền', 'đ', 'а', 'ο', '*', '<',
];

describe('domainToAscii', () => {
  it.each(['', 'bücher.de', 'EXAMPLE.com', 'xn--bcher-kva.de', 'a..b', 'exa mple.com', 'a/b', '[::1]', 'xn--a.com', '\u0000.com'])(
    'gives what Node gives for %j',
    (input) => expect(domainToAscii(input)).toBe(domainToASCII(input)),
  );

  it('gives what Node gives for any input', () => {
    const input = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 2 })), { maxLength: 8 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(input, (text) => {
        expect(domainToAscii(text)).toBe(domainToASCII(text));
      }),
      { numRuns: 5000 },
    );
  });
});
