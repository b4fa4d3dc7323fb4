import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTarget, urlLookupExpressions } from '../../targets/index.ts';
import type { Target, TargetType } from '../../targets/index.ts';
import type { Indicator, Match, Verdict } from './index.ts';
import { LookupIndex, parseCidr, urlExpressionOf, verdictOf } from './index.ts';
import { splitCanonicalUrl } from './sites.ts';

// The naive definition: scan every indicator and decide by the rules written in `Match`.
const W = 65_536;
const labels = (host: string): number => host.split('.').length;
const unbracket = (host: string): string => host.replace(/^\[(.*)\]$/, '$1');

// Domain listing against a host (or a `*.` domain query): exact on the host, `*.` on it or above.
function naiveDomain(item: Indicator, value: string): number | null {
  const base = item.value.replace(/^\*\./, '');
  if (item.value === value) return (labels(base) * 2 + (item.value.startsWith('*.') ? 0 : 1)) * W;
  if (item.value.startsWith('*.') && (value === base || value.endsWith(`.${base}`))) return labels(base) * 2 * W;
  return null;
}

// The prefix length of an IP listing covering the query, or null.
function naiveIp(item: Indicator, query: string): number | null {
  const q = parseCidr(query);
  const c = parseCidr(item.value);
  if (q === null || c === null || q.version !== c.version || c.length > q.length) return null;
  const shift = BigInt((q.version === 4 ? 32 : 128) - c.length);
  return BigInt(q.address) >> shift === BigInt(c.address) >> shift ? c.length : null;
}

// URL listing: its expression is one of the query's Safe Browsing expressions, on a host no
// higher than the query's registrable domain.
function naiveUrlListing(item: Indicator, target: Target, ip: boolean): number | null {
  const expression = urlExpressionOf(item.value);
  if (!urlLookupExpressions(target.value).includes(expression)) return null;
  const host = expression.slice(0, expression.indexOf('/'));
  const registrable = target.details.registrableDomain ?? null;
  if (registrable !== null && host !== registrable && !host.endsWith(`.${registrable}`)) return null;
  const hostScore = ip ? 129 : labels(host) * 2 + (host === target.details.host ? 1 : 0);
  return hostScore * W + Math.min(expression.length - host.length, W - 1);
}

function naiveScore(item: Indicator, target: Target): number | null {
  if (target.type === 'url') {
    const host = target.details.host ?? '';
    const ip = parseCidr(unbracket(host)) !== null;
    if (item.type === 'url') return naiveUrlListing(item, target, ip);
    if (item.type === 'domain' && !ip) return naiveDomain(item, host);
    if (item.type === 'ip' && ip) {
      const length = naiveIp(item, unbracket(host));
      return length === null ? null : length * W;
    }
    return null;
  }
  if (item.type !== target.type) return null;
  if (target.type === 'domain') return naiveDomain(item, target.value);
  if (target.type === 'ip') {
    const length = naiveIp(item, target.value);
    return length === null ? null : length * W;
  }
  return item.value === target.value ? 1 : null;
}

function naive(indicators: readonly Indicator[], target: Target): string[] {
  const out: string[] = [];
  for (const item of indicators) {
    const score = naiveScore(item, target);
    if (score !== null) out.push(`${item.id}:${score}`);
  }
  return out.sort();
}

const summary = (matches: Match[]): string[] => matches.map((m) => `${m.indicator.id}:${m.specificity}`).sort();

const label = fc.constantFrom('a', 'b', 'login', 'www');
const domain = fc
  .tuple(fc.array(label, { maxLength: 3 }), fc.constantFrom('ex.com', 'ex.com.vn', 'other.org'), fc.boolean())
  .map(([sub, base, wildcard]) => `${wildcard ? '*.' : ''}${[...sub, base].join('.')}`);
const ip = fc.oneof(
  fc.tuple(fc.constantFrom(10, 192), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 32 }))
    .map(([a, b, c, len]) => `${a}.${b}.${c}.7/${len}`),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 128 })).map(([w, len]) => `2001:db8:${w}::1/${len}`),
);
// Hosts under a registrable domain at several depths (past the 5-label window too), a public
// suffix, an unknown TLD, and IP hosts (one IPv4-mapped).
const urlHost = fc.oneof(
  fc.tuple(fc.array(label, { maxLength: 5 }), fc.constantFrom('ex.com', 'ex.com.vn')).map(([sub, base]) => [...sub, base].join('.')),
  fc.constantFrom('com.vn', 'intranet', 'a.intranet', 'b.a.intranet', '10.1.2.7', '[2001:db8:1::1]', '[::ffff:10.1.2.7]'),
);
const urlPath = fc.constantFrom('/', '/a', '/a/', '/a/b', '/a/b/', '/a/b/c/', '/a/b/c/d/', '/a/b/c/d/e', '/a?x=1', '/a/b/?q', '/a/../b', '/%41/', '/p?', '/a/b?x=1&y=2');
const url = fc
  .tuple(fc.constantFrom('http', 'https'), urlHost, fc.constantFrom('', '', ':8080'), urlPath)
  .map(([scheme, host, port, path]) => `${scheme}://${host}${port}${path}`);
