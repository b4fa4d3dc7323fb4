import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CalendarOutOfRangeError, WorkingDayCalendar, dayNumberOfIso, vnDate, vnIsoDate } from './calendar.ts';
import { createVietnamWorkingDayCalendar } from './holidays.ts';

const calendar = createVietnamWorkingDayCalendar();
// Instants written in Vietnam time, as a case officer would read them.
const vn = (local: string): Date => new Date(`${local}+07:00`);
const endOf = (iso: string): string => new Date(vnDate(iso).getTime() + 86_400_000 - 1).toISOString();

describe('Vietnam-local dates', () => {
  it('takes the civil date of an instant in UTC+7', () => {
    expect(vnIsoDate(new Date('2025-03-13T16:59:59.999Z'))).toBe('2025-03-13');
    expect(vnIsoDate(new Date('2025-03-13T17:00:00.000Z'))).toBe('2025-03-14');
    expect(vnDate('2024-12-25').toISOString()).toBe('2024-12-24T17:00:00.000Z');
  });

  it('rejects malformed and impossible dates', () => {
    expect(() => dayNumberOfIso('2025-02-29')).toThrow(RangeError);
    expect(() => dayNumberOfIso('2025-2-01')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay(new Date('nope'))).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it('is Monday to Friday except holidays, plus swapped Saturdays', () => {
    expect(calendar.isWorkingDay('2025-03-14')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2025-03-15')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2025-03-16')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2025-09-02')).toBe(false); // National Day, Tuesday
    expect(calendar.isWorkingDay('2025-05-02')).toBe(false); // bridge day
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true); // Saturday worked in its place
  });

  it('reads an instant in Vietnam time, not UTC', () => {
    // 17:30Z on Friday 2025-01-31 is already Saturday in Hanoi.
    expect(calendar.isWorkingDay(new Date('2025-01-31T16:30:00Z'))).toBe(false); // Tết day 3 (Fri)
    expect(calendar.isWorkingDay(new Date('2025-02-02T17:30:00Z'))).toBe(true); // Mon 3 Feb 00:30 +07
    expect(calendar.isWorkingDay(new Date('2025-02-02T16:30:00Z'))).toBe(false); // Sun 2 Feb 23:30 +07
  });
});

describe('addWorkingDays', () => {
  it('counts from the next day and ends at 23:59:59.999 Vietnam time', () => {
    // Monday 09:00 + 3 working days → end of Thursday.
    expect(calendar.addWorkingDays(vn('2025-03-10T09:00:00'), 3).toISOString()).toBe('2025-03-13T16:59:59.999Z');
    expect(calendar.addWorkingDays(vn('2025-03-10T09:00:00'), 0).toISOString()).toBe('2025-03-10T16:59:59.999Z');
  });

  it('skips weekends, with the start day taken in Vietnam time', () => {
    expect(calendar.addWorkingDays(vn('2025-03-13T23:59:59.999'), 1).toISOString()).toBe(endOf('2025-03-14'));
    expect(calendar.addWorkingDays(vn('2025-03-14T00:00:00'), 1).toISOString()).toBe(endOf('2025-03-17'));
    expect(calendar.addWorkingDays(vn('2025-03-14T18:00:00'), 2).toISOString()).toBe('2025-03-18T16:59:59.999Z');
  });

  it('crosses the official Tết 2026 break (14–22 Feb)', () => {
    // Friday 13 Feb is the last working day; Mon 23 is day 1 and Tue 24 is day 2.
    expect(calendar.addWorkingDays(vn('2026-02-13T15:00:00'), 2).toISOString()).toBe('2026-02-24T16:59:59.999Z');
    expect(calendar.addWorkingDays(vn('2026-02-12T10:00:00'), 1).toISOString()).toBe('2026-02-13T16:59:59.999Z');
    expect(calendar.addWorkingDays(vn('2026-02-12T10:00:00'), 2).toISOString()).toBe('2026-02-23T16:59:59.999Z');
    // A request filed during the break counts from the first day back.
    expect(calendar.addWorkingDays(vn('2026-02-17T08:00:00'), 1).toISOString()).toBe('2026-02-23T16:59:59.999Z');
  });

  it('crosses the provisional Tết 2027 break (5–11 Feb)', () => {
    expect(calendar.addWorkingDays(vn('2027-02-04T10:00:00'), 1).toISOString()).toBe('2027-02-12T16:59:59.999Z');
    expect(calendar.addWorkingDays(vn('2027-02-04T10:00:00'), 2).toISOString()).toBe('2027-02-15T16:59:59.999Z');
  });

  it('handles 30/4–1/5 with its bridge day and make-up Saturday', () => {
    // 2025: 30 Apr–4 May off (Fri 2 May swapped for Sat 26 Apr).
    expect(calendar.addWorkingDays(vn('2025-04-29T14:00:00'), 1).toISOString()).toBe('2025-05-05T16:59:59.999Z');
    expect(calendar.addWorkingDays(vn('2025-04-25T10:00:00'), 1).toISOString()).toBe('2025-04-26T16:59:59.999Z');
    // 2024: 27 Apr–1 May off; Sat 4 May worked.
    expect(calendar.addWorkingDays(vn('2024-04-26T10:00:00'), 1).toISOString()).toBe(endOf('2024-05-02'));
    expect(calendar.addWorkingDays(vn('2024-04-26T10:00:00'), 3).toISOString()).toBe(endOf('2024-05-04'));
    // 2026: Hùng Kings Sun 26 Apr → Mon 27 off; 30 Apr–3 May off.
    expect(calendar.addWorkingDays(vn('2026-04-24T10:00:00'), 1).toISOString()).toBe(endOf('2026-04-28'));
    expect(calendar.addWorkingDays(vn('2026-04-29T10:00:00'), 1).toISOString()).toBe(endOf('2026-05-04'));
  });

  it('refuses years without holiday data instead of guessing', () => {
    expect(() => calendar.addWorkingDays(vn('2031-03-03T09:00:00'), 2)).toThrow(CalendarOutOfRangeError);
    expect(() => calendar.isWorkingDay('2031-01-02')).toThrow(CalendarOutOfRangeError);
    // Starting in covered 2027 but running into 2028.
    try {
      calendar.addWorkingDays(vn('2027-12-30T09:00:00'), 5);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(CalendarOutOfRangeError);
      expect(error).toMatchObject({ year: 2028, code: 'RULES_CALENDAR_OUT_OF_RANGE' });
    }
  });

  it('rejects negative and fractional counts', () => {
    expect(() => calendar.addWorkingDays(vn('2025-03-10T09:00:00'), -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(vn('2025-03-10T09:00:00'), 1.5)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after a and up to b', () => {
    expect(calendar.workingDaysBetween(vn('2026-02-13T09:00:00'), vn('2026-02-23T09:00:00'))).toBe(1);
    expect(calendar.workingDaysBetween(vn('2025-03-10T09:00:00'), vn('2025-03-17T09:00:00'))).toBe(5);
    expect(calendar.workingDaysBetween(vn('2025-03-17T09:00:00'), vn('2025-03-10T09:00:00'))).toBe(-5);
    expect(calendar.workingDaysBetween(vn('2025-03-10T09:00:00'), vn('2025-03-10T18:00:00'))).toBe(0);
  });
});

describe('WorkingDayCalendar built from a plain list', () => {
  it('derives its covered years from the holiday dates', () => {
    const small = new WorkingDayCalendar({ holidays: ['2030-01-01'] });
    expect(small.years).toEqual([2030]);
    expect(small.isWorkingDay('2030-01-01')).toBe(false);
    expect(small.isWorkingDay('2030-01-02')).toBe(true);
    expect(() => small.isWorkingDay('2029-12-31')).toThrow(CalendarOutOfRangeError);
  });
});

describe('properties', () => {
  // Starts from 2024-01-01 to 2027-10-15 (Vietnam time), so n ≤ 40 stays inside the data.
  const start = fc
    .integer({ min: vnDate('2024-01-01').getTime(), max: vnDate('2027-10-15').getTime() })
    .map((ms) => new Date(ms));
  const count = fc.integer({ min: 1, max: 40 });

  it('addWorkingDays ends on a working day, at its last millisecond, strictly after the start', () => {
    fc.assert(
      fc.property(start, count, (s, n) => {
        const due = calendar.addWorkingDays(s, n);
        expect(calendar.isWorkingDay(due)).toBe(true);
        expect(due.getTime()).toBeGreaterThan(s.getTime());
        expect(vnIsoDate(new Date(due.getTime() + 1))).not.toBe(vnIsoDate(due));
      }),
      { numRuns: 300 },
    );
  });

  it('workingDaysBetween(start, addWorkingDays(start, n)) is n', () => {
    fc.assert(
      fc.property(start, count, (s, n) => {
        expect(calendar.workingDaysBetween(s, calendar.addWorkingDays(s, n))).toBe(n);
      }),
      { numRuns: 300 },
    );
  });
});
