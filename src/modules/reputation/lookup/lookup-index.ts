// The in-memory lookup index: every active indicator, keyed so that a check is a few hash-map
// probes. Pure: no database, no clock. The process keeps one and feeds it from the change log.
import type { Target, TargetType } from '../../targets/index.ts';
import { urlLookupExpressions } from '../../targets/index.ts';
import type { Cidr } from './cidr.ts';
import { CidrTable, parseCidr } from './cidr.ts';

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

const HOST_WEIGHT = 65_536;
const URL_ON_IP_HOST_SCORE = 129;
const SEVERITY: Readonly<Record<Verdict, number>> = { trusted: 0, suspicious: 1, dangerous: 2 };

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
    if (
      best === undefined ||
      match.specificity > best.specificity ||
      (match.specificity === best.specificity && SEVERITY[match.indicator.verdict] > SEVERITY[best.indicator.verdict])
    ) {
      best = match;
    }
  }
  return best?.indicator.verdict ?? null;
}

// Indicators under one key. A lone indicator is stored bare: most keys have one, and skipping
// the array saves two dependent memory loads per hit, which is most of a lookup's cost.
type Bucket = Indicator | readonly Indicator[] | undefined;

// Domain listings on one host: exact (`example.com`) and wildcard (`*.example.com`).
type HostEntry = { exact: Bucket; wildcard: Bucket };

const EXACT_TYPES = ['phone', 'bank_account', 'social_account', 'email', 'file_hash', 'text'] as const;

/** The Safe Browsing expression (`host/path?query`) a URL indicator is stored under. */
export function urlExpressionOf(canonicalUrl: string): string {
  // The first expression is the full host with the full path and query.
  const [expression] = urlLookupExpressions(canonicalUrl);
  if (expression === undefined) throw new Error('URL has no lookup expression');
  return expression;
}

function listOf(bucket: Bucket): readonly Indicator[] {
  if (bucket === undefined) return [];
  return Array.isArray(bucket) ? (bucket as readonly Indicator[]) : [bucket as Indicator];
}

function withAdded(bucket: Bucket, indicator: Indicator): Bucket {
  return bucket === undefined ? indicator : [...listOf(bucket), indicator];
}

function without(bucket: Bucket, id: string): Bucket {
  const kept = listOf(bucket).filter((indicator) => indicator.id !== id);
  return kept.length === 0 ? undefined : kept.length === 1 ? kept[0] : kept;
}

function countLabels(host: string): number {
  let labels = 1;
  for (let i = 0; i < host.length; i++) if (host.charCodeAt(i) === 46) labels++;
  return labels;
}

function pushAll<I extends Indicator>(out: Match<I>[], bucket: Bucket, specificity: number): void {
  if (bucket === undefined) return;
  if (!Array.isArray(bucket)) out.push({ indicator: bucket as I, specificity });
  else for (const indicator of bucket as readonly I[]) out.push({ indicator, specificity });
}

/**
 * Indicators by type, answering `lookup(target)` in a few map probes. `upsert` and `remove` are
 * incremental (O(1) amortised, plus a small sort when a new IP prefix length first appears).
 */
export class LookupIndex<I extends Indicator = Indicator> {
  private readonly byId = new Map<string, I>();
  private readonly hosts = new Map<string, HostEntry>();
  private readonly urls = new Map<string, Bucket>();
  private readonly cidrs = new CidrTable<Indicator>();
  private readonly exact = new Map<TargetType, Map<string, Bucket>>(EXACT_TYPES.map((type) => [type, new Map()]));

  /** Number of indicators held. */
  get size(): number {
    return this.byId.size;
  }

  /** Every indicator held, in no particular order (the feeds stream from here). */
  values(): IterableIterator<I> {
    return this.byId.values();
  }

  /** The indicator with this id, if held. */
  get(id: string): I | undefined {
    return this.byId.get(id);
  }

  /** Add an indicator, or replace the one with the same id. Throws when the value is not in normal form for its type. */
  upsert(indicator: I): void {
    const stored: I = { ...indicator, categories: [...indicator.categories] };
    const placement = this.placementOf(stored);
    this.remove(stored.id);
    placement.add(stored);
    this.byId.set(stored.id, stored);
  }

  /** Drop an indicator by id; unknown ids are ignored. */
  remove(id: string): void {
    const current = this.byId.get(id);
    if (current === undefined) return;
    this.placementOf(current).remove(id);
    this.byId.delete(id);
  }

  /** Every indicator covering the target, most specific first (ties: most severe first). */
  lookup(target: Target): Match<I>[] {
    // Only I's are ever stored, so every match holds one.
    const out = [] as Match[] as Match<I>[];
    switch (target.type) {
      case 'domain':
        this.matchHost(target.value, target.details.registrableDomain ?? null, out);
        break;
      case 'url':
        this.matchUrl(target, out);
        break;
      case 'ip': {
        const query = parseCidr(target.value);
        if (query !== null) this.matchIp(query, out);
        break;
      }
      default:
        pushAll(out, this.exact.get(target.type)?.get(target.value), 1);
    }
    if (out.length > 1) {
      out.sort(
        (a, b) => b.specificity - a.specificity || SEVERITY[b.indicator.verdict] - SEVERITY[a.indicator.verdict],
      );
    }
    return out;
  }

