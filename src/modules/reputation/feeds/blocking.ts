// What the blocking feeds (RPZ, hosts, domains.txt, AdBlock) block: decisions per host name and
// per IP range, read from the live index, each made once however many sources list the value.
//
// These formats can only name hosts (and, in RPZ, IP ranges), so:
// - Domain listings decide about their host. An exact `h` speaks for the name h alone; a `*.h`
//   wildcard for h and every name below it (the check treats `*.h` as covering its apex too).
//   A host is blocked when the listing the check would obey says dangerous: exact listings of h
//   outrank a wildcard on h, a wildcard on h outranks one on a parent, and at a tie dangerous
//   wins — the precedence of lookup/lookup-index.ts, so the feeds and the check agree.
// - URL listings are left out: blocking a whole host for one bad path would take down every
//   other page of a shared host (a blog platform, a hosting provider, a compromised site).
//   The exception is a URL whose path is `/` with no query and no port — the whole site — which
//   is equivalent to its host name; it blocks that name (not its subdomains), unless a domain
//   listing of the name exists: domain listings speak for names, so they decide. URLs whose host
//   is an IP address are left out too (no DNS name is looked up for them).
// - IP listings become RPZ `rpz-ip` triggers (they cannot be written in the name-only formats).
//   Ranges that are not publicly routable are never written (a listed 127.0.0.1 or 10.0.0.0/8
//   would rewrite every answer that contains one), nor ranges wider than an IPv4 /16 or an IPv6
//   /32 — wider than a provider's allocation, which is a data error, not a target.
// - A name or range the check calls suspicious or trusted that lies under a blocked wildcard or
//   range gets a `passthru` decision (RPZ `rpz-passthru.`), since RPZ too prefers an exact name
//   to a wildcard and a longer prefix to a shorter one. The name-only formats simply omit it.
// - Suspicious and trusted listings are never blocked; phones, accounts, emails, hashes and
//   texts are not in these formats at all (they are in the CSV and JSON feeds).
//
// Speed: most hosts have one listing, and then there is nothing to ask the index; a first pass
// (listing-sketch.ts) tells which listings are alone, and only the others are looked up.
import type { Target } from '../../targets/index.ts';
import type { IndexedIndicator, LiveIndex } from '../live-index.ts';
import type { Match } from '../lookup/index.ts';
import { ListingSketch } from './listing-sketch.ts';
import { blockableRange } from './public-ranges.ts';

export type BlockingAction = 'block' | 'passthru';

/** What to do with a host name (`apex`) and with every name below it (`subdomains`, a wildcard). */
export type HostDecision = { kind: 'host'; host: string; apex: BlockingAction | null; subdomains: BlockingAction | null };

/** What to do with an IP range (a normalised ip value: `1.2.3.4`, `10.0.0.0/8`, `2001:db8::/32`). */
export type IpDecision = { kind: 'ip'; value: string; version: 4 | 6; prefixLength: number; action: BlockingAction };

export type BlockingDecision = HostDecision | IpDecision;

// Host names as they may appear in a zone file or a hosts file: letters, digits, hyphens and
// underscores in dot-separated labels. Values come normalised by the targets library, so this
// never refuses a real listing; it keeps one corrupt row from breaking a telecom's whole zone.
const SAFE_HOST = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/;
const MAX_HOST_LENGTH = 253;

// Hand-built targets leave the registrable domain out: the index works it out (null would mean "none").
const domainTarget = (host: string): Target => ({ type: 'domain', value: host, display: host, flags: [], details: {} });

/** The host of a whole-site URL (`https://example.com/`), or null for any other URL. */
export function wholeSiteHost(url: string): string | null {
  const start = url.startsWith('https://') ? 8 : url.startsWith('http://') ? 7 : -1;
  if (start < 0 || url.indexOf('/', start) !== url.length - 1) return null;
  const host = url.slice(start, -1);
  // A port, an IPv6 literal, an escaped byte or a dotted-quad IPv4: not a DNS name to block.
  if (!SAFE_HOST.test(host) || /^\d+\.\d+\.\d+\.\d+$/.test(host)) return null;
  return host;
}

/**
 * Every blocking decision for the listings in force at `now`, one per host or range. Each is
 * made when the iteration reaches the host's or range's only listing, or the one with the
 * smallest id among several, so it is written once without remembering what was written
 * (memory stays flat).
 */
export function* blockingDecisions(live: LiveIndex, now: number): Generator<BlockingDecision> {
  const sketch = ListingSketch.of(live, now, wholeSiteHost);
  for (const indicator of live.inForce(now)) {
    let decision: BlockingDecision | null = null;
    if (indicator.type === 'domain') decision = domainDecision(live, sketch, indicator, now);
    else if (indicator.type === 'url') decision = wholeSiteDecision(live, sketch, indicator, now);
    else if (indicator.type === 'ip') decision = ipDecision(live, sketch, indicator, now);
    if (decision !== null) yield decision;
  }
}