const exact = fc.oneof(
  fc.constantFrom('0912345678', '+84 912 345 678', '0912345679').map((v) => ['phone', v] as const),
  fc.constantFrom('a@ex.com', 'A@EX.com', 'b@ex.com').map((v) => ['email', v] as const),
  fc.constantFrom('VCB 0123456789', 'TCB 0123456789', 'Vietcombank 0123456789').map((v) => ['bank_account', v] as const),
  fc.constantFrom('fb:some.name', 'https://www.facebook.com/Some.Name', 'tiktok:@x.y').map((v) => ['social_account', v] as const),
);
const value = fc.oneof(
  domain.map((v) => ['domain', v] as const),
  ip.map((v) => ['ip', v] as const),
  url.map((v) => ['url', v] as const),
  exact,
);
const verdict = fc.constantFrom<Verdict>('dangerous', 'suspicious', 'trusted');

// A small URL universe, so listings and queries often meet: a chain of hosts (each the parent of
// the next, up to 7 labels, past the 5-label window), a sibling, and paths that are prefixes of
// one another.
const chainHost = fc
  .tuple(fc.integer({ min: 0, max: 5 }), fc.boolean(), fc.constantFrom('ex.com', 'ex.com.vn'))
  .map(([depth, sibling, base]) => [...(sibling && depth > 0 ? ['x'] : []), ...['e', 'd', 'c', 'b', 'a'].slice(5 - depth + (sibling && depth > 0 ? 1 : 0)), base].join('.'));
const chainUrl = fc.tuple(chainHost, urlPath).map(([host, path]) => `http://${host}${path}`);
const chainValue = fc.oneof(
  { weight: 4, arbitrary: chainUrl.map((v) => ['url', v] as const) },
  { weight: 1, arbitrary: chainHost.map((v) => ['domain', v] as const) },
  { weight: 1, arbitrary: chainHost.map((v) => ['domain', `*.${v}`] as const) },
);

function agreesWithNaiveScan(items: readonly (readonly [readonly [string, string], Verdict])[], queries: readonly (readonly [string, string])[], removals: readonly number[]): void {
  const indicators: Indicator[] = items.map(([[type, raw], v], i) => ({ id: `i${i}`, type: type as TargetType, value: parseTarget(raw, type).value, verdict: v, categories: [] }));
  const index = new LookupIndex();
  for (const item of indicators) index.upsert(item);
  // Remove a few again, so pruning and a busy site's way back from a map to a list are covered too.
  const removed = new Set(removals.map((n) => `i${n % Math.max(indicators.length, 1)}`));
  for (const id of removed) index.remove(id);
  const kept = indicators.filter((item) => !removed.has(item.id));
  expect(index.size).toBe(kept.length);
  for (const [type, raw] of queries) {
    const target = parseTarget(raw, type);
    const matches = index.lookup(target);
    expect(summary(matches)).toEqual(naive(kept, target));
    // The fast path decides as the full lookup does, with one of its most specific matches.
    const best = index.best(target);
    expect(best?.verdict ?? null).toBe(verdictOf(matches));
    if (best !== undefined) expect(matches.find((m) => m.indicator === best)?.specificity).toBe(matches[0]?.specificity);
  }
}

describe('LookupIndex agrees with a linear scan', () => {
  it('stores a URL under its Safe Browsing expression, split from the canonical URL without canonicalising again', () => {
    fc.assert(
      fc.property(fc.oneof(url, chainUrl), (raw) => {
        const canonical = parseTarget(raw, 'url').value;
        const parts = splitCanonicalUrl(canonical);
        expect(parts === null ? null : parts.host + parts.pathAndQuery).toBe(urlExpressionOf(canonical));
      }),
      { numRuns: 500 },
    );
  });


  it('for random domain, URL, IP and exact-type indicator sets and queries', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, verdict), { maxLength: 40, size: 'max' }), fc.array(value, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 6 }), agreesWithNaiveScan),
      { numRuns: 300 },
    );
  });

  it('for URL and domain listings on one busy site (a list, then a map of its own)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(chainValue, verdict), { minLength: 1, maxLength: 40, size: 'max' }),
        fc.array(fc.oneof(chainUrl.map((v) => ['url', v] as const), chainHost.map((v) => ['domain', v] as const)), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 30, size: 'max' }),
        agreesWithNaiveScan,
      ),
      { numRuns: 400 },
    );
  });
});
