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
// Speed: the decisions are read from the lookup index's own grouping — every listed host with
// its exact and wildcard listings side by side, within its site (registrable domain) — so each
// host is decided once, where it is stored, with no probe of the million-key maps. Only a
// listing that is not dangerous asks whether a dangerous wildcard above it calls for a passthru.
import type { Target } from '../../targets/index.ts';
import { isInForce, type IndexedIndicator, type LiveIndex } from '../live-index.ts';
import type { Bucket, HostEntry, Indicator, Site, UrlEntry } from '../lookup/index.ts';
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
const MAX_HOST_LENGTH = 253;

/** True for `[a-z0-9_-]+(\.[a-z0-9_-]+)*` (a loop: it runs for every listed host of every download). */
function safeHost(host: string): boolean {
  let labelStart = 0;
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (c === 46) {
      if (i === labelStart) return false;
      labelStart = i + 1;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95)) {
      return false;
    }
  }
  return host.length > labelStart;
}

/** The host of a whole-site URL (`https://example.com/`), or null for any other URL. */
export function wholeSiteHost(url: string): string | null {
  const start = url.startsWith('https://') ? 8 : url.startsWith('http://') ? 7 : -1;
  if (start < 0 || url.indexOf('/', start) !== url.length - 1) return null;
  const host = url.slice(start, -1);
  // A port, an IPv6 literal, an escaped byte or a dotted-quad IPv4: not a DNS name to block.
  if (!safeHost(host) || /^\d+\.\d+\.\d+\.\d+$/.test(host)) return null;
  return host;
}

// The live index holds IndexedIndicators only; the lookup index's buckets are typed by its base type.
const inForce = (indicator: Indicator, now: number): boolean => isInForce(indicator as IndexedIndicator, now);

const NONE = 0;
const LISTED = 1;
const DANGEROUS = 2;

/** NONE when no listing of the bucket is in force, DANGEROUS when one of them is dangerous, else LISTED. */
function state(bucket: Bucket, now: number): number {
  if (bucket === undefined) return NONE;
  if (!Array.isArray(bucket)) {
    const indicator = bucket as Indicator;
    return !inForce(indicator, now) ? NONE : indicator.verdict === 'dangerous' ? DANGEROUS : LISTED;
  }
  let result = NONE;
  for (const indicator of bucket as readonly Indicator[]) {
    if (!inForce(indicator, now)) continue;
    if (indicator.verdict === 'dangerous') return DANGEROUS;
    result = LISTED;
  }
  return result;
}

/**
 * Every blocking decision for the listings in force at `now`, one per host or range: host names
 * site by site, then IP ranges. Lazy, so a feed is written as it is read and memory stays flat.
 */
export function* blockingDecisions(live: LiveIndex, now: number): Generator<BlockingDecision> {
  const decider = new SiteDecider(live, now);
  for (const [sites, bare] of [[live.index.registrableSites(), false], [live.index.bareSites(), true]] as const) {
    for (const site of sites) {
      decider.decide(site, bare);
      yield* decider.out;
      decider.out.length = 0;
    }
  }
  for (const range of live.index.ranges()) {
    const decision = rangeDecision(live, range, now);
    if (decision !== null) yield decision;
  }
}

// Decides one site at a time: its listed hosts, then its whole-site URLs that no domain listing
// decides. The visitors are made once per feed, not per site or host: the code runs through tsx,
// whose name-keeping wrapper makes every closure created in a hot loop cost a property definition.
class SiteDecider {
  readonly out: HostDecision[] = [];
  private site: Site | undefined;
  private bare = false;

  constructor(
    private readonly live: LiveIndex,
    private readonly now: number,
  ) {}

  decide(site: Site, bare: boolean): void {
    this.site = site;
    this.bare = bare;
    site.forEachHost(this.visitHost);
    if (site.urls !== undefined) site.forEachUrl(this.visitUrl);
  }

