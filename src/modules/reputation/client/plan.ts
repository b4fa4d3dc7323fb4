// What a client hashes for a value, and how much a published hit weighs. Mirrors the server's
// LookupIndex (lookup/lookup-index.ts) so that a client reaches the verdict `GET /api/v1/check`
// gives: the same expressions are tried, and a hit scores the same specificity.
import { canonicalizeUrl, formatIPv4, formatIPv6, lookupExpressionsOf, registrableDomainOf } from '../../targets/portable.ts';
import { networkV4, networkV6, parseCidr } from '../lookup/cidr.ts';
import { addressExpression, exactExpression, hostExpression, rangeExpression, type HashScope, type HashVerdict } from './expressions.ts';
import type { LookupTarget } from './normalize.ts';

/**
 * How one of the client's expressions may match a published hash.
 * - url: a Safe Browsing expression of the URL being checked.
 * - host: the checked host (`exactHost`) or one of its parents down to the registrable domain.
 * - ip: the checked address or range under a prefix `length` (`full` for the address itself).
 * - exact: the value of an exact-match type.
 */
export type Probe =
  | { kind: 'url'; hostScore: number; pathScore: number }
  | { kind: 'host'; labels: number; exactHost: boolean }
  | { kind: 'ip'; length: number; full: boolean }
  | { kind: 'exact' };

/** Expressions to hash for a value, each with the ways it may match. */
export type Plan = Map<string, Probe[]>;

// The weights of lookup-index.ts: specificity = hostScore × 65 536 + pathScore.
const HOST_WEIGHT = 65_536;
const URL_ON_IP_HOST_SCORE = 129;
const SEVERITY: Readonly<Record<HashVerdict, number>> = { trusted: 0, suspicious: 1, dangerous: 2 };

function add(plan: Plan, expression: string, probe: Probe): void {
  const probes = plan.get(expression);
  if (probes === undefined) plan.set(expression, [probe]);
  else probes.push(probe);
}

const countLabels = (host: string): number => host.split('.').length;

// The host itself (exact and wildcard listings), then each parent (wildcard listings) down to the
// registrable domain — never a bare public suffix — as the server's matchHost walks them.
function planHost(plan: Plan, value: string, registrable: string | null): void {
  const wildcardQuery = value.startsWith('*.');
  const host = wildcardQuery ? value.slice(2) : value;
  let labels = countLabels(host);
  add(plan, hostExpression(host), { kind: 'host', labels, exactHost: !wildcardQuery });
  if (registrable !== null && host.length === registrable.length) return;
  for (let dot = host.indexOf('.'); dot >= 0 && labels > 2; dot = host.indexOf('.', dot + 1)) {
    labels--;
    const parent = host.slice(dot + 1);
    add(plan, hostExpression(parent), { kind: 'host', labels, exactHost: false });
    if (registrable !== null && parent.length === registrable.length) return;
  }
}

// The address or range itself and every range that covers it: /32 … /0 for IPv4, /128 … /0 for IPv6.
function planIp(plan: Plan, value: string): void {
  const cidr = parseCidr(value);
  if (cidr === null) return;
  const full = cidr.version === 4 ? 32 : 128;
  for (let length = cidr.length; length >= 0; length--) {
    const network = cidr.version === 4 ? formatIPv4(networkV4(cidr.address, length)) : formatIPv6(networkV6(cidr.address, length));
    const expression = length === full ? addressExpression(network) : rangeExpression(network, length);
    add(plan, expression, { kind: 'ip', length, full: length === full });
  }
}

// The URL's Safe Browsing expressions, then its host against domain or IP listings. As the
// server groups listings by site (lookup/sites.ts), a URL listing on a host above the query's
// registrable domain (`http://com.vn/x`) covers no other site, as a `*.com.vn` wildcard would not.
function planUrl(plan: Plan, value: string): void {
  const url = canonicalizeUrl(value);
  const registrable = url.hostKind === 'name' ? registrableDomainOf(url.host) : null;
  for (const expression of lookupExpressionsOf(url)) {
    const slash = expression.indexOf('/');
    const host = expression.slice(0, slash);
    if (registrable !== null && host.length < registrable.length) continue;
    const hostScore = url.hostKind === 'name' ? countLabels(host) * 2 + (host === url.host ? 1 : 0) : URL_ON_IP_HOST_SCORE;
    add(plan, expression, { kind: 'url', hostScore, pathScore: Math.min(expression.length - slash, HOST_WEIGHT - 1) });
  }
  if (url.hostKind === 'name') planHost(plan, url.host, registrable);
  else planIp(plan, url.host.replace(/^\[(.*)\]$/, '$1'));
}

/** Every expression to hash for a value in normal form. */
export function planOf(target: LookupTarget): Plan {
  const plan: Plan = new Map();
  switch (target.type) {
    case 'url':
      planUrl(plan, target.value);
      break;
    case 'domain':
      planHost(plan, target.value, registrableDomainOf(target.value.replace(/^\*\./, '')));
      break;
    case 'ip':
      planIp(plan, target.value);
      break;
    default:
      add(plan, exactExpression(target.type, target.value), { kind: 'exact' });
  }
  return plan;
}

/**
 * The specificity of a published hit reached through a probe, or null when that scope does not
 * count there: a `host` listing only on the checked host itself, a `url` listing only for URLs,
 * a `range` only for ranges, an exact IP only for the address itself.
 */
export function specificityOf(probe: Probe, scope: HashScope): number | null {
  switch (probe.kind) {
    case 'url':
      return scope === 'url' ? probe.hostScore * HOST_WEIGHT + probe.pathScore : null;
    case 'host':
      if (scope === 'subdomains') return probe.labels * 2 * HOST_WEIGHT;
      return scope === 'host' && probe.exactHost ? (probe.labels * 2 + 1) * HOST_WEIGHT : null;
    case 'ip':
      return (probe.full ? scope === 'exact' : scope === 'range') ? probe.length * HOST_WEIGHT : null;
    case 'exact':
      return scope === 'exact' ? 1 : null;
  }
}

/** The verdict of scored hits, as the server's verdictOf: most specific first, then dangerous > suspicious > trusted. */
export function compareHits(a: { specificity: number; verdict: HashVerdict }, b: { specificity: number; verdict: HashVerdict }): number {
  return b.specificity - a.specificity || SEVERITY[b.verdict] - SEVERITY[a.verdict];
}
