import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Target } from '../../targets/index.ts';
import { LiveIndex, type IndexedIndicator } from '../live-index.ts';
import { blockingDecisions, wholeSiteHost, type BlockingDecision } from './blocking.ts';
import { blockableRange } from './public-ranges.ts';

// The blocking feeds read decisions from the index's grouping by site; here is the definition
// they must agree with, written from the check itself: for every host some domain listing
// names, ask the index what covers it and apply the rules of blocking.ts in the plainest way.
const NOW = Date.UTC(2026, 5, 1);
const dangerous = (indicator: IndexedIndicator): boolean => indicator.verdict === 'dangerous';
const target = (type: 'domain' | 'ip', value: string): Target => ({ type, value, display: value, flags: [], details: {} });

function expected(live: LiveIndex): string[] {
  const listings = [...live.inForce(NOW)];
  const out = new Set<string>();
  const domainHosts = new Set(listings.filter((i) => i.type === 'domain').map((i) => i.value.replace(/^\*\./, '')));
  for (const host of domainHosts) {
    if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(host)) continue;
    const covering = live.lookup(target('domain', host), NOW).map((m) => m.indicator);
    const exact = covering.filter((i) => i.value === host);
    const wildcard = covering.filter((i) => i.value === `*.${host}`);
    const blockedAbove = covering.some((i) => i.value !== host && i.value !== `*.${host}` && dangerous(i));
    const apexBlocked = exact.length > 0 ? exact.some(dangerous) : wildcard.some(dangerous);
    const apex = apexBlocked ? 'block' : blockedAbove ? 'passthru' : null;
    const subdomains = wildcard.length === 0 ? null : wildcard.some(dangerous) ? 'block' : blockedAbove ? 'passthru' : null;
    if (apex !== null || subdomains !== null) out.add(`host ${host} ${apex} ${subdomains}`);
  }
  for (const listing of listings) {
    const host = listing.type === 'url' && dangerous(listing) ? wholeSiteHost(listing.value) : null;
    if (host !== null && !domainHosts.has(host)) out.add(`host ${host} block null`);
  }
  for (const value of new Set(listings.filter((i) => i.type === 'ip').map((i) => i.value))) {
    if (blockableRange(value) === null) continue;
    const covering = live.lookup(target('ip', value), NOW).map((m) => m.indicator);
    if (covering.some((i) => i.value === value && dangerous(i))) out.add(`ip ${value} block`);
    else if (covering.some((i) => i.value !== value && dangerous(i))) out.add(`ip ${value} passthru`);
  }
  return [...out].sort();
}

const described = (decision: BlockingDecision): string =>
  decision.kind === 'host' ? `host ${decision.host} ${decision.apex} ${decision.subdomains}` : `ip ${decision.value} ${decision.action}`;

const actual = (live: LiveIndex): string[] => [...blockingDecisions(live, NOW)].map(described).sort();

// A small world, so listings pile up on the same hosts, sites, parents and ranges. `*.intranet`
// and its hosts have no registrable domain: each is a site of its own.
const DOMAINS = [
  'example.com', '*.example.com', 'a.example.com', '*.a.example.com', 'b.a.example.com', '*.b.a.example.com', 'c.example.com',
  'weebly.com', '*.weebly.com', 'x.weebly.com', '*.x.weebly.com', 'y.x.weebly.com', 'shop.com.vn', '*.shop.com.vn',
  'intranet', '*.intranet', 'a.intranet', 'b.a.intranet', 'bad_host!.example.com',
];
const URLS = [
  'http://example.com/', 'https://example.com/', 'https://a.example.com/', 'http://a.example.com:8080/', 'https://a.example.com/login',
  'https://d.example.com/', 'https://d.example.com/?x=1', 'http://z.weebly.com/', 'http://intranet/', 'http://1.2.3.4/',
];
const IPS = ['1.2.3.4', '1.2.3.0/24', '1.2.0.0/16', '1.0.0.0/8', '10.0.0.1', '2a01:4f8::1', '2a01:4f8::/32', '2a01:4f8:c0c::/48', '2a01:4f8:c0c::5'];

type Listing = {
  pick: { type: 'domain' | 'url' | 'ip'; value: string };
  verdict: IndexedIndicator['verdict'];
  expired: boolean;
  removed: boolean;
};

const listing: fc.Arbitrary<Listing> = fc.record({
  pick: fc.oneof(
    fc.constantFrom(...DOMAINS).map((value) => ({ type: 'domain' as const, value })),
    fc.constantFrom(...URLS).map((value) => ({ type: 'url' as const, value })),
    fc.constantFrom(...IPS).map((value) => ({ type: 'ip' as const, value })),
  ),
  verdict: fc.constantFrom<IndexedIndicator['verdict'][]>('dangerous', 'dangerous', 'suspicious', 'trusted'),
  expired: fc.boolean(),
  removed: fc.boolean(),
});

function liveOf(listings: Listing[]): LiveIndex {
  const live = new LiveIndex();
  listings.forEach(({ pick, verdict, expired }, n) => {
    live.index.upsert({
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      type: pick.type,
      value: pick.value,
      verdict,
      categories: ['scam'],
      confidence: 90,
      source: 'import',
      sourceRef: null,
      evidenceUrl: null,
      reportCount: 0,
      firstSeen: NOW - 86_400_000,
      lastVerified: NOW - 86_400_000,
      expiresAt: expired ? NOW - 1 : NOW + 86_400_000,
      impersonated: null,
      serial: n + 1,
    });
  });
  // Removals after the fact, so the index's buckets shrink as they do when a listing is revoked.
  listings.forEach(({ removed }, n) => {
    if (removed) live.index.remove(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`);
  });
  return live;
}

describe('blocking decisions', () => {
  it('agree with the check for any set of listings: one decision per host or range, precedence, passthru, expiry, removal', () => {
    fc.assert(
      fc.property(fc.array(listing, { maxLength: 40 }), (listings) => {
        const live = liveOf(listings);
        expect(actual(live)).toEqual(expected(live));
      }),
      { numRuns: 600 },
    );
  });

  it('write each host once however many sources list it, and nothing for suspicious or expired listings', () => {
    const live = liveOf([
      { pick: { type: 'domain', value: 'example.com' }, verdict: 'dangerous', expired: false, removed: false },
      { pick: { type: 'domain', value: 'example.com' }, verdict: 'dangerous', expired: false, removed: false },
      { pick: { type: 'url', value: 'http://example.com/' }, verdict: 'dangerous', expired: false, removed: false },
      { pick: { type: 'url', value: 'http://d.example.com/' }, verdict: 'dangerous', expired: false, removed: false },
      { pick: { type: 'url', value: 'https://d.example.com/' }, verdict: 'dangerous', expired: false, removed: false },
      { pick: { type: 'domain', value: 'c.example.com' }, verdict: 'suspicious', expired: false, removed: false },
      { pick: { type: 'domain', value: 'weebly.com' }, verdict: 'dangerous', expired: true, removed: false },
      { pick: { type: 'ip', value: '2a01:4f8::/32' }, verdict: 'dangerous', expired: false, removed: false },
      { pick: { type: 'ip', value: '2a01:4f8:c0c::5' }, verdict: 'trusted', expired: false, removed: false },
    ]);
    expect(actual(live)).toEqual(['host d.example.com block null', 'host example.com block null', 'ip 2a01:4f8::/32 block', 'ip 2a01:4f8:c0c::5 passthru']);
  });
});
