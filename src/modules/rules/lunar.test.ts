import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { hungKingsDate, lunarToSolar, solarToLunar, tetDate } from './lunar.ts';

function lunarOf(iso: string): ReturnType<typeof solarToLunar> {
  const [y, m, d] = iso.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) throw new Error(`bad date ${iso}`);
  return solarToLunar(y, m, d);
}

describe('tetDate and hungKingsDate', () => {
  it.each([
    [2024, '2024-02-10', '2024-04-18'],
    [2025, '2025-01-29', '2025-04-07'],
    [2026, '2026-02-17', '2026-04-26'],
    [2027, '2027-02-06', '2027-04-16'],
  ])('%i: Tết %s, Hùng Kings %s', (year, tet, hung) => {
    expect(tetDate(year)).toBe(tet);
    expect(hungKingsDate(year)).toBe(hung);
  });

  it('follows the UTC+7 meridian where Vietnam and China differ', () => {
    // Tết 1985 was a month earlier, and Tết 2007 a day earlier, in Vietnam than in China.
    expect(tetDate(1985)).toBe('1985-01-21');
    expect(tetDate(2007)).toBe('2007-02-17');
  });

  it('matches past Hùng Kings days reported by the press', () => {
    expect(hungKingsDate(2017)).toBe('2017-04-06');
    expect(hungKingsDate(2019)).toBe('2019-04-14');
    expect(hungKingsDate(2020)).toBe('2020-04-02');
    expect(hungKingsDate(2021)).toBe('2021-04-21');
    expect(hungKingsDate(2022)).toBe('2022-04-10');
    expect(hungKingsDate(2023)).toBe('2023-04-29');
  });
});

describe('solarToLunar', () => {
  it('knows which 12th months had a 30th day (the official Tết notices name these days)', () => {
    expect(lunarOf('2024-02-08')).toEqual({ year: 2023, month: 12, day: 29, leap: false });
    expect(lunarOf('2024-02-09')).toEqual({ year: 2023, month: 12, day: 30, leap: false });
    expect(lunarOf('2025-01-25')).toEqual({ year: 2024, month: 12, day: 26, leap: false });
    expect(lunarOf('2025-01-28')).toEqual({ year: 2024, month: 12, day: 29, leap: false });
    expect(lunarOf('2026-02-14')).toEqual({ year: 2025, month: 12, day: 27, leap: false });
    expect(lunarOf('2026-02-16')).toEqual({ year: 2025, month: 12, day: 29, leap: false });
    expect(lunarOf('2027-02-05')).toEqual({ year: 2026, month: 12, day: 29, leap: false });
  });

  it('places leap months', () => {
    expect(lunarOf('2020-05-23')).toEqual({ year: 2020, month: 4, day: 1, leap: true });
    expect(lunarOf('2020-06-21')).toEqual({ year: 2020, month: 5, day: 1, leap: false });
    expect(lunarOf('2023-03-22')).toEqual({ year: 2023, month: 2, day: 1, leap: true });
  });
});

describe('lunarToSolar', () => {
  it('rejects a leap month the year does not have', () => {
    expect(() => lunarToSolar({ year: 2024, month: 3, day: 1, leap: true })).toThrow(RangeError);
    expect(() => lunarToSolar({ year: 2023, month: 3, day: 1, leap: true })).toThrow(RangeError);
    expect(lunarToSolar({ year: 2023, month: 2, day: 1, leap: true })).toBe('2023-03-22');
  });

  it('inverts solarToLunar for every day 1990–2050', () => {
    const from = Date.UTC(1990, 0, 1);
    const to = Date.UTC(2050, 11, 31);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: (to - from) / 86_400_000 }), (offset) => {
        const iso = new Date(from + offset * 86_400_000).toISOString().slice(0, 10);
        const lunar = lunarOf(iso);
        expect(lunar.day).toBeGreaterThanOrEqual(1);
        expect(lunar.day).toBeLessThanOrEqual(30);
        expect(lunarToSolar(lunar)).toBe(iso);
      }),
      { numRuns: 500 },
    );
  });
});
