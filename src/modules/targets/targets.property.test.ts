import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TARGET_ERROR_CODES, TARGET_TYPES, TargetError, foldAccents, parseTarget, urlLookupExpressions } from './index.ts';
import type { Target } from './index.ts';
import { accountOfProfileUrl, socialAccountFromUrl } from './social.ts';

const RUNS = { numRuns: 600 };
const LONE_SURROGATE = /\p{Surrogate}/u;

// Pieces that exercise the parsers' edges: delimiters, escapes, look-alikes, IDN, digits, banks.
const PIECES = [
  'http://', 'https://', 'HTTP://', '//', '/', '\\', '.', '..', '/../', '/./', '%', '%25', '%2e', '%2F', '%3F', '%40',
  '%00', '%80', '%C3%A9', '%zz', '?', '#', '@', ':', ':80', ':8080', '[', ']', '::', 'ffff', '0x', '0', '1', '255', '256',
  '3279880203', '.com', '.vn', '.com.vn', 'www', 'xn--', 'xn--bcher-kva', 'example', 'а', 'е', 'о', 'ı', 'İ', 'ß', 'ệ',
  'đ', '。', '１', 'ｅ', '\u200b', '\u0000', '\ud800', '\udc00', '😀', ' ', '\t', '\n', '-', '_', '+', '+84', '0912345678',
  '84', '(', ')', 'facebook.com/', 'fb.com/', 'profile.php?id=', 'zalo.me/', 'tiktok.com/@', 'youtube.com/', '@',
  'channel/', 'UCabcdefghijklmnopqrstuv', 't.me/', 'x.com/', 'instagram.com/', 'facebook:', 'zalo:', 'youtube:', 'x:',
  'VCB', 'stk', 'ngân hàng', '970436', ' 0123456789', 'UNKNOWN:', 'mailto:', 'a@b.com', 'md5:', 'sha256:',
  'd41d8cd98f00b204e9800998ecf8427e', '/24', '/33', '/128', '__proto__', 'constructor', 'toString',
];

const anyChar = fc.oneof(
  fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)),
);
const arbitraryText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: anyChar }),
  fc.string({ unit: 'grapheme' }),
);
const pieced = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3 })), { maxLength: 10 }).map((parts) => parts.join(''));

const lookAlike = (text: string): string => text.replace(/a/g, 'а').replace(/o/g, 'ο');
const mangle = fc.constantFrom<(text: string) => string>(
  (text) => text,
  (text) => text.toUpperCase(),
  lookAlike,
  (text) => `  ${text}\t`,
  (text) => text.replace(/\./g, '..'),
  (text) => text.replace(/[a-z]/g, (c) => `%${c.charCodeAt(0).toString(16)}`),
);
const phone = fc
  .tuple(fc.constantFrom('0', '+84', '84', '(+84) ', '+1 ', '+44 ', '0084'), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 11 }), fc.constantFrom(' ', '.', '-', ''))
  .map(([prefix, digits, separator]) => prefix + digits.join('').replace(/(\d{3})(?=\d)/g, `$1${separator}`));
const bankAccount = fc
  .tuple(fc.constantFrom('', 'VCB ', 'Vietcombank ', 'stk ', '970436 ', 'ngân hàng Á Châu ', 'MB: ', 'UNKNOWN:'), fc.stringMatching(/^\d{4,20}$/))
  .map(([bank, digits]) => bank + digits);
const social = fc
  .tuple(
    fc.constantFrom('https://www.facebook.com/', 'fb.com/', 'https://zalo.me/', 'https://www.tiktok.com/@', 'https://www.youtube.com/@', 'https://youtube.com/c/', 't.me/', 'https://x.com/', 'instagram.com/', 'facebook:', 'tiktok:', 'youtube:', 'zalo:'),
    fc.stringMatching(/^[A-Za-z0-9._]{1,20}$/),
    fc.constantFrom('', '/', '/video/123', '?id=123', '/posts/1'),
  )
  .map(([base, handle, suffix]) => base + handle + suffix);
