import { describe, expect, it } from 'vitest';
import type { Indicator } from './index.ts';
import type { Bucket, MatchSink } from './sites.ts';
import { Site } from './sites.ts';

const listing = (id: string): Indicator => ({ id, type: 'domain', value: 'x', verdict: 'dangerous', categories: [] });

// Collects what a site reports, as `id@specificity`.
function matchesOf(site: Site, host: string): string[] {
  const out: string[] = [];
  const sink: MatchSink = {
    add(bucket: Bucket, specificity: number) {
      if (bucket === undefined) return;
      for (const indicator of Array.isArray(bucket) ? bucket : [bucket]) out.push(`${(indicator as Indicator).id}@${specificity / 65_536}`);
    },
  };
  site.matchHost(host, false, sink);
  return out.sort();
}

describe('Site', () => {
  it('answers the same from a list and, past eight hosts, from a map; and empties completely', () => {
    const site = new Site('example.com');
    site.hostEntry('example.com').wildcard = listing('apex');
    const hosts = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((label) => `${label}.example.com`);
    for (const [n, host] of hosts.entries()) {
      site.hostEntry(host).exact = listing(`exact${n}`);
      site.hostEntry(host).wildcard = listing(`wild${n}`);
      // a.example.com: its exact and wildcard listings, and the apex wildcard.
      expect(matchesOf(site, 'a.example.com')).toEqual(['apex@4', 'exact0@7', 'wild0@6']);
      expect(matchesOf(site, 'x.a.example.com')).toEqual(['apex@4', 'wild0@6']);
    }
    expect(site.hosts).toBeInstanceOf(Map);
    for (const host of [...hosts].reverse()) {
      const entry = site.hostEntry(host);
      entry.exact = undefined;
      entry.wildcard = undefined;
      site.prune(entry);
      if (host !== 'a.example.com') expect(matchesOf(site, 'a.example.com')).toEqual(['apex@4', 'exact0@7', 'wild0@6']);
    }
    expect(site.hosts).toBeUndefined();
    expect(site.empty).toBe(false);
    site.wildcard = undefined;
    expect(site.empty).toBe(true);
  });
});
