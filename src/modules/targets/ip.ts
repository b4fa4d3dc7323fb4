// IP addresses and CIDR ranges: canonical dotted IPv4, RFC 5952 IPv6, ranges by network address.
import type { Target, TargetFlag } from './types.ts';
import { invalid } from './types.ts';

const V4_STRICT = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;
const V4_LOOSE_PART = /^(?:0[xX][0-9a-fA-F]*|0[0-7]*|[1-9]\d*)$/;
const MAPPED_PREFIX = 0xffffn;
const ALL_ONES_128 = (1n << 128n) - 1n;

// Ranges that are not publicly routable; a range is flagged when it lies wholly inside one.
const PRIVATE_V4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
];
const PRIVATE_V6: ReadonlyArray<readonly [string, number]> = [
  ['::', 128], ['::1', 128], ['64:ff9b:1::', 48], ['100::', 64], ['2001:db8::', 32],
  ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
];

/** Parse a strict dotted-quad IPv4 address (no leading zeros) to a 32-bit number. */
export function parseIPv4(text: string): number | null {
  const match = V4_STRICT.exec(text);
  if (match === null) return null;
  const parts = match.slice(1).map(Number);
  if (parts.some((part) => part > 255)) return null;
  return parts.reduce((acc, part) => acc * 256 + part, 0);
}

/** Parse an IPv4 host the way browsers do (decimal, hex, octal, 1–4 parts: `3279880203`, `0x7f.1`). */
export function parseIPv4Loose(host: string): number | null {
  const parts = host.split('.');
  if (parts.length > 4 || parts.some((part) => !V4_LOOSE_PART.test(part))) return null;
  const numbers = parts.map((part) => {
    if (/^0[xX]/.test(part)) return part.length === 2 ? 0 : parseInt(part.slice(2), 16);
    if (part.length > 1 && part.startsWith('0')) return parseInt(part.slice(1), 8);
    return Number(part);
  });
  const last = numbers.pop() ?? 0;
  if (numbers.some((n) => n > 255) || last >= 256 ** (4 - numbers.length)) return null;
  return numbers.reduce((acc, n, i) => acc + n * 256 ** (3 - i), 0) + last;
}

/** Dotted-quad form of a 32-bit number. */
export function formatIPv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Parse an IPv6 address (with `::` and a trailing dotted IPv4 allowed) to a 128-bit bigint. */
export function parseIPv6(text: string): bigint | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return null;
  const gap = text.indexOf('::');
  if (gap !== text.lastIndexOf('::')) return null;
  let words: number[];
  if (gap < 0) {
    const all = groupsToWords(text.split(':'), true);
    if (all === null || all.length !== 8) return null;
    words = all;
  } else {
    const head = groupsToWords(splitGroups(text.slice(0, gap)), false);
    const tail = groupsToWords(splitGroups(text.slice(gap + 2)), true);
    if (head === null || tail === null || head.length + tail.length > 7) return null;
    words = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  return words.reduce((acc, word) => (acc << 16n) | BigInt(word), 0n);
}

function splitGroups(part: string): string[] {
  return part === '' ? [] : part.split(':');
}

// Hex groups to 16-bit words; a dotted IPv4 may stand for the last two words.
function groupsToWords(groups: string[], allowTrailingV4: boolean): number[] | null {
  const words: number[] = [];
  for (const [i, group] of groups.entries()) {
    if (/^[0-9a-fA-F]{1,4}$/.test(group)) {
      words.push(parseInt(group, 16));
      continue;
    }
    const v4 = allowTrailingV4 && i === groups.length - 1 ? parseIPv4(group) : null;
    if (v4 === null) return null;
    words.push(Math.floor(v4 / 65536), v4 % 65536);
  }
  return words;
}

/** RFC 5952 text of a 128-bit address: lower-case, no leading zeros, longest zero run as `::`. */
export function formatIPv6(value: bigint): string {
  const words = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = words.map((word) => word.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`), or null. */
export function mappedIPv4(value: bigint): number | null {
  return value >> 32n === MAPPED_PREFIX ? Number(value & 0xffffffffn) : null;
}

const maskV6 = (prefix: number): bigint => (ALL_ONES_128 >> BigInt(128 - prefix)) << BigInt(128 - prefix);
const inRangeV4 = (n: number, prefix: number, base: number, basePrefix: number): boolean =>
  prefix >= basePrefix && Math.floor(n / 2 ** (32 - basePrefix)) === Math.floor(base / 2 ** (32 - basePrefix));

/** True when an IPv4 range (default: one address) is wholly inside a non-public block. */
export function isPrivateIPv4(n: number, prefix = 32): boolean {
  return PRIVATE_V4.some(([base, bits]) => inRangeV4(n, prefix, parseIPv4(base) ?? 0, bits));
}

/** True when an IPv6 range (default: one address) is wholly inside a non-public block. */
export function isPrivateIPv6(value: bigint, prefix = 128): boolean {
  const mapped = mappedIPv4(value);
  if (mapped !== null && prefix >= 96) return isPrivateIPv4(mapped, prefix - 96);
  return PRIVATE_V6.some(([base, bits]) => {
    const mask = maskV6(bits);
    return prefix >= bits && (value & mask) === ((parseIPv6(base) ?? 0n) & mask);
  });
}

/** Parse an ip target: `10.1.2.3/8` → `10.0.0.0/8`, `::FFFF:1.2.3.4` → `1.2.3.4`, full-length prefixes dropped. */
export function parseIp(input: string): Target {
  const slash = input.indexOf('/');
  const addressText = (slash < 0 ? input : input.slice(0, slash)).replace(/^\[(.*)\]$/, '$1');
  const prefixText = slash < 0 ? null : input.slice(slash + 1);
  if (prefixText !== null && !/^\d{1,3}$/.test(prefixText)) return invalid('not a valid IP prefix length');
  const v4 = parseIPv4(addressText);
  const v6 = v4 === null ? parseIPv6(addressText) : null;
  if (v4 === null && v6 === null) return invalid('not a valid IP address');
  const mapped = v6 === null ? null : mappedIPv4(v6);
  let prefix = prefixText === null ? null : Number(prefixText);
  if (v6 !== null && mapped !== null && (prefix === null || prefix >= 96)) {
    prefix = prefix === null ? null : prefix - 96;
    return buildV4(mapped, prefix);
  }
  if (v4 !== null) return buildV4(v4, prefix);
  return buildV6(v6 ?? 0n, prefix);
}

function buildV4(address: number, prefix: number | null): Target {
  if (prefix !== null && prefix > 32) return invalid('IPv4 prefix length must be at most 32');
  const length = prefix ?? 32;
  const network = address - (address % 2 ** (32 - length));
  const text = formatIPv4(network);
  const value = length === 32 ? text : `${text}/${length}`;
  const flags: TargetFlag[] = isPrivateIPv4(network, length) ? ['private_ip'] : [];
  return { type: 'ip', value, display: value, flags, details: { ipVersion: 4, prefixLength: length } };
}

function buildV6(address: bigint, prefix: number | null): Target {
  if (prefix !== null && prefix > 128) return invalid('IPv6 prefix length must be at most 128');
  const length = prefix ?? 128;
  const network = address & maskV6(length);
  const text = formatIPv6(network);
  const value = length === 128 ? text : `${text}/${length}`;
  const flags: TargetFlag[] = isPrivateIPv6(network, length) ? ['private_ip'] : [];
  return { type: 'ip', value, display: value, flags, details: { ipVersion: 6, prefixLength: length } };
}
