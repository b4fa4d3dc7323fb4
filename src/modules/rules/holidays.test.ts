import { describe, it, expect } from 'vitest';
import { dayNumberOfIso, isoOfDayNumber } from './calendar.ts';
import {
  HOLIDAY_YEARS,
  PROVISIONAL_HOLIDAY_YEARS,
  VN_HOLIDAYS,
  VN_MAKE_UP_WORKING_DAYS,
  createVietnamWorkingDayCalendar,
} from './holidays.ts';
import { hungKingsDate, solarToLunar, tetDate } from './lunar.ts';

const weekday = (iso: string): number => new Date(`${iso}T00:00:00Z`).getUTCDay();
const isWeekend = (iso: string): boolean => weekday(iso) === 0 || weekday(iso) === 6;
const rowsOf = (year: number) => VN_HOLIDAYS.filter((h) => h.date.startsWith(`${year}-`));
const find = (date: string) => VN_HOLIDAYS.find((h) => h.date === date);

describe('VN_HOLIDAYS', () => {
  it('is sorted, without duplicates, and only in HOLIDAY_YEARS', () => {
    const dates = VN_HOLIDAYS.map((h) => h.date);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
    for (const date of dates) {
      expect(() => dayNumberOfIso(date)).not.toThrow();
      expect(HOLIDAY_YEARS).toContain(Number(date.slice(0, 4)));
    }
    expect(PROVISIONAL_HOLIDAY_YEARS.every((y) => HOLIDAY_YEARS.includes(y))).toBe(true);
  });

  it.each(HOLIDAY_YEARS.map((y) => [y]))('%i contains its lunar holidays as computed by lunar.ts', (year) => {
    expect(find(tetDate(year))?.kind).toBe('holiday');
    expect(find(hungKingsDate(year))?.kind).toBe('holiday');
  });

  it.each(HOLIDAY_YEARS.map((y) => [y]))('%i has the 11 statutory days of Labour Code Art. 112', (year) => {
    const statutory = rowsOf(year).filter((h) => h.kind === 'holiday');
    expect(statutory).toHaveLength(11);
    for (const fixed of ['01-01', '04-30', '05-01', '09-02']) expect(find(`${year}-${fixed}`)?.kind).toBe('holiday');
    const adjacent = [`${year}-09-01`, `${year}-09-03`].filter((d) => find(d)?.kind === 'holiday');
    expect(adjacent).toHaveLength(1);
  });

  it.each(HOLIDAY_YEARS.map((y) => [y]))('%i: the five Tết days are consecutive, around lunar new year', (year) => {
    const tet = rowsOf(year).filter((h) => h.kind === 'holiday' && h.nameEn.startsWith('Lunar New Year'));
    expect(tet).toHaveLength(5);
    const days = tet.map((h) => dayNumberOfIso(h.date));
    expect(days).toEqual(days.map((_, i) => (days[0] ?? 0) + i));
    expect(tet.map((h) => h.date)).toContain(tetDate(year));
    for (const h of tet) {
      const [y, m, d] = h.date.split('-').map(Number);
      const lunar = solarToLunar(y ?? 0, m ?? 0, d ?? 0);
      // Either the last days of the 12th month or the first days of the 1st, as each row's name says.
      expect(lunar.month === 12 ? h.nameVi.includes(`${lunar.day} tháng Chạp`) : h.nameVi.includes(`mùng ${lunar.day}`)).toBe(true);
    }
  });

  it.each(HOLIDAY_YEARS.map((y) => [y]))('%i gives one compensatory weekday per statutory day on a weekend', (year) => {
    const rows = rowsOf(year);
    const onWeekend = rows.filter((h) => h.kind === 'holiday' && isWeekend(h.date));
    const compensatory = rows.filter((h) => h.kind === 'compensatory');
    expect(compensatory).toHaveLength(onWeekend.length);
    for (const h of compensatory) expect(isWeekend(h.date)).toBe(false);
  });

  it('pairs every bridge day with exactly one Saturday worked in its place', () => {
    const bridges = VN_HOLIDAYS.filter((h) => h.kind === 'bridge');
    expect(bridges.map((b) => b.date).sort()).toEqual(VN_MAKE_UP_WORKING_DAYS.map((d) => d.replaces).sort());
    for (const b of bridges) expect(isWeekend(b.date)).toBe(false);
    for (const d of VN_MAKE_UP_WORKING_DAYS) {
      expect(weekday(d.date)).toBe(6);
      expect(d.date.slice(0, 4)).toBe(d.replaces.slice(0, 4));
    }
  });

  it('encodes the official Tết 2026 break: Sat 14 to Sun 22 Feb, back at work Mon 23', () => {
    const calendar = createVietnamWorkingDayCalendar();
    expect(calendar.isWorkingDay('2026-02-13')).toBe(true);
    for (let d = dayNumberOfIso('2026-02-14'); d <= dayNumberOfIso('2026-02-22'); d += 1) {
      expect(calendar.isWorkingDay(isoOfDayNumber(d))).toBe(false);
    }
    expect(calendar.isWorkingDay('2026-02-23')).toBe(true);
  });

  // Published totals of days off including the weekends they join: 22 in 2025 (VNA, Aug 2025)
  // and 25 in 2026 (4 New Year + 9 Tết + 3 Hùng Kings + 4 for 30/4–1/5 + 5 National Day).
  it.each([
    [2025, 22],
    [2026, 25],
  ])('%i totals %i days off once adjoining weekends are counted', (year, total) => {
    const calendar = createVietnamWorkingDayCalendar();
    const listed = new Set(rowsOf(year).map((h) => h.date));
    let count = 0;
    let run: string[] = [];
    const closeRun = (): void => {
      if (run.some((d) => listed.has(d))) count += run.length;
      run = [];
    };
    for (let d = dayNumberOfIso(`${year}-01-01`); d <= dayNumberOfIso(`${year}-12-31`); d += 1) {
      const iso = isoOfDayNumber(d);
      if (calendar.isWorkingDay(iso)) closeRun();
      else run.push(iso);
    }
    closeRun();
    expect(count).toBe(total);
  });
});
