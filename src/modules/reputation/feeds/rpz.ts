// The RPZ zone (Response Policy Zone, https://datatracker.ietf.org/doc/draft-vixie-dnsop-dns-rpz/):
// the national blocking list as telecoms' DNS resolvers load it (BIND `response-policy`,
// Unbound `rpz:`, PowerDNS Recursor, Knot Resolver).
//
// - Owner names are relative (no trailing dot) and the SOA and NS use `@`, so the zone loads
//   under whatever origin the resolver's configuration gives it; we call it rpz.antoan.local.
// - Blocked names answer NXDOMAIN (`CNAME .`), or the configured warning page
//   (`CNAME <ANTOAN_RPZ_WARNING_HOST>.`: the resolver answers with that host's addresses, so
//   people land on a page that says why). Names and ranges to let through: `CNAME rpz-passthru.`
// - IP ranges are `rpz-ip` triggers: the prefix length, then the address reversed — IPv4
//   octets (`32.4.3.2.1.rpz-ip` is 1.2.3.4/32), IPv6 16-bit words in hex with `zz` standing
//   for the `::` of the RFC 5952 text (`48.zz.2.2001.rpz-ip` is 2001:2::/48).
// - The SOA serial is the change serial (see soaSerial): a resolver refetches when it grows.
import type { LiveIndex } from '../live-index.ts';
import { blockingDecisions, type BlockingAction } from './blocking.ts';

/** The origin the zone is documented and checked under; any other works the same. */
export const RPZ_ORIGIN = 'rpz.antoan.local';

/** Seconds a resolver may cache a rewritten answer; short, so a delisting takes effect soon. */
export const RPZ_TTL = 60;

// A relative owner name plus an origin must fit the 255-octet limit of a DNS name: leave room
// for origins up to 52 characters. Longer names stay in the hosts and domain lists.
const MAX_RPZ_NAME = 200;
const SERIAL_SPACE = 2 ** 32 - 1;

/**
 * The SOA serial of change serial `serial`. SOA serials are 32-bit with RFC 1982 arithmetic,
 * and 0 is avoided (some tools read it as "unset"): the serial itself while it fits, then it
 * wraps from 4,294,967,295 to 1 — a step of 2 in RFC 1982 arithmetic, so still "newer" — and
 * the empty zone before any change is 4,294,967,295, just "older" than 1. Consumers should
 * report the full serial of the `x-antoan-serial` header, which never wraps.
 */
export function soaSerial(serial: number): number {
  return ((((serial - 1) % SERIAL_SPACE) + SERIAL_SPACE) % SERIAL_SPACE) + 1;
}

/** The `rpz-ip` owner name of a normalised IP range (`1.2.3.0/24` → `24.0.3.2.1.rpz-ip`). */
export function rpzIpName(value: string, version: 4 | 6, prefixLength: number): string {
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  if (version === 4) return `${prefixLength}.${address.split('.').reverse().join('.')}.rpz-ip`;
  // RFC 5952 text (the targets library's normal form) has at most one `::`, on the longest run of zeros.
  const gap = address.indexOf('::');
  const words = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const labels = gap < 0 ? words(address) : [...words(address.slice(0, gap)), 'zz', ...words(address.slice(gap + 2))];
  return `${prefixLength}.${labels.reverse().join('.')}.rpz-ip`;
}

/** The zone's first lines: TTL, SOA (refresh 5 min, retry 1 min, expire 1 week, negative TTL 1 min), NS. */
export function rpzHeader(serial: number, generatedAt: Date): string {
  return (
    `; antoan: danh sach chan quoc gia / national blocking list (ASCII only, for every DNS tool)\n` +
    `; change serial ${serial}, generated ${generatedAt.toISOString()}\n` +
    `; zone: ${RPZ_ORIGIN} (names are relative: any origin works)\n` +
    `$TTL ${RPZ_TTL}\n` +
    `@ IN SOA localhost. hostmaster.localhost. ${soaSerial(serial)} 300 60 604800 ${RPZ_TTL}\n` +
    `@ IN NS localhost.\n`
  );
}

/**
 * The zone's records, one string per line, for the listings in force at `now`. Blocked names
 * and ranges point at `warningHost` when one is configured, else at `.` (NXDOMAIN).
 */
export function* rpzRecords(live: LiveIndex, now: number, warningHost: string | null): Generator<string> {
  const block = warningHost === null ? ' CNAME .\n' : ` CNAME ${warningHost}.\n`;
  const passthru = ' CNAME rpz-passthru.\n';
  const rdata = (action: BlockingAction): string => (action === 'block' ? block : passthru);
  let entries = 0;
  for (const decision of blockingDecisions(live, now)) {
    if (decision.kind === 'ip') {
      yield rpzIpName(decision.value, decision.version, decision.prefixLength) + rdata(decision.action);
      entries++;
      continue;
    }
    if (decision.host.length + 2 > MAX_RPZ_NAME) continue;
    if (decision.apex !== null) {
      yield decision.host + rdata(decision.apex);
      entries++;
    }
    if (decision.subdomains !== null) {
      yield `*.${decision.host}${rdata(decision.subdomains)}`;
      entries++;
    }
  }
  yield `; end of zone: ${entries} policy records\n`;
}