  // Where an indicator lives, as a pair of add/remove steps, so upsert and remove agree.
  private placementOf(indicator: Indicator): { add: (i: I) => void; remove: (id: string) => void } {
    switch (indicator.type) {
      case 'domain': {
        const wildcard = indicator.value.startsWith('*.');
        const host = wildcard ? indicator.value.slice(2) : indicator.value;
        const side = wildcard ? 'wildcard' : 'exact';
        return {
          add: (i) => {
            const entry = this.hosts.get(host) ?? { exact: undefined, wildcard: undefined };
            entry[side] = withAdded(entry[side], i);
            this.hosts.set(host, entry);
          },
          remove: (id) => {
            const entry = this.hosts.get(host);
            if (entry === undefined) return;
            entry[side] = without(entry[side], id);
            if (entry.exact === undefined && entry.wildcard === undefined) this.hosts.delete(host);
          },
        };
      }
      case 'url': {
        const expression = urlExpressionOf(indicator.value);
        return {
          add: (i) => this.urls.set(expression, withAdded(this.urls.get(expression), i)),
          remove: (id) => {
            const kept = without(this.urls.get(expression), id);
            if (kept === undefined) this.urls.delete(expression);
            else this.urls.set(expression, kept);
          },
        };
      }
      case 'ip': {
        const cidr: Cidr | null = parseCidr(indicator.value);
        if (cidr === null) throw new Error(`not a normalised IP or CIDR: ${indicator.value}`);
        return { add: (i) => this.cidrs.add(cidr, i), remove: (id) => this.cidrs.remove(cidr, id) };
      }
      default: {
        const table = this.exact.get(indicator.type);
        if (table === undefined) throw new Error(`unknown indicator type: ${indicator.type}`);
        return {
          add: (i) => table.set(indicator.value, withAdded(table.get(indicator.value), i)),
          remove: (id) => {
            const kept = without(table.get(indicator.value), id);
            if (kept === undefined) table.delete(indicator.value);
            else table.set(indicator.value, kept);
          },
        };
      }
    }
  }

  // Exact listings on the host, then wildcards on it and on each parent up to the registrable
  // domain (never a bare public suffix). A `*.` listing covers its own apex too: lists in the
  // chongluadao style write `*.example.com` to mean the whole site, apex included; an exact
  // `example.com` still outranks it by specificity.
  private matchHost(value: string, registrable: string | null, out: Match<I>[]): void {
    const wildcardQuery = value.startsWith('*.');
    const host = wildcardQuery ? value.slice(2) : value;
    let labels = countLabels(host);
    const entry = this.hosts.get(host);
    if (entry !== undefined) {
      if (!wildcardQuery) pushAll(out, entry.exact, (labels * 2 + 1) * HOST_WEIGHT);
      pushAll(out, entry.wildcard, labels * 2 * HOST_WEIGHT);
    }
    // Lengths, not characters: the registrable domain is a suffix of the host, and comparing
    // lengths spares a memory load on the hot path.
    if (registrable !== null && host.length === registrable.length) return;
    for (let dot = host.indexOf('.'); dot >= 0 && labels > 2; dot = host.indexOf('.', dot + 1)) {
      labels--;
      const parent = host.slice(dot + 1);
      pushAll(out, this.hosts.get(parent)?.wildcard, labels * 2 * HOST_WEIGHT);
      if (registrable !== null && parent.length === registrable.length) return;
    }
  }

  private matchIp(query: Cidr, out: Match<I>[]): void {
    this.cidrs.covering(query, (indicator, length) => out.push({ indicator: indicator as I, specificity: length * HOST_WEIGHT }));
  }

  // Every Safe Browsing expression against URL listings, then the host against domain or IP listings.
  private matchUrl(target: Target, out: Match<I>[]): void {
    const expressions = urlLookupExpressions(target.value);
    const first = expressions[0] ?? '';
    const fullHost = first.slice(0, first.indexOf('/'));
    const ipHost = parseCidr(fullHost.replace(/^\[(.*)\]$/, '$1'));
    for (const expression of expressions) {
      const listed = this.urls.get(expression);
      if (listed === undefined) continue;
      const slash = expression.indexOf('/');
      const host = expression.slice(0, slash);
      const hostScore = ipHost !== null ? URL_ON_IP_HOST_SCORE : countLabels(host) * 2 + (host === fullHost ? 1 : 0);
      const pathScore = Math.min(expression.length - slash, HOST_WEIGHT - 1);
      pushAll(out, listed, hostScore * HOST_WEIGHT + pathScore);
    }
    if (ipHost !== null) this.matchIp(ipHost, out);
    else this.matchHost(fullHost, target.details.registrableDomain ?? null, out);
  }
}
