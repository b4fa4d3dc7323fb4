// The client is portable and faithful: it reaches no Node module (it shares the targets library's
// portable half, so this also keeps that half free of Node), its normaliser gives what the
// server's parseTarget gives, and its expressions and scores give what the server's LookupIndex
// gives — compared on generated input, so the client's own rules cannot drift apart unseen.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTarget, TARGET_TYPES, TargetError, type Target } from '../../targets/index.ts';
import { publishedAs } from '../hashes/expressions.ts';
import { LookupIndex, type Indicator } from '../lookup/index.ts';
import type { HashScope, HashVerdict } from './expressions.ts';
import { normalizeTarget } from './normalize.ts';
import { compareHits, planOf, specificityOf } from './plan.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PACKAGES_FOR_BROWSERS = new Set(['tldts', 'libphonenumber-js/max']);

/** Every file reachable from an entry by static imports, and the packages they import. */
function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)) {
      const specifier = match[1] ?? match[2] ?? '';
      if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('portability', () => {
  it('reaches no Node module and no Node global from the client entry', () => {
    const { files, packages } = importGraph(path.join(HERE, 'index.ts'));
    expect([...packages].filter((p) => !PACKAGES_FOR_BROWSERS.has(p))).toEqual([]);
    expect(files.size).toBeGreaterThan(8);
    // The client shares the targets library's rules rather than copying them.
    expect([...files].map((file) => path.relative(path.join(HERE, '../..'), file))).toEqual(
      expect.arrayContaining(['targets/portable.ts', 'targets/reader.ts', 'targets/canonical-url.ts', 'targets/bank.ts']),
    );
    for (const file of files) {
      const code = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '');
      expect(code, path.relative(HERE, file)).not.toMatch(/\b(?:Buffer|process|require|__dirname|setImmediate)\b/);
    }
  });
});

// Pieces that reach the parsers' edges (from the targets library's own property test).
const PIECES = [
  'http://', 'https://', 'HTTP://', '//', '/', '\\', '.', '..', '/../', '%', '%25', '%2e', '%2F', '%3F', '%40', '%00', '%80',
  '%C3%A9', '%zz', '?', '#', '@', ':', ':80', ':8080', '[', ']', '::', 'ffff', '0x', '0', '1', '255', '256', '3279880203',
  '.com', '.vn', '.com.vn', 'www', 'xn--', 'xn--bcher-kva', 'example', 'а', 'о', 'ı', 'İ', 'ß', 'ệ', 'đ', '。', '１', 'ｅ',
  '\u200b', '\u0000', '\ud800', '😀', ' ', '\t', '-', '_', '+84', '0912345678', '84', '(', ')', 'facebook.com/', 'fb.com/',
  'profile.php?id=', 'zalo.me/', 'tiktok.com/@', 'youtube.com/', 'channel/', 't.me/', 'x.com/', 'facebook:', 'zalo:', 'VCB',
  'stk', 'ngân hàng', 'Ngoại thương', '970436', ' 0123456789', 'UNKNOWN:', 'mailto:', 'a@b.com', 'md5:', 'sha256:',
  'd41d8cd98f00b204e9800998ecf8427e', '/24', '/33', '/128', '__proto__',
];
const mangle = fc.constantFrom<(text: string) => string>(
  (text) => text,
  (text) => text.toUpperCase(),
  (text) => text.replace(/a/g, 'а'),
  (text) => `  ${text}\t`,
  (text) => text.replace(/\./g, '..'),
  (text) => text.replace(/[a-z]/g, (c) => `%${c.charCodeAt(0).toString(16)}`),
);
const anyInput = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3 })), { maxLength: 10 }).map((parts) => parts.join('')),
  fc.tuple(fc.webUrl({ withQueryParameters: true, withFragments: true, authoritySettings: { withIPv4: true, withIPv6: true, withPort: true, withUserInfo: true } }), mangle).map(([url, f]) => f(url)),
  fc.tuple(fc.domain(), mangle).map(([domain, f]) => f(domain)),
  fc.tuple(fc.emailAddress(), mangle).map(([email, f]) => f(email)),
  fc.tuple(fc.oneof(fc.ipV4(), fc.ipV6()), fc.option(fc.integer({ min: 0, max: 140 }))).map(([ip, length]) => (length === null ? ip : `${ip}/${length}`)),
  fc.stringMatching(/^\+?[\d .()-]{1,22}$/),
  fc.tuple(fc.constantFrom('', 'VCB ', 'vcb:', 'Vietcombank ', 'stk ', '970436 ', 'ngân hàng Á Châu ', 'MB: ', 'UNKNOWN:'), fc.stringMatching(/^\d{4,20}$/)).map(([bank, digits]) => bank + digits),
);

function outcome(parse: () => { type: string; value: string }): string {
  try {
    const { type, value } = parse();
    return `${type} ${value}`;
  } catch (error) {
    if (error instanceof TargetError) return `error ${error.code}`;
    throw error;
  }
}

