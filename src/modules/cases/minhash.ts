// Near-duplicate detection for reports: the same scam message arrives hundreds of
// times with small edits (another amount, another link, accents dropped, capitals
// added). MinHash estimates the Jaccard similarity of two texts' character
// 5-shingles; locality-sensitive hashing turns a signature into band keys that a
// database array column can index, so candidates are found without comparing
// every pair. With 16 bands of 4 rows, two texts share at least one band key with
// probability 1 − (1 − s⁴)¹⁶: 0.99 at similarity 0.7, 0.89 at 0.6, 0.64 at 0.5,
// 0.03 at 0.2.
//
// Everything here is 32-bit integer arithmetic (Math.imul, >>> 0) with fixed
// coefficients, so signatures are identical across processes, machines and
// releases — they are stored, and changing any constant means re-signing.

/** Shingle length in characters, number of hash functions, and LSH bands (hashes / bands rows each). */
export const MINHASH = { shingle: 5, hashes: 64, bands: 16 } as const;

const ROWS_PER_BAND = MINHASH.hashes / MINHASH.bands;
const EMPTY_SLOT = 0xffffffff;

/** Text folded for comparison: no accents (đ → d), lower case, runs of anything but letters and digits as one space. */
export function foldForShingles(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** MurmurHash3's finaliser: a bijection on uint32 with full avalanche. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit FNV-1a over UTF-16 code units. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

// h_i(x) = fmix32(a_i·x + b_i mod 2³²): with a_i odd each is a permutation of the
// uint32 values, and the finaliser scrambles the order differently for each i.
// Coefficients come from a fixed seed, never from Math.random().
const SEED = 0x5ca3_a11e;
const COEFFICIENTS = Array.from({ length: MINHASH.hashes }, (_, i) => ({
  a: (fmix32(SEED + 2 * i + 1) | 1) >>> 0,
  b: fmix32(SEED ^ Math.imul(i + 1, 0x9e3779b9)),
}));

/** The distinct character shingles of folded text, hashed (whole text when shorter than one shingle). */
function shingleHashes(folded: string): Set<number> {
  const chars = Array.from(folded);
  const hashes = new Set<number>();
  if (chars.length === 0) return hashes;
  if (chars.length < MINHASH.shingle) return hashes.add(fnv1a(folded));
  for (let i = 0; i + MINHASH.shingle <= chars.length; i++) hashes.add(fnv1a(chars.slice(i, i + MINHASH.shingle).join('')));
  return hashes;
}

/** The 64-value MinHash signature of `text` (all 0xFFFFFFFF for text with no letters or digits). */
export function minhashSignature(text: string): number[] {
  const signature = new Uint32Array(MINHASH.hashes).fill(EMPTY_SLOT);
  for (const shingle of shingleHashes(foldForShingles(text))) {
    for (const [i, { a, b }] of COEFFICIENTS.entries()) {
      const value = fmix32(Math.imul(a, shingle) + b);
      if (value < (signature[i] ?? EMPTY_SLOT)) signature[i] = value;
    }
  }
  return Array.from(signature);
}

/** Estimated Jaccard similarity of two signatures: the share of positions where they agree. */
export function estimateSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError('MinHash signatures of different lengths cannot be compared.');
  if (a.length === 0) return 0;
  let equal = 0;
  for (const [i, value] of a.entries()) if (value === b[i]) equal++;
  return equal / a.length;
}

/** One LSH key per band (`b3:1a2b3c4d`): band index and a hash of its rows; texts sharing a key are candidates. */
export function lshBandKeys(signature: readonly number[]): string[] {
  if (signature.length !== MINHASH.hashes) throw new RangeError(`A MinHash signature has ${MINHASH.hashes} values.`);
  return Array.from({ length: MINHASH.bands }, (_, band) => {
    let h = Math.imul(0x811c9dc5 ^ band, 0x01000193);
    for (const row of signature.slice(band * ROWS_PER_BAND, (band + 1) * ROWS_PER_BAND)) {
      // FNV-1a over the row's four bytes, most significant first.
      for (const shift of [24, 16, 8, 0]) h = Math.imul(h ^ ((row >>> shift) & 0xff), 0x01000193);
    }
    return `b${band}:${(h >>> 0).toString(16).padStart(8, '0')}`;
  });
}
