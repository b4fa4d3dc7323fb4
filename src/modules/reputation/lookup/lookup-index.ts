// The in-memory lookup index: every active indicator, keyed so that a check is one or two
// hash-map probes. Pure: no database, no clock. The process keeps one and feeds it from the change log.
import type { Target, TargetType } from '../../targets/index.ts';
import { registrableDomainOf, urlLookupExpressions } from '../../targets/index.ts';
import type { Cidr } from './cidr.ts';
import { CidrTable, parseCidr } from './cidr.ts';
import type { Bucket, MatchSink } from './sites.ts';
import { countLabels, forEachParentHost, HOST_WEIGHT, Site, splitCanonicalUrl, urlQueryOf, withAdded, without } from './sites.ts';

export type Verdict = 'dangerous' | 'suspicious' | 'trusted';

/** What the index holds of an indicator; `value` is the normal form from `parseTarget`. */
export type Indicator = {
  id: string;
  type: TargetType;
  value: string;
  verdict: Verdict;
  categories: readonly string[];
};

/**
 * An indicator that covers the target, with how specifically it does so.
 *
 * specificity = hostScore × 65 536 + pathScore, where
 * - hostScore, for a host name: 2 × (labels of the listed host) + 1 when the listing names the
 *   target's host exactly (an exact domain, or a URL expression on the full host); without the
 *   + 1 when it covers it from above (a `*.` domain, or a URL expression on a parent host).
 *   So `login.example.com` (7) > `*.login.example.com` (6) > `example.com` (5) > `*.example.com` (4).
 * - hostScore, for an IP: the prefix length of the covering range (an address is /32 or /128);
 *   a URL expression on an IP host scores 129, above any range.
 * - pathScore: 0 for domain and IP listings (they cover every path); for a URL listing the length
 *   of its path (`/` is 1, `/a/` is 3, `/a/b?x` longer still), so a longer path prefix wins.
 * - exact-only types (phone, bank account, social account, email, file hash, text): 1.
 */
export type Match<I extends Indicator = Indicator> = { indicator: I; specificity: number };

// dangerous > suspicious > trusted. Comparisons, not a keyed table: verdicts read from the
// database are not interned strings, and a keyed load would intern them on every call.
const severity = (verdict: Verdict): number => (verdict === 'dangerous' ? 2 : verdict === 'suspicious' ? 1 : 0);

// Whether a match of this specificity and verdict outranks the current best (see `verdictOf`).
function outranks(specificity: number, verdict: Verdict, bestSpecificity: number, bestVerdict: Verdict): boolean {
  return specificity > bestSpecificity || (specificity === bestSpecificity && severity(verdict) > severity(bestVerdict));
}

/**
 * The verdict of a set of matches; null when nothing matched.
 *
 * Precedence: the most specific match decides (see `Match`): an exact host over a wildcard or
 * a parent, a longer URL path prefix over a shorter one, a URL listing over a domain listing on
 * the same host, a longer IP prefix over a shorter one. At equal specificity the more severe
 * verdict wins: dangerous > suspicious > trusted, so a trusted listing never hides a dangerous
 * one that is just as specific.
 */
export function verdictOf(matches: readonly Match[]): Verdict | null {
  let best: Match | undefined;
  for (const match of matches) {
    if (best === undefined || outranks(match.specificity, match.indicator.verdict, best.specificity, best.indicator.verdict)) best = match;
  }
  return best?.indicator.verdict ?? null;
}

const EXACT_TYPES = ['phone', 'bank_account', 'social_account', 'email', 'file_hash', 'text'] as const;

/** The Safe Browsing expression (`host/path?query`) a URL indicator is stored under. */
export function urlExpressionOf(canonicalUrl: string): string {
  // The first expression is the full host with the full path and query.
  const [expression] = urlLookupExpressions(canonicalUrl);
  if (expression === undefined) throw new Error('URL has no lookup expression');
  return expression;
}

// Collects every match, for `lookup`.
class AllMatches implements MatchSink {
  out: Match[] = [];

