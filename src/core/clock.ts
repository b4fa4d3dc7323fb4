/** Time as an injected dependency, so deadlines and expiry are testable. */
export type Clock = { now(): Date };

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export function fixedClock(start: Date): Clock & { advance(ms: number): void; set(at: Date): void } {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms) {
      current += ms;
    },
    set(at) {
      current = at.getTime();
    },
  };
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
const two = (n: number): string => TWO_DIGITS[n] ?? String(n);
/** Milliseconds in a day (of UTC; Vietnam keeps no daylight saving either). */
export const DAY_MS = 86_400_000;
/** 0000-01-01 and 9999-12-31T23:59:59.999Z, the years toISOString writes with four digits. */
const FOUR_DIGIT_YEARS = [-62_167_219_200_000, 253_402_300_799_999] as const;
/** `YYYY-MM-DDT` by day number: timestamps cluster on few days (an import, a day's decisions). */
const dayPrefixes = new Map<number, string>();

/** `YYYY-MM-DDT` of a day counted from 1970-01-01, by Howard Hinnant's civil-from-days. */
function dayPrefix(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T`;
}

/**
 * `new Date(ms).toISOString()` without the Date: the same string, three to eight times faster
 * (the builtin takes ~0.7 µs; the check writes several per answer, the feeds three per row).
 * The date part is computed once per day and kept (at most 10,000 days); years outside
 * 0–9999 go to the builtin.
 */
export function isoTimestamp(ms: number): string {
  if (!Number.isInteger(ms) || ms < FOUR_DIGIT_YEARS[0] || ms > FOUR_DIGIT_YEARS[1]) return new Date(ms).toISOString();
  const days = Math.floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(days);
  if (prefix === undefined) {
    prefix = dayPrefix(days);
    if (dayPrefixes.size >= 10_000) dayPrefixes.clear();
    dayPrefixes.set(days, prefix);
  }
  let rest = ms - days * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${prefix}${two(hours)}:${two(minutes)}:${two(seconds)}.${THREE_DIGITS[rest - seconds * 1000] ?? ''}Z`;
}
