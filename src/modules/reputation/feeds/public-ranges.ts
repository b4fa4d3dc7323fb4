// Whether an IP range may go into the blocking list: publicly routable and no wider than a
// provider's allocation. The non-public blocks are those the targets library flags
// `private_ip` (test/reputation-feeds-format.test.ts holds the two lists equal); parsed once
// here because the feed asks for every listed range, and parsing a target per range was most
// of the RPZ's cost.
import type { Cidr } from '../lookup/index.ts';
import { parseCidr } from '../lookup/index.ts';

/** Blocks that are not publicly routable (RFC 6890 and friends), as the targets library lists them. */
export const NON_PUBLIC_BLOCKS = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24',
  '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
  '::/128', '::1/128', '64:ff9b:1::/48', '100::/64', '2001:db8::/32', 'fc00::/7', 'fe80::/10', 'ff00::/8',
] as const;

/** The widest IP ranges the blocking list will carry, per IP version. */
export const WIDEST_BLOCKED_PREFIX = { 4: 16, 6: 32 } as const;

const BLOCKS: readonly Cidr[] = NON_PUBLIC_BLOCKS.map((text) => {
  const cidr = parseCidr(text);
  if (cidr === null) throw new Error(`bad block ${text}`);
  return cidr;
});

function inside(range: Cidr, block: Cidr): boolean {
  if (range.version !== block.version || range.length < block.length) return false;
  if (range.version === 4 && block.version === 4) {
    const size = 2 ** (32 - block.length);
    return Math.floor(range.address / size) === Math.floor(block.address / size);
  }
  if (range.version === 6 && block.version === 6) return range.address >> BigInt(128 - block.length) === block.address >> BigInt(128 - block.length);
  return false;
}

/** The range of a normalised ip value when it may be blocked; null for a non-public or too wide one. */
export function blockableRange(value: string): Cidr | null {
  const range = parseCidr(value);
  if (range === null || range.length < WIDEST_BLOCKED_PREFIX[range.version]) return null;
  return BLOCKS.some((block) => inside(range, block)) ? null : range;
}