function domainDecision(live: LiveIndex, sketch: ListingSketch, indicator: IndexedIndicator, now: number): HostDecision | null {
  const wildcard = indicator.value.startsWith('*.');
  const host = wildcard ? indicator.value.slice(2) : indicator.value;
  if (host.length > MAX_HOST_LENGTH || !SAFE_HOST.test(host)) return null;
  // Alone on its host and dangerous: blocked, with nothing to outrank it or to share it with.
  const alone = sketch.alone(indicator.value, wildcard ? 2 : 0);
  if (alone && indicator.verdict === 'dangerous') return { kind: 'host', host, apex: 'block', subdomains: wildcard ? 'block' : null };
  // Alone and not dangerous: nothing to decide unless a blocked wildcard above calls for a passthru.
  if (alone && !sketch.mayBeUnderBlockedWildcard(host)) return null;
  const group = hostGroup(live.lookup(domainTarget(host), now), host);
  if (group.firstId !== indicator.id) return null;
  const apexBlocked = group.exact ? group.exactDangerous : group.wildcardDangerous;
  const apex: BlockingAction | null = apexBlocked ? 'block' : group.parentBlocked ? 'passthru' : null;
  const subdomains: BlockingAction | null = !group.wildcard ? null : group.wildcardDangerous ? 'block' : group.parentBlocked ? 'passthru' : null;
  return apex === null && subdomains === null ? null : { kind: 'host', host, apex, subdomains };
}

type HostGroup = { firstId: string; exact: boolean; exactDangerous: boolean; wildcard: boolean; wildcardDangerous: boolean; parentBlocked: boolean };

// One pass over the domain listings covering `host`: its exact and wildcard listings, and
// whether a dangerous wildcard on a parent covers it.
function hostGroup(matches: readonly Match<IndexedIndicator>[], host: string): HostGroup {
  const group: HostGroup = { firstId: '', exact: false, exactDangerous: false, wildcard: false, wildcardDangerous: false, parentBlocked: false };
  for (const { indicator } of matches) {
    const dangerous = indicator.verdict === 'dangerous';
    const value = indicator.value;
    const onHost = value === host || (value.length === host.length + 2 && value.startsWith('*.') && value.endsWith(host));
    if (!onHost) {
      if (dangerous) group.parentBlocked = true;
      continue;
    }
    if (group.firstId === '' || indicator.id < group.firstId) group.firstId = indicator.id;
    if (value === host) {
      group.exact = true;
      if (dangerous) group.exactDangerous = true;
    } else {
      group.wildcard = true;
      if (dangerous) group.wildcardDangerous = true;
    }
  }
  return group;
}

function wholeSiteDecision(live: LiveIndex, sketch: ListingSketch, indicator: IndexedIndicator, now: number): HostDecision | null {
  if (indicator.verdict !== 'dangerous') return null;
  const host = wholeSiteHost(indicator.value);
  if (host === null || host.length > MAX_HOST_LENGTH) return null;
  if (sketch.alone(host, 0)) return { kind: 'host', host, apex: 'block', subdomains: null };
  // Domain listings of the name decide about it (and are written from there).
  if (live.lookup(domainTarget(host), now).some((m) => m.indicator.value === host || m.indicator.value === `*.${host}`)) return null;
  // The first of the dangerous whole-site listings of this host (http and https are two).
  const site: Target = { type: 'url', value: indicator.value, display: indicator.value, flags: [], details: { host } };
  for (const { indicator: other } of live.lookup(site, now)) {
    if (other.type === 'url' && other.verdict === 'dangerous' && other.id < indicator.id && wholeSiteHost(other.value) === host) return null;
  }
  return { kind: 'host', host, apex: 'block', subdomains: null };
}

function ipDecision(live: LiveIndex, sketch: ListingSketch, indicator: IndexedIndicator, now: number): IpDecision | null {
  const range = blockableRange(indicator.value);
  if (range === null) return null;
  const decision = (action: BlockingAction): IpDecision => ({ kind: 'ip', value: indicator.value, version: range.version, prefixLength: range.length, action });
  // A dangerous range listed once is blocked whatever covers it (a passthru needs a non-dangerous listing).
  if (indicator.verdict === 'dangerous' && sketch.alone(indicator.value, 0)) return decision('block');
  let firstId = indicator.id;
  let blocked = false;
  let coveredByBlocked = false;
  const target: Target = { type: 'ip', value: indicator.value, display: indicator.value, flags: [], details: {} };
  for (const { indicator: other } of live.lookup(target, now)) {
    if (other.value !== indicator.value) {
      if (other.verdict === 'dangerous') coveredByBlocked = true;
      continue;
    }
    if (other.id < firstId) firstId = other.id;
    if (other.verdict === 'dangerous') blocked = true;
  }
  if (firstId !== indicator.id) return null;
  return blocked ? decision('block') : coveredByBlocked ? decision('passthru') : null;
}
