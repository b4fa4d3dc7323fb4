// The URL expression read off a normal form is the one the lookup index stores the URL under.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTarget, TargetError } from '../../targets/index.ts';
import { urlExpressionOf } from '../lookup/index.ts';
import { publishedAs, urlExpressionOfCanonical } from './expressions.ts';

const PIECES = ['/', '\\', '..', '/../', '%2e', '%2F', '%3F', '%40', '%00', '%80', '%C3%A9', '%zz', '?', '??', '#', '@', ':', ':80', ':443', ':8080', ':0', '[', ']', '::', '0x7f', '3279880203', 'đ', 'ệ', '。', '１', ' ', 'xn--bcher-kva', 'a', 'example.com'];
const url = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true, authoritySettings: { withIPv4: true, withIPv6: true, withPort: true, withUserInfo: true } }),
  fc.tuple(fc.constantFrom('http://', 'https://', 'HTTP://', ''), fc.array(fc.constantFrom(...PIECES), { maxLength: 8 })).map(([scheme, parts]) => `${scheme}host.example.com${parts.join('')}`),
  fc.tuple(fc.constantFrom('http://', 'https://'), fc.array(fc.constantFrom(...PIECES), { maxLength: 8 })).map(([scheme, parts]) => scheme + parts.join('')),
);

describe('publishedAs', () => {
  it('reads a URL\'s expression off its normal form exactly as urlExpressionOf computes it', () => {
    let checked = 0;
    fc.assert(
      fc.property(url, (input) => {
        let value: string;
        try {
          value = parseTarget(input, 'url').value;
        } catch (error) {
          if (error instanceof TargetError) return;
          throw error;
        }
        checked++;
        expect(urlExpressionOfCanonical(value)).toBe(urlExpressionOf(value));
      }),
      { numRuns: 3000 },
    );
    expect(checked).toBeGreaterThan(1000);
  });

  it.each([
    ['url', 'https://example.com:8443/a/b?c=d', 'example.com/a/b?c=d', 'url'],
    ['url', 'http://[2001:db8::1]:8080/x', '[2001:db8::1]/x', 'url'],
    ['domain', '*.example.com', 'example.com/', 'subdomains'],
    ['domain', 'www.example.com', 'www.example.com/', 'host'],
    ['ip', '10.0.0.0/8', 'cidr:10.0.0.0/8', 'range'],
    ['ip', '2001:db8::1', 'ip:2001:db8::1', 'exact'],
    ['bank_account', 'VCB:0123456789', 'bank_account:VCB:0123456789', 'exact'],
  ])('publishes %s %s as %s (%s)', (type, value, expression, scope) => {
    expect(publishedAs({ type, value })).toEqual({ expression, scope });
  });
});