  private readonly visitHost = (entry: HostEntry): void => {
    const now = this.now;
    const exact = state(entry.exact, now);
    const wildcard = state(entry.wildcard, now);
    if (exact === NONE && wildcard === NONE) return;
    const host = entry.key;
    if (host.length > MAX_HOST_LENGTH || !safeHost(host)) return;
    // An exact listing outranks a wildcard on the same host for the host itself.
    const apexState = exact !== NONE ? exact : wildcard;
    // Whether a dangerous wildcard above calls for a passthru: asked only of a listing that is not dangerous.
    const mayPass = apexState !== DANGEROUS || wildcard === LISTED;
    const blockedAbove = mayPass && (this.bare ? blockedAboveBare(this.live, host, now) : blockedAboveInSite(this.site as Site, host, now));
    const apex = apexState === DANGEROUS ? 'block' : blockedAbove ? 'passthru' : null;
    const subdomains = wildcard === NONE ? null : wildcard === DANGEROUS ? 'block' : blockedAbove ? 'passthru' : null;
    if (apex !== null || subdomains !== null) this.out.push({ kind: 'host', host, apex, subdomains });
  };

  private readonly visitUrl = (entry: UrlEntry): void => {
    // One expression per host and path: `http://h/` and `https://h/` share it, and are written once.
    const host = entry.host;
    if (entry.path !== '/' || host.length > MAX_HOST_LENGTH || !this.wholeSiteBlocked(entry.bucket, host)) return;
    // Domain listings of the name decide about it (and were written with the hosts).
    const domains = (this.site as Site).entryOf(host);
    if (domains !== undefined && (state(domains.exact, this.now) !== NONE || state(domains.wildcard, this.now) !== NONE)) return;
    this.out.push({ kind: 'host', host, apex: 'block', subdomains: null });
  };

  // Whether a dangerous listing in force of the expression is a whole-site URL of `host` (not one with a port).
  private wholeSiteBlocked(bucket: Bucket, host: string): boolean {
    const listed = Array.isArray(bucket) ? (bucket as readonly Indicator[]) : bucket === undefined ? [] : [bucket as Indicator];
    for (const indicator of listed) {
      if (indicator.verdict === 'dangerous' && inForce(indicator, this.now) && wholeSiteHost(indicator.value) === host) return true;
    }
    return false;
  }
}

// A dangerous wildcard on a parent of `host` within its site (a site holds no host above its own).
function blockedAboveInSite(site: Site, host: string, now: number): boolean {
  for (let dot = host.indexOf('.'); dot >= 0 && host.length - dot - 1 >= site.key.length; dot = host.indexOf('.', dot + 1)) {
    const parent = site.entryOf(host.slice(dot + 1));
    if (parent !== undefined && state(parent.wildcard, now) === DANGEROUS) return true;
  }
  return false;
}

// Hosts without a registrable domain have their parents in other sites: ask the index, as the check does.
function blockedAboveBare(live: LiveIndex, host: string, now: number): boolean {
  const target: Target = { type: 'domain', value: host, display: host, flags: [], details: {} };
  return live.lookup(target, now).some(({ indicator }) => indicator.verdict === 'dangerous' && indicator.value !== host && indicator.value !== `*.${host}`);
}

// One range: blocked when a listing of it in force is dangerous; a passthru when none is but a
// dangerous wider range covers it (a lookup, for the few ranges that are not dangerous).
function rangeDecision(live: LiveIndex, listed: readonly Indicator[], now: number): IpDecision | null {
  let value: string | null = null;
  let dangerous = false;
  for (const indicator of listed) {
    if (!inForce(indicator, now)) continue;
    value = indicator.value;
    if (indicator.verdict === 'dangerous') dangerous = true;
  }
  if (value === null) return null;
  const range = blockableRange(value);
  if (range === null) return null;
  let action: BlockingAction | null = dangerous ? 'block' : null;
  if (action === null) {
    const listedValue = value;
    const target: Target = { type: 'ip', value, display: value, flags: [], details: {} };
    const covered = live.lookup(target, now).some(({ indicator }) => indicator.verdict === 'dangerous' && indicator.value !== listedValue);
    if (covered) action = 'passthru';
  }
  return action === null ? null : { kind: 'ip', value, version: range.version, prefixLength: range.length, action };
}
