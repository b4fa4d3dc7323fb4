// A first pass over the listings in force, so that most blocking decisions need no lookup in
// the index (a hash probe into a million-entry map, about a microsecond of cache misses each).
// Two small tables of hashed keys — 12 bytes per listing, never more than 24 MB, nothing of the
// feed's text — answer "is this listing alone on its host (or range)?" and "might a dangerous
// wildcard above this host exist?". A collision only makes an answer "maybe", and a "maybe"
// is looked up; "alone" and "no" are certain.
import type { LiveIndex } from '../live-index.ts';

const MAX_SLOTS = 2 ** 25;

/** Listing counts per key (the host of a domain or whole-site listing, the value of an IP listing) and the hosts of dangerous wildcards. */
export class ListingSketch {
  private constructor(
    // Two bits per slot: 0, 1, or 2 for "two or more" (small tables stay in the CPU cache).
    private readonly counts: Uint8Array,
    // One bit per slot.
    private readonly blockedWildcards: Uint8Array,
    private readonly mask: number,
  ) {}

  /**
   * Count the listings in force at `now`, about 16 slots per listing (6 bits each: 12 bytes per
   * listing, at most 24 MB). `wholeSiteHost` names the host a whole-site URL blocks (null for
   * any other URL).
   */
  static of(live: LiveIndex, now: number, wholeSiteHost: (url: string) => string | null): ListingSketch {
    let slots = 4096;
    while (slots < live.index.size * 16 && slots < MAX_SLOTS) slots *= 2;
    const sketch = new ListingSketch(new Uint8Array(slots / 4), new Uint8Array(slots / 8), slots - 1);
    for (const indicator of live.inForce(now)) {
      const value = indicator.value;
      if (indicator.type === 'domain') {
        const wildcard = value.startsWith('*.');
        sketch.count(value, wildcard ? 2 : 0);
        if (wildcard && indicator.verdict === 'dangerous') sketch.markBlockedWildcard(value, 2);
      } else if (indicator.type === 'ip') {
        sketch.count(value, 0);
      } else if (indicator.type === 'url' && indicator.verdict === 'dangerous') {
        const host = wholeSiteHost(value);
        if (host !== null) sketch.count(host, 0);
      }
    }
    return sketch;
  }

  /** True when the key (read from `start`) is alone in its slot: the caller's listing is the only one with it. */
  alone(key: string, start: number): boolean {
    const slot = this.slot(key, start);
    return (((this.counts[slot >>> 2] ?? 0) >>> ((slot & 3) * 2)) & 3) === 1;
  }

  /** False when no dangerous wildcard is listed on any parent of `host` (of two labels or more); true when one may be. */
  mayBeUnderBlockedWildcard(host: string): boolean {
    const last = host.lastIndexOf('.');
    for (let dot = host.indexOf('.'); dot >= 0 && dot < last; dot = host.indexOf('.', dot + 1)) {
      const slot = this.slot(host, dot + 1);
      if ((((this.blockedWildcards[slot >>> 3] ?? 0) >>> (slot & 7)) & 1) === 1) return true;
    }
    return false;
  }

  private count(key: string, start: number): void {
    const slot = this.slot(key, start);
    const shift = (slot & 3) * 2;
    const byte = this.counts[slot >>> 2] ?? 0;
    if (((byte >>> shift) & 3) < 2) this.counts[slot >>> 2] = byte + (1 << shift);
  }

  private markBlockedWildcard(key: string, start: number): void {
    const slot = this.slot(key, start);
    this.blockedWildcards[slot >>> 3] = (this.blockedWildcards[slot >>> 3] ?? 0) | (1 << (slot & 7));
  }

  // FNV-1a over the key's characters from `start` (so `*.h` and `h` share a slot, unsliced).
  private slot(key: string, start: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
    return (hash >>> 0) & this.mask;
  }
}
