/** Deterministic data for the benchmarks: the same seed gives the same values on every machine. */
export type Seeded = {
  /** A number in [0, 1). */
  random: () => number;
  /** An integer in [0, n). */
  int: (n: number) => number;
  pick: <T>(items: readonly T[]) => T;
  /** 5 to 12 lowercase ASCII letters. */
  word: () => string;
  /** A non-zero 16-bit group of an IPv6 address, in hex. */
  hex: () => string;
};

export function seeded(seed: number): Seeded {
  // mulberry32: small, fast, deterministic.
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const word = (): string => {
    let out = '';
    const length = 5 + int(8);
    for (let i = 0; i < length; i++) out += String.fromCharCode(97 + int(26));
    return out;
  };
  const hex = (): string => (1 + int(0xfffe)).toString(16);
  return { random, int, pick, word, hex };
}