describe('the portable normaliser', () => {
  it.each([
    ['HTTP://Example.COM/a/../login', undefined],
    ['http://tên-miền.vn/đăng-nhập', undefined],
    ['http://ＥＸＡＭＰＬＥ.com/', undefined],
    ['http://0x7f.1/', undefined],
    ['http://[2001:DB8::1]:8080/x', undefined],
    ['http://evil.com%2F@bank.com/', undefined],
    ['http://%01%80.com/', 'url'],
    ['http://évil%23.com/', 'url'],
    ['example.com/login', undefined],
    ['*.Bücher.de', 'domain'],
    ['foo.invalidtld', 'domain'],
    ['Nguyen.A@Tên-Miền.VN', undefined],
    ['::ffff:1.2.3.4/120', 'ip'],
    ['(+84) 912-345-678', undefined],
    ['Ngân hàng TMCP Ngoại thương Việt Nam 0123 456 789', undefined],
    ['https://m.facebook.com/profile.php?id=100012345', undefined],
    ['sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855', undefined],
    ['  Lừa\u200b đảo   chuyển khoản ', undefined],
  ] as const)('reads %j as parseTarget does', (input, type) => {
    expect(outcome(() => normalizeTarget(input, type))).toBe(outcome(() => parseTarget(input, type)));
  });

  it('gives parseTarget\'s type and normal form (or its error) for any input', () => {
    fc.assert(
      fc.property(anyInput, fc.option(fc.constantFrom(...TARGET_TYPES), { nil: undefined }), (input, type) => {
        const mine = outcome(() => normalizeTarget(input, type));
        expect(mine).toBe(outcome(() => parseTarget(input, type)));
      }),
      { numRuns: 1000 },
    );
  });
});

// Small vocabularies, so that generated listings and queries often meet.
const hostName = fc
  .tuple(fc.array(fc.constantFrom('www', 'login', 'a', 'b', 'c', 'd', 'e'), { maxLength: 6 }), fc.constantFrom('example.com', 'example.com.vn', 'tên-miền.vn', 'gov.vn', 'corp.intranet'))
  .map(([labels, base]) => [...labels, base].join('.'));
const urlPath = fc.constantFrom('/', '/a', '/a/', '/a/b', '/a/b/', '/a/b/c/d/e', '/a/b?x=1', '/?x=1');
const address = fc.tuple(fc.constantFrom(0, 1, 128, 255), fc.constantFrom(0, 7, 200)).map(([c, d]) => `10.20.${c}.${d}`);
const address6 = fc.constantFrom('2001:db8::', '2001:db8::1', '2001:db8:0:1::7', '2001:db9::1');
const listingValue = fc.oneof(
  hostName.map((host) => ({ type: 'domain', value: host })),
  hostName.map((host) => ({ type: 'domain', value: `*.${host}` })),
  fc.tuple(fc.constantFrom('http', 'https'), hostName, urlPath).map(([scheme, host, p]) => ({ type: 'url', value: `${scheme}://${host}${p}` })),
  fc.tuple(address, urlPath).map(([ip, p]) => ({ type: 'url', value: `http://${ip}${p}` })),
  fc.tuple(address, fc.option(fc.constantFrom(8, 16, 24, 25, 31), { nil: undefined })).map(([ip, length]) => ({ type: 'ip', value: length === undefined ? ip : `${ip}/${length}` })),
  fc.tuple(address6, fc.option(fc.constantFrom(32, 48, 64, 127), { nil: undefined })).map(([ip, length]) => ({ type: 'ip', value: length === undefined ? ip : `${ip}/${length}` })),
  fc.constantFrom({ type: 'phone', value: '0912345678' }, { type: 'email', value: 'a@example.com' }),
);
const query = fc.oneof(
  hostName,
  hostName.map((host) => `*.${host}`),
  fc.tuple(hostName, urlPath).map(([host, p]) => `http://${host}${p}`),
  fc.tuple(fc.array(fc.constantFrom('x', 'y', 'z'), { minLength: 3, maxLength: 5 }), hostName, urlPath).map(([more, host, p]) => `http://${[...more, host].join('.')}${p}`),
  fc.tuple(address, urlPath).map(([ip, p]) => `http://${ip}${p}`),
  address6.map((ip) => `http://[${ip}]/a/`),
  address.map((ip) => `http://[::ffff:${ip}]/a/`),
  address,
  address6,
  fc.tuple(address, fc.constantFrom(16, 24, 30)).map(([ip, length]) => `${ip}/${length}`),
  fc.constantFrom('0912 345 678', 'A@Example.com'),
);
const verdict = fc.constantFrom<HashVerdict>('dangerous', 'suspicious', 'trusted');

describe('expressions and precedence', () => {
  it('find the matches the server\'s LookupIndex finds, with the same specificity and verdict', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(listingValue, verdict), { maxLength: 25 }), fc.array(query, { minLength: 1, maxLength: 10 }), (listed, queries) => {
        const index = new LookupIndex();
        const published = new Map<string, { scope: HashScope; verdict: HashVerdict }[]>();
        listed.forEach(([raw, v], i) => {
          // A bare public suffix (`*.gov.vn`) cannot be listed: no source gets it past parseTarget.
          if (outcome(() => parseTarget(raw.value, raw.type)).startsWith('error')) return;
          const target = parseTarget(raw.value, raw.type);
          const indicator: Indicator = { id: `i${i}`, type: target.type, value: target.value, verdict: v, categories: [] };
          index.upsert(indicator);
          const { expression, scope } = publishedAs(indicator);
          published.set(expression, [...(published.get(expression) ?? []), { scope, verdict: v }]);
        });
        for (const value of queries) {
          const type = value.startsWith('*.') ? 'domain' : undefined;
          if (outcome(() => parseTarget(value, type)).startsWith('error')) {
            expect(outcome(() => normalizeTarget(value, type))).toMatch(/^error/);
            continue;
          }
          const target: Target = parseTarget(value, type);
          const server = index.lookup(target).map((m) => `${m.specificity} ${m.indicator.verdict}`);
          const hits: { specificity: number; verdict: HashVerdict }[] = [];
          for (const [expression, probes] of planOf(normalizeTarget(value, target.type))) {
            for (const entry of published.get(expression) ?? []) {
              for (const probe of probes) {
                const specificity = specificityOf(probe, entry.scope);
                if (specificity !== null) hits.push({ specificity, verdict: entry.verdict });
              }
            }
          }
          expect(hits.sort(compareHits).map((h) => `${h.specificity} ${h.verdict}`), value).toEqual(server);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
