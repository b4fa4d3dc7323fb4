// The keys an import has already taken, kept as 64-bit fingerprints in an open-addressing table:
// a file of a million entries costs ~16 MB here instead of a million strings. Two distinct keys
// share a fingerprint with probability ~n²/2⁶⁵ (3·10⁻⁸ for a million), and then the later one is
// taken for a repeat — an accepted, vanishingly rare loss.

const INITIAL_SLOTS = 1 << 12;

// FNV-1a over UTF-16 code units, 32 bits, with the given offset basis.
function fnv1a(text: string, basis: number): number {
  let hash = basis;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// A second, independent 32-bit hash (murmur3's mixing over code units).
function murmurish(text: string): number {
  let hash = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    hash ^= Math.imul(k, 0x1b873593);
    hash = Math.imul((hash << 13) | (hash >>> 19), 5) + 0xe6546b64;
  }
  hash ^= text.length;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** A set of strings by fingerprint: `add` says whether the key is new. */
export class KeySet {
  private high = new Uint32Array(INITIAL_SLOTS);
  private low = new Uint32Array(INITIAL_SLOTS);
  private used = new Uint8Array(INITIAL_SLOTS);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Add a key; false when it (or a key with its fingerprint) was added before. */
  add(key: string): boolean {
    if ((this.count + 1) * 2 > this.used.length) this.grow();
    const high = fnv1a(key, 0x811c9dc5);
    const low = murmurish(key);
    return this.insert(high, low);
  }

  private insert(high: number, low: number): boolean {
    const mask = this.used.length - 1;
    for (let slot = (high ^ Math.imul(low, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      if (this.used[slot] === 0) {
        this.used[slot] = 1;
        this.high[slot] = high;
        this.low[slot] = low;
        this.count++;
        return true;
      }
      if (this.high[slot] === high && this.low[slot] === low) return false;
    }
  }

  private grow(): void {
    const { high, low, used } = this;
    const slots = used.length * 2;
    this.high = new Uint32Array(slots);
    this.low = new Uint32Array(slots);
    this.used = new Uint8Array(slots);
    this.count = 0;
    for (let slot = 0; slot < used.length; slot++) {
      if (used[slot] === 1) this.insert(high[slot] ?? 0, low[slot] ?? 0);
    }
  }
}
