// The published hashes in memory: every active indicator's expression hash, found by prefix, and
// the sorted list of distinct prefixes that clients download.
//
// Layout: 65,536 buckets by the first two bytes of the hash, each a small array sorted by hash
// (a million entries make about fifteen per bucket). A prefix of ≥ 2 bytes names one bucket, so a
// lookup is a binary search in a short array; a change inserts into or removes from one bucket
// (O(bucket)), with no global re-sort and no re-hashing of the rest; walking the buckets in
// order yields the whole list already sorted. Hashes are kept as 32-character byte strings
// (`digest('binary')`, i.e. latin1): half the size of hex, and string order is byte order.
import { hash as digest } from 'node:crypto';
import type { HashScope } from '../client/expressions.ts';
import type { LiveIndex } from '../live-index.ts';
import { hashOf, publishedAs } from './expressions.ts';

/** One published hash: the indicator's id (its verdict is read from the live index when asked). */
export type HashEntry = { hash: string; scope: HashScope; id: string };

/** What an entry is made from: an indicator's id, type and normal value. */
export type Publishable = { id: string; type: string; value: string };

/** The distinct prefixes of one size, concatenated in order, with their SHA-256. */
export type PrefixSet = { size: number; count: number; bytes: Buffer; base64: string; checksum: string };

const BUCKETS = 65_536;
// Indicators hashed between two turns of the event loop while building (a few milliseconds' work).
const BUILD_STEP = 2000;

const bucketOf = (hash: string): number => hash.charCodeAt(0) * 256 + hash.charCodeAt(1);

