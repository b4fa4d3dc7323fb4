// The client's copy of the published prefixes: sorted, distinct, fixed-size byte strings in one
// array, searched by binary search and updated by merging a delta.
import { compareAt, fromHex } from './bytes.ts';

export class PrefixList {
  private constructor(
    /** Bytes per prefix. */
    readonly size: number,
    /** The prefixes, concatenated in ascending order. */
    readonly bytes: Uint8Array,
  ) {}

  /** A list from concatenated prefixes; throws when they are not whole, sorted and distinct. */
  static of(size: number, bytes: Uint8Array): PrefixList {
    if (bytes.length % size !== 0) throw new Error(`prefix bytes are not a multiple of ${size}`);
    for (let at = size; at < bytes.length; at += size) {
      if (compareAt(bytes, at - size, bytes, at, size) >= 0) throw new Error('prefixes are not sorted and distinct');
    }
    return new PrefixList(size, bytes);
  }

  get count(): number {
    return this.bytes.length / this.size;
  }

  /** True when the first `size` bytes of `hash` are in the list. */
  has(hash: Uint8Array): boolean {
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = compareAt(this.bytes, middle * this.size, hash, 0, this.size);
      if (order === 0) return true;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }

  /** True when the first `size` bytes of a hex hash are in the list. */
  hasHex(hash: string): boolean {
    return this.has(fromHex(hash.slice(0, this.size * 2)));
  }

  /** The list with `additions` merged in and `removals` taken out (both sorted lists of the same size). */
  apply(additions: PrefixList, removals: PrefixList): PrefixList {
    const { size } = this;
    const out = new Uint8Array(this.bytes.length + additions.bytes.length);
    let written = 0;
    let i = 0;
    let j = 0;
    let r = 0;
    const a = this.bytes;
    const b = additions.bytes;
    const gone = removals.bytes;
    while (i < a.length || j < b.length) {
      const order = i >= a.length ? 1 : j >= b.length ? -1 : compareAt(a, i, b, j, size);
      const source = order <= 0 ? a : b;
      const at = order <= 0 ? i : j;
      if (order <= 0) i += size;
      if (order >= 0) j += size;
      while (r < gone.length && compareAt(gone, r, source, at, size) < 0) r += size;
      if (r < gone.length && compareAt(gone, r, source, at, size) === 0) continue;
      out.set(source.subarray(at, at + size), written);
      written += size;
    }
    return new PrefixList(size, out.slice(0, written));
  }
}