const plausible = fc.oneof(
  fc.tuple(fc.webUrl({ withQueryParameters: true, withFragments: true, authoritySettings: { withIPv4: true, withIPv6: true, withPort: true, withUserInfo: true } }), mangle).map(([url, f]) => f(url)),
  fc.tuple(fc.domain(), mangle).map(([domain, f]) => f(domain)),
  fc.tuple(fc.emailAddress(), mangle).map(([email, f]) => f(email)),
  fc.ipV4(),
  fc.ipV6(),
  fc.tuple(fc.oneof(fc.ipV4(), fc.ipV6()), fc.integer({ min: 0, max: 140 })).map(([ip, prefix]) => `${ip}/${prefix}`),
  fc.stringMatching(/^(?:(?:md5|sha1|sha256):)?[0-9a-fA-F]{32}(?:[0-9a-fA-F]{8}(?:[0-9a-fA-F]{24})?)?$/),
  phone,
  fc.stringMatching(/^\+?[\d .()-]{1,22}$/),
  bankAccount,
  social,
  fc.tuple(fc.constantFrom('youtube.com/@', 'youtube.com/c/', 'youtube:', 'tiktok:', 'facebook.com/'), fc.string({ unit: 'grapheme', maxLength: 8 })).map(([base, handle]) => base + handle),
);
const anyInput = fc.oneof(arbitraryText, pieced, plausible);
const anyType = fc.oneof(
  { arbitrary: fc.constantFrom(...TARGET_TYPES), weight: 4 },
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
);

// Parse, returning the target or the TargetError; anything else is thrown to fail the property.
function attempt(input: string, type: string | undefined): Target | TargetError {
  try {
    return parseTarget(input, type);
  } catch (error) {
    if (error instanceof TargetError) return error;
    throw error;
  }
}

function strings(target: Target): string[] {
  return [target.value, target.display, ...target.flags, ...Object.values(target.details).filter((v): v is string => typeof v === 'string')];
}

describe('parseTarget properties', () => {
  it('returns a target or throws a TargetError with a known code', () => {
    fc.assert(
      fc.property(anyInput, anyType, (input, type) => {
        const result = attempt(input, type);
        if (result instanceof TargetError) {
          expect(TARGET_ERROR_CODES).toContain(result.code);
          expect(result.reason).not.toBe('');
        }
      }),
      RUNS,
    );
  });

  it('normal forms are fixed points (detected and explicit types)', () => {
    fc.assert(
      fc.property(anyInput, anyType, (input, type) => {
        const target = attempt(input, type);
        if (target instanceof TargetError) return;
        const again = parseTarget(target.value, target.type);
        expect(again.value).toBe(target.value);
        expect(again.type).toBe(target.type);
      }),
      RUNS,
    );
  });

  it('never puts NUL or a lone surrogate in a result; flags are sorted and unique', () => {
    fc.assert(
      fc.property(anyInput, anyType, (input, type) => {
        const target = attempt(input, type);
        if (target instanceof TargetError) return;
        for (const text of strings(target)) {
          expect(text.includes('\u0000')).toBe(false);
          expect(LONE_SURROGATE.test(text)).toBe(false);
        }
        expect(target.flags).toEqual([...new Set(target.flags)].sort());
      }),
      RUNS,
    );
  });

  it('detection agrees with parsing as the detected type', () => {
    fc.assert(
      fc.property(plausible, (input) => {
        const target = attempt(input, undefined);
        if (target instanceof TargetError) return;
        expect(parseTarget(input, target.type).value).toBe(target.value);
      }),
      RUNS,
    );
  });

  it('gives at most 30 lookup expressions for every canonical URL', () => {
    fc.assert(
      fc.property(fc.oneof(plausible, pieced), (input) => {
        const target = attempt(input, 'url');
        if (target instanceof TargetError) return;
        const expressions = urlLookupExpressions(target.value);
        expect(expressions.length).toBeGreaterThan(0);
        expect(expressions.length).toBeLessThanOrEqual(30);
        expect(new Set(expressions).size).toBe(expressions.length);
      }),
      RUNS,
    );
  });

  it('folds accents idempotently', () => {
    fc.assert(
      fc.property(fc.oneof(arbitraryText, pieced), (text) => {
        const folded = foldAccents(text);
        expect(foldAccents(folded)).toBe(folded);
      }),
      RUNS,
    );
  });
});

describe('social profile detection', () => {
  const asciiPieced = fc
    .array(fc.oneof(fc.constantFrom(...PIECES.filter((piece) => /^[\x20-\x7e]*$/.test(piece)), 'FaceBook.COM', 'M.FACEBOOK.com', 'Zalo.Me', '@x.com', 'x.com.vn', '\\'), fc.string({ maxLength: 3 })), { maxLength: 10 })
    .map((parts) => parts.join(''));
  it('rules out unparsed only what parsing would have ruled out too', () => {
    fc.assert(
      fc.property(fc.oneof(asciiPieced, pieced), (input) => {
        expect(socialAccountFromUrl(input)).toEqual(accountOfProfileUrl(input));
      }),
      { numRuns: 3000 },
    );
  });
});