  add(bucket: Bucket, specificity: number): void {
    if (bucket === undefined) return;
    if (!Array.isArray(bucket)) this.out.push({ indicator: bucket as Indicator, specificity });
    else for (const indicator of bucket as readonly Indicator[]) this.out.push({ indicator, specificity });
  }
}

// Keeps only the deciding match, for `best`: no array, no Match objects.
class BestMatch implements MatchSink {
  indicator: Indicator | undefined = undefined;
  specificity = -1;

  add(bucket: Bucket, specificity: number): void {
    if (bucket === undefined) return;
    if (!Array.isArray(bucket)) this.offer(bucket as Indicator, specificity);
    else for (const indicator of bucket as readonly Indicator[]) this.offer(indicator, specificity);
  }

  private offer(indicator: Indicator, specificity: number): void {
    if (this.indicator === undefined || outranks(specificity, indicator.verdict, this.specificity, this.indicator.verdict)) {
      this.indicator = indicator;
      this.specificity = specificity;
    }
  }
}

// Where an indicator is kept; computed before anything changes, so a bad value changes nothing.
type Slot =
  | { kind: 'host'; sites: Map<string, Site>; key: string; host: string; wildcard: boolean }
  | { kind: 'url'; sites: Map<string, Site>; key: string; host: string; path: string }
  | { kind: 'ip'; cidr: Cidr }
  | { kind: 'exact'; table: Map<string, Bucket>; value: string };

const unbracket = (host: string): string => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);

/**
 * Indicators by type, answering `lookup(target)` in one or two map probes. `upsert` and `remove`
 * are incremental (O(1) amortised, plus a small sort when a new IP prefix length first appears).
 *
 * Domain and URL listings are grouped by the registrable domain of their host (`sites`), so a
 * domain or URL check is one probe on its registrable domain, then a comparison with the few
 * listings of that site. Hosts without a registrable domain (IPs, public suffixes, unknown TLDs)
 * are sites of their own (`bare`), keyed by the host.
 */
export class LookupIndex<I extends Indicator = Indicator> {
  private readonly byId = new Map<string, I>();
  private readonly sites = new Map<string, Site>();
  private readonly bare = new Map<string, Site>();
  private readonly cidrs = new CidrTable<Indicator>();
  private readonly exact = new Map<TargetType, Map<string, Bucket>>(EXACT_TYPES.map((type) => [type, new Map()]));
  private readonly scratch = new BestMatch();

  /** Number of indicators held. */
  get size(): number {
    return this.byId.size;
  }

  /** Every indicator held, in no particular order (the feeds stream from here). */
  values(): IterableIterator<I> {
    return this.byId.values();
  }

  /** The sites of domain and URL listings whose host has a registrable domain (the feeds read them whole). */
  registrableSites(): IterableIterator<Site> {
    return this.sites.values();
  }

  /**
   * The sites of hosts without a registrable domain (an unknown TLD, a public suffix): each
   * host is a site of its own, so a wildcard on a parent lies in another site.
   */
  bareSites(): IterableIterator<Site> {
    return this.bare.values();
  }

  /** The indicators of each listed IP range, one array per range. */
  ranges(): Generator<readonly Indicator[]> {
    return this.cidrs.groups();
  }

  /** The indicator with this id, if held. */
  get(id: string): I | undefined {
    return this.byId.get(id);
  }

  /** Add an indicator, or replace the one with the same id. Throws when the value is not in normal form for its type. */
  upsert(indicator: I): void {
    const stored: I = { ...indicator, categories: [...indicator.categories] };
    const slot = this.slotOf(stored);
    this.remove(stored.id);
    this.place(slot, stored);
    this.byId.set(stored.id, stored);
  }

  /** Drop an indicator by id; unknown ids are ignored. */
  remove(id: string): void {
    const current = this.byId.get(id);
    if (current === undefined) return;
    this.unplace(this.slotOf(current), id);
    this.byId.delete(id);
  }

