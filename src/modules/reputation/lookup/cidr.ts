// Longest-prefix matching of IP addresses against CIDR ranges, for IPv4 and IPv6.
//
// One hash map per prefix length, probed from the longest non-empty length down: at most 33
// (IPv4) or 129 (IPv6) probes, in practice the handful of lengths a list actually uses. This is
// simpler than a binary trie, needs no rebalancing on remove, and each probe is a single Map
// lookup on a number (IPv4) or bigint (IPv6) key.
//
// Values arrive in the normal form of the targets library (`10.0.0.0/8`, `2001:db8::/32`,
// `1.2.3.4`); the parser here only needs to read those, not every spelling a person types.

export type Cidr =
  | { version: 4; address: number; length: number }
  | { version: 6; address: bigint; length: number };

const V6_MASKS: readonly bigint[] = Array.from({ length: 129 }, (_, length) =>
  length === 0 ? 0n : ((1n << BigInt(length)) - 1n) << BigInt(128 - length),
);

/** Network address of an IPv4 address under a prefix length (arithmetic, so no sign bit trouble). */
export function networkV4(address: number, length: number): number {
  return length === 0 ? 0 : address - (address % 2 ** (32 - length));
}

/** Network address of an IPv6 address under a prefix length. */
export function networkV6(address: bigint, length: number): bigint {
  return address & (V6_MASKS[length] ?? 0n);
}

// The map key of an IPv6 network: its high 64 bits, then its low 64 bits XORed with the high
// ones (one-to-one). V8 hashes a BigInt by its lowest 64-bit digit only, and every network of
// /64 or shorter has zeros there: keyed as they are, all of them would share one hash bucket
// and each probe would walk the whole chain (measured: 50 µs a lookup with a few thousand /64s).
function keyV6(address: bigint, length: number): bigint {
  const network = networkV6(address, length);
  return network ^ (network >> 64n);
}

function parseV4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = value * 256 + Number(part);
  }
  return value;
}

function parseV6(text: string): bigint | null {
  const gap = text.indexOf('::');
  if (gap !== text.lastIndexOf('::')) return null;
  const words = (side: string): number[] | null => {
    if (side === '') return [];
    const out: number[] = [];
    const groups = side.split(':');
    for (const [i, group] of groups.entries()) {
      const v4 = i === groups.length - 1 && group.includes('.') ? parseV4(group) : null;
      if (v4 !== null) out.push(Math.floor(v4 / 65536), v4 % 65536);
      else if (/^[0-9a-f]{1,4}$/i.test(group)) out.push(parseInt(group, 16));
      else return null;
    }
    return out;
  };
  const head = words(gap < 0 ? text : text.slice(0, gap));
  const tail = gap < 0 ? [] : words(text.slice(gap + 2));
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (gap < 0 ? missing !== 0 : missing < 1) return null;
  let value = 0n;
  for (const word of [...head, ...Array<number>(missing).fill(0), ...tail]) value = (value << 16n) | BigInt(word);
  return value;
}

/**
 * Read a normalised IP or CIDR value (`10.0.0.0/8`, `2001:db8::1`); null when it is not one.
 * An IPv4-mapped IPv6 address or range (`::ffff:1.2.3.4`, `::ffff:102:304`, within
 * `::ffff:0:0/96`) reads as its IPv4 form, as the targets library writes `ip` values: a URL on
 * `http://[::ffff:1.2.3.4]/` reaches 1.2.3.4, so it answers as 1.2.3.4 does.
 */
export function parseCidr(value: string): Cidr | null {
  const slash = value.indexOf('/');
  const addressText = slash < 0 ? value : value.slice(0, slash);
  const lengthText = slash < 0 ? null : value.slice(slash + 1);
  if (lengthText !== null && !/^\d{1,3}$/.test(lengthText)) return null;
  const v4 = addressText.includes(':') ? null : parseV4(addressText);
  if (v4 !== null) {
    const length = lengthText === null ? 32 : Number(lengthText);
    return length > 32 ? null : { version: 4, address: networkV4(v4, length), length };
  }
  const v6 = addressText.includes(':') ? parseV6(addressText) : null;
  if (v6 === null) return null;
  const length = lengthText === null ? 128 : Number(lengthText);
  if (length > 128) return null;
  if (length >= 96 && v6 >> 32n === 0xffffn) return { version: 4, address: networkV4(Number(v6 & 0xffffffffn), length - 96), length: length - 96 };
  return { version: 6, address: networkV6(v6, length), length };
}

// Entries of one address family, one map per prefix length.
class PrefixLengthTable<K extends number | bigint, T extends { id: string }> {
  private readonly byLength = new Map<number, Map<K, T[]>>();
  // Non-empty lengths, longest first: the probe order.
  private lengths: number[] = [];

  /** `keyOf` gives the map key of the network of an address under a prefix length. */
  constructor(private readonly keyOf: (address: K, length: number) => K) {}

  add(address: K, length: number, item: T): void {
    const key = this.keyOf(address, length);
    let table = this.byLength.get(length);
    if (table === undefined) {
      table = new Map();
      this.byLength.set(length, table);
      this.lengths = [...this.byLength.keys()].sort((a, b) => b - a);
    }
    const items = table.get(key);
    if (items === undefined) table.set(key, [item]);
    else items.push(item);
  }

  remove(address: K, length: number, id: string): void {
    const key = this.keyOf(address, length);
    const table = this.byLength.get(length);
    const items = table?.get(key);
    if (table === undefined || items === undefined) return;
    const kept = items.filter((item) => item.id !== id);
    if (kept.length > 0) {
      table.set(key, kept);
      return;
    }
    table.delete(key);
    if (table.size === 0) {
      this.byLength.delete(length);
      this.lengths = this.lengths.filter((l) => l !== length);
    }
  }

  get empty(): boolean {
    return this.lengths.length === 0;
  }

  *groups(): Generator<readonly T[]> {
    for (const table of this.byLength.values()) yield* table.values();
  }

  covering(address: K, length: number, visit: (item: T, length: number) => void): void {
    for (const candidate of this.lengths) {
      if (candidate > length) continue;
      const items = this.byLength.get(candidate)?.get(this.keyOf(address, candidate));
      if (items !== undefined) for (const item of items) visit(item, candidate);
    }
  }
}

/** CIDR ranges of both families; reports every range covering a query, longest prefix first. */
export class CidrTable<T extends { id: string }> {
  private readonly v4 = new PrefixLengthTable<number, T>(networkV4);
  private readonly v6 = new PrefixLengthTable<bigint, T>(keyV6);

  /** Add an item under a range. */
  add(cidr: Cidr, item: T): void {
    if (cidr.version === 4) this.v4.add(cidr.address, cidr.length, item);
    else this.v6.add(cidr.address, cidr.length, item);
  }

  /** Remove the item with this id from a range. */
  remove(cidr: Cidr, id: string): void {
    if (cidr.version === 4) this.v4.remove(cidr.address, cidr.length, id);
    else this.v6.remove(cidr.address, cidr.length, id);
  }

  /** True when no range is held. */
  get empty(): boolean {
    return this.v4.empty && this.v6.empty;
  }

  /** The items of each range held, one array per range. */
  *groups(): Generator<readonly T[]> {
    yield* this.v4.groups();
    yield* this.v6.groups();
  }

  /** Visit every item whose range contains the whole query range (an address is a full-length range). */
  covering(query: Cidr, visit: (item: T, length: number) => void): void {
    if (query.version === 4) this.v4.covering(query.address, query.length, visit);
    else this.v6.covering(query.address, query.length, visit);
  }
}