// First position in a sorted bucket whose hash is ≥ key.
function lowerBound(bucket: readonly HashEntry[], key: string): number {
  let low = 0;
  let high = bucket.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((bucket[middle]?.hash ?? '') < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

const byHash = (a: HashEntry, b: HashEntry): number => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0);

/** Hashes of indicators, by prefix. Pure apart from hashing: fed by `load`, `upsert` and `remove`. */
export class HashIndex {
  private readonly buckets: (HashEntry[] | undefined)[] = new Array<HashEntry[] | undefined>(BUCKETS);
  private readonly byId = new Map<string, HashEntry>();
  private version = 0;
  private readonly prefixSets = new Map<number, { version: number; set: PrefixSet }>();

  /** Number of entries (one per indicator). */
  get size(): number {
    return this.byId.size;
  }

  /** Add many indicators at once: appended, then each bucket sorted once (the cold start). */
  load(indicators: Iterable<Publishable>): void {
    for (const indicator of indicators) this.append(indicator);
    this.sortBuckets(0, BUCKETS);
    this.version++;
  }

  /**
   * `load` in steps of `step` indicators, calling `pause` between steps, so that building a
   * million entries (seconds of hashing) never holds up the requests a server is answering.
   * Returns false when `stopped` said so before the end (the index is then incomplete).
   */
  async loadInSteps(indicators: readonly Publishable[], step: number, pause: () => Promise<void>, stopped: () => boolean): Promise<boolean> {
    for (let at = 0; at < indicators.length; at += step) {
      if (stopped()) return false;
      for (let i = at; i < Math.min(at + step, indicators.length); i++) {
        const indicator = indicators[i];
        if (indicator !== undefined) this.append(indicator);
      }
      await pause();
    }
    // Sorting the buckets of a million entries takes a while too: a slice of buckets per step.
    const bucketsPerStep = Math.max(1, Math.floor((BUCKETS * step) / Math.max(step, indicators.length)));
    for (let from = 0; from < BUCKETS; from += bucketsPerStep) {
      if (stopped()) return false;
      this.sortBuckets(from, from + bucketsPerStep);
      await pause();
    }
    this.version++;
    return true;
  }

  private append(indicator: Publishable): void {
    this.drop(indicator.id);
    const entry = entryOf(indicator);
    const key = bucketOf(entry.hash);
    const bucket = this.buckets[key];
    if (bucket === undefined) this.buckets[key] = [entry];
    else bucket.push(entry);
    this.byId.set(entry.id, entry);
  }

  private sortBuckets(from: number, to: number): void {
    for (let key = from; key < Math.min(to, BUCKETS); key++) {
      const bucket = this.buckets[key];
      if (bucket !== undefined && bucket.length > 1) bucket.sort(byHash);
    }
  }

  /** Add an indicator, or replace the entry of the same id. */
  upsert(indicator: Publishable): void {
    this.drop(indicator.id);
    const entry = entryOf(indicator);
    const key = bucketOf(entry.hash);
    const bucket = this.buckets[key];
    if (bucket === undefined) this.buckets[key] = [entry];
    else bucket.splice(lowerBound(bucket, entry.hash), 0, entry);
    this.byId.set(entry.id, entry);
    this.version++;
  }

  /** Drop an indicator's entry; unknown ids are ignored. */
  remove(id: string): void {
    if (this.drop(id)) this.version++;
  }

  /** True when the indicator with this id is published. */
  holds(id: string): boolean {
    return this.byId.has(id);
  }

  /** Entries whose hash starts with `prefix` (a byte string of 2–32 bytes), in hash order. */
  matching(prefix: string): HashEntry[] {
    const bucket = this.buckets[bucketOf(prefix)];
    if (bucket === undefined) return [];
    const out: HashEntry[] = [];
    for (let i = lowerBound(bucket, prefix); i < bucket.length; i++) {
      const entry = bucket[i];
      if (entry === undefined || !entry.hash.startsWith(prefix)) break;
      out.push(entry);
    }
    return out;
  }

  /** True when some entry's hash starts with `prefix`. */
  hasPrefix(prefix: string): boolean {
    const bucket = this.buckets[bucketOf(prefix)];
    return bucket !== undefined && (bucket[lowerBound(bucket, prefix)]?.hash.startsWith(prefix) ?? false);
  }

  /** The distinct prefixes of `size` bytes, sorted; computed once per change and size. */
  prefixes(size: number): PrefixSet {
    const cached = this.prefixSets.get(size);
    if (cached !== undefined && cached.version === this.version) return cached.set;
    const bytes = Buffer.allocUnsafe(this.byId.size * size);
    let written = 0;
    let previous = '';
    // Byte by byte, no substrings: this runs over every entry once per change and size.
    for (const bucket of this.buckets) {
      if (bucket === undefined) continue;
      for (const { hash } of bucket) {
        let same = written > 0;
        for (let i = 0; same && i < size; i++) same = hash.charCodeAt(i) === previous.charCodeAt(i);
        if (same) continue;
        for (let i = 0; i < size; i++) bytes[written + i] = hash.charCodeAt(i);
        written += size;
        previous = hash;
      }
    }
    const used = bytes.subarray(0, written);
    const set: PrefixSet = { size, count: written / size, bytes: used, base64: used.toString('base64'), checksum: checksumOf(used) };
    this.prefixSets.set(size, { version: this.version, set });
    return set;
  }

  private drop(id: string): boolean {
    const entry = this.byId.get(id);
    if (entry === undefined) return false;
    const key = bucketOf(entry.hash);
    const bucket = this.buckets[key] ?? [];
    const at = bucket.indexOf(entry);
    if (at >= 0) bucket.splice(at, 1);
    if (bucket.length === 0) this.buckets[key] = undefined;
    this.byId.delete(id);
    return true;
  }
}

function entryOf(indicator: Publishable): HashEntry {
  const { expression, scope } = publishedAs(indicator);
  return { hash: hashOf(expression), scope, id: indicator.id };
}

/** SHA-256 of bytes as hex: the checksum of a prefix list. */
export function checksumOf(bytes: Uint8Array): string {
  return digest('sha256', bytes, 'hex');
}

/**
 * The hash index of a process, kept in step with its LiveIndex: built from the live index when
 * the routes are registered — in steps, in the background — then changed indicator by indicator
 * as the live index applies the change log. Changes that arrive during the build wait in order
 * and are applied when it ends; until then, readers wait for it.
 */
export class LiveHashIndex {
  private readonly hashes = new HashIndex();
  private waiting: { indicator: Publishable; change: 'upsert' | 'remove' }[] | null = [];
  private stopped = false;
  private readonly built: Promise<void>;

  constructor(
    readonly live: Pick<LiveIndex, 'serial' | 'index' | 'onChange' | 'catchUp'>,
    step = BUILD_STEP,
  ) {
    live.onChange((indicator, change) => {
      if (this.waiting !== null) this.waiting.push({ indicator, change });
      else if (change === 'upsert') this.hashes.upsert(indicator);
      else this.hashes.remove(indicator.id);
    });
    this.built = this.build(step);
  }

  /** The change serial the hashes reflect (the live index's). */
  get serial(): number {
    return this.live.serial;
  }

  /** The hash index, as of `serial` (after the first build). */
  async current(): Promise<HashIndex> {
    await this.built;
    return this.hashes;
  }

  /** Give up a build still running (the app is closing). */
  stop(): void {
    this.stopped = true;
  }

  private async build(step: number): Promise<void> {
    const complete = await this.hashes.loadInSteps([...this.live.index.values()], step, () => new Promise((resolve) => setImmediate(resolve)), () => this.stopped);
    if (!complete) return;
    for (const { indicator, change } of this.waiting ?? []) {
      if (change === 'upsert') this.hashes.upsert(indicator);
      else this.hashes.remove(indicator.id);
    }
    this.waiting = null;
  }
}