  /** Every indicator covering the target, most specific first (ties: most severe first). */
  lookup(target: Target): Match<I>[] {
    const sink = new AllMatches();
    this.collect(target, sink);
    // Only I's are ever stored, so every match holds one.
    const out = sink.out as Match<I>[];
    if (out.length > 1) {
      out.sort((a, b) => b.specificity - a.specificity || severity(b.indicator.verdict) - severity(a.indicator.verdict));
    }
    return out;
  }

  /**
   * The deciding indicator: the one whose verdict is `verdictOf(lookup(target))`; undefined when
   * nothing covers the target. The fast path for a verdict alone: no Match objects, no sorting,
   * and no allocation at all for a domain or an exact-type value.
   */
  best(target: Target): I | undefined {
    const sink = this.scratch;
    sink.indicator = undefined;
    sink.specificity = -1;
    this.collect(target, sink);
    const found = sink.indicator as I | undefined;
    sink.indicator = undefined;
    return found;
  }

  private collect(target: Target, sink: MatchSink): void {
    switch (target.type) {
      case 'domain': {
        const wildcard = target.value.startsWith('*.');
        const host = wildcard ? target.value.slice(2) : target.value;
        this.matchHost(host, wildcard, registrableOf(target, host), sink);
        break;
      }
      case 'url':
        this.matchUrl(target, sink);
        break;
      case 'ip': {
        const query = parseCidr(target.value);
        if (query !== null) this.matchIp(query, sink);
        break;
      }
      default:
        sink.add(this.exact.get(target.type)?.get(target.value), 1);
    }
  }

  private slotOf(indicator: Indicator): Slot {
    switch (indicator.type) {
      case 'domain': {
        const wildcard = indicator.value.startsWith('*.');
        const host = wildcard ? indicator.value.slice(2) : indicator.value;
        const registrable = registrableDomainOf(host);
        // The host itself is the key when it is its registrable domain: one string, not two.
        if (registrable !== null) return { kind: 'host', sites: this.sites, key: registrable === host ? host : registrable, host, wildcard };
        return { kind: 'host', sites: this.bare, key: host, host, wildcard };
      }
      case 'url': {
        // The canonical URL split, not `urlExpressionOf` (which canonicalises again, ten times
        // the cost at load); the property test holds the two equal.
        const parts = splitCanonicalUrl(indicator.value);
        if (parts === null) throw new Error(`not a canonical http(s) URL: ${indicator.value}`);
        const { host, pathAndQuery: path } = parts;
        const registrable = parseCidr(unbracket(host)) === null ? registrableDomainOf(host) : null;
        if (registrable !== null) return { kind: 'url', sites: this.sites, key: registrable, host, path };
        return { kind: 'url', sites: this.bare, key: host, host, path };
      }
      case 'ip': {
        const cidr = parseCidr(indicator.value);
        if (cidr === null) throw new Error(`not a normalised IP or CIDR: ${indicator.value}`);
        return { kind: 'ip', cidr };
      }
      default: {
        const table = this.exact.get(indicator.type);
        if (table === undefined) throw new Error(`unknown indicator type: ${indicator.type}`);
        return { kind: 'exact', table, value: indicator.value };
      }
    }
  }

  private place(slot: Slot, indicator: I): void {
    switch (slot.kind) {
      case 'host': {
        const entry = siteOf(slot.sites, slot.key).hostEntry(slot.host);
        if (slot.wildcard) entry.wildcard = withAdded(entry.wildcard, indicator);
        else entry.exact = withAdded(entry.exact, indicator);
        break;
      }
      case 'url': {
        const entry = siteOf(slot.sites, slot.key).urlEntry(slot.host, slot.path);
        entry.bucket = withAdded(entry.bucket, indicator);
        break;
      }
      case 'ip':
        this.cidrs.add(slot.cidr, indicator);
        break;
      case 'exact':
        slot.table.set(slot.value, withAdded(slot.table.get(slot.value), indicator));
    }
  }

  private unplace(slot: Slot, id: string): void {
    switch (slot.kind) {
      case 'host': {
        const site = slot.sites.get(slot.key);
        if (site === undefined) return;
        const entry = site.hostEntry(slot.host);
        if (slot.wildcard) entry.wildcard = without(entry.wildcard, id);
        else entry.exact = without(entry.exact, id);
        site.prune(entry);
        if (site.empty) slot.sites.delete(slot.key);
        break;
      }
      case 'url': {
        const site = slot.sites.get(slot.key);
        if (site === undefined) return;
        const entry = site.urlEntry(slot.host, slot.path);
        entry.bucket = without(entry.bucket, id);
        site.pruneUrl(entry);
        if (site.empty) slot.sites.delete(slot.key);
        break;
      }
      case 'ip':
        this.cidrs.remove(slot.cidr, id);
        break;
      case 'exact': {
        const kept = without(slot.table.get(slot.value), id);
        if (kept === undefined) slot.table.delete(slot.value);
        else slot.table.set(slot.value, kept);
      }
    }
  }

  // Exact listings on the host, then wildcards on it and on each parent up to the registrable
  // domain (never a bare public suffix). A `*.` listing covers its own apex too: lists in the
  // chongluadao style write `*.example.com` to mean the whole site, apex included; an exact
  // `example.com` still outranks it by specificity.
  private matchHost(host: string, wildcard: boolean, registrable: string | null, sink: MatchSink): void {
    if (registrable !== null) {
      this.sites.get(registrable)?.matchHost(host, wildcard, sink);
      return;
    }
    // No registrable domain: the host and its parents (down to two labels) are sites of their own.
    if (this.bare.size === 0) return;
    this.bare.get(host)?.matchHost(host, wildcard, sink);
    let labels = countLabels(host);
    for (let dot = host.indexOf('.'); dot >= 0 && labels > 2; dot = host.indexOf('.', dot + 1)) {
      labels--;
      this.bare.get(host.slice(dot + 1))?.matchHost(host, wildcard, sink);
    }
  }

  private matchIp(query: Cidr, sink: MatchSink): void {
    this.cidrs.covering(query, (indicator, length) => sink.add(indicator, length * HOST_WEIGHT));
  }

  // URL listings on the site of the host, then the host against domain or IP listings. A URL
  // listing on a host above the registrable domain (`http://com.vn/x`) covers no other site,
  // as a `*.com.vn` wildcard does not; a host without a registrable domain (`a.intranet`) is
  // looked up on its Safe Browsing parent hosts, which are sites of their own.
  private matchUrl(target: Target, sink: MatchSink): void {
    const href = target.value;
    const host = target.details.host ?? splitCanonicalUrl(href)?.host ?? '';
    const registrable = registrableOf(target, host);
    if (registrable !== null) {
      const site = this.sites.get(registrable);
      if (site === undefined) return;
      if (site.urls !== undefined) site.matchUrl(urlQueryOf(href, host, false), sink);
      site.matchHost(host, false, sink);
      return;
    }
    if (this.bare.size === 0 && this.cidrs.empty) return;
    const cidr = parseCidr(unbracket(host));
    const query = urlQueryOf(href, host, cidr !== null);
    this.bare.get(host)?.matchUrl(query, sink);
    if (cidr !== null) {
      this.matchIp(cidr, sink);
      return;
    }
    if (this.bare.size > 0) forEachParentHost(host, (parent) => this.bare.get(parent)?.matchUrl(query, sink));
    this.matchHost(host, false, null, sink);
  }
}

function siteOf(sites: Map<string, Site>, key: string): Site {
  let site = sites.get(key);
  if (site === undefined) {
    site = new Site(key);
    sites.set(key, site);
  }
  return site;
}

// The registrable domain parseTarget found; computed when a hand-built target left it out.
function registrableOf(target: Target, host: string): string | null {
  const known = target.details.registrableDomain;
  return known !== undefined ? known : registrableDomainOf(host);
}
