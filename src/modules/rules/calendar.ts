// Working days in Vietnam time. Asia/Ho_Chi_Minh is UTC+7 all year (no DST),
// so the civil date of an instant is plain arithmetic — no time-zone database,
// and the same answer on every server whatever its TZ setting.
//
// A civil date is handled internally as a "day number": whole days since
// 1970-01-01 in Vietnam time. Day n starts at n·24h − 7h UTC.

/** Vietnam's fixed offset from UTC, in milliseconds. */
export const VN_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Raised when a computation needs a year the holiday data does not cover, so a missing year never yields a wrong deadline. */
export class CalendarOutOfRangeError extends Error {
  readonly code = 'RULES_CALENDAR_OUT_OF_RANGE';
  constructor(
    readonly year: number,
    readonly coveredYears: readonly number[],
  ) {
    super(`no public-holiday data for ${year} (covered: ${coveredYears.join(', ') || 'none'})`);
    this.name = 'CalendarOutOfRangeError';
  }
}

/** Parses 'YYYY-MM-DD' to a Vietnam-time day number; throws RangeError on a malformed or impossible date. */
export function dayNumberOfIso(iso: string): number {
  const match = ISO_DATE.exec(iso);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${iso}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`no such date: ${iso}`);
  }
  return ms / DAY_MS;
}

/** The Vietnam-time day number (civil date in Asia/Ho_Chi_Minh) of an instant. */
export function dayNumberOfInstant(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  return Math.floor((ms + VN_OFFSET_MS) / DAY_MS);
}

/** 'YYYY-MM-DD' of a Vietnam-time day number. */
export function isoOfDayNumber(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** The civil date 'YYYY-MM-DD' of an instant in Vietnam time. */
export function vnIsoDate(instant: Date): string {
  return isoOfDayNumber(dayNumberOfInstant(instant));
}

/** The instant a Vietnam-local date begins: vnDate('2024-12-25') is 2024-12-24T17:00:00Z. */
export function vnDate(iso: string): Date {
  return new Date(dayNumberOfIso(iso) * DAY_MS - VN_OFFSET_MS);
}

/** The last millisecond of a Vietnam-local day (the instant just before the next local midnight). */
export function endOfVnDay(dayNumber: number): Date {
  return new Date((dayNumber + 1) * DAY_MS - VN_OFFSET_MS - 1);
}

function yearOf(dayNumber: number): number {
  return new Date(dayNumber * DAY_MS).getUTCFullYear();
}

/** Input to WorkingDayCalendar: days off, weekend days worked instead (swap days), and the years the data is complete for. */
export type WorkingDayCalendarData = {
  holidays: readonly string[];
  makeUpWorkingDays?: readonly string[];
  /** Years whose data is complete; defaults to the years that appear in `holidays`. */
  years?: readonly number[];
};

/** Mon–Fri working days in Vietnam time, minus public holidays, plus any weekend days worked in a swap. */
export class WorkingDayCalendar {
  private readonly holidays: ReadonlySet<number>;
  private readonly makeUpDays: ReadonlySet<number>;
  readonly years: readonly number[];

  constructor(data: WorkingDayCalendarData) {
    this.holidays = new Set(data.holidays.map(dayNumberOfIso));
    this.makeUpDays = new Set((data.makeUpWorkingDays ?? []).map(dayNumberOfIso));
    const years = data.years ?? [...this.holidays].map(yearOf);
    this.years = [...new Set(years)].sort((a, b) => a - b);
  }

  /** Whether the Vietnam-local date (an instant, or 'YYYY-MM-DD') is a working day; throws CalendarOutOfRangeError outside the data. */
  isWorkingDay(date: Date | string): boolean {
    return this.isWorkingDayNumber(typeof date === 'string' ? dayNumberOfIso(date) : dayNumberOfInstant(date));
  }

  /**
   * End of the n-th working day after the start's local day (which itself never counts):
   * 23:59:59.999 Vietnam time. n = 0 gives the end of the start's own day.
   */
  addWorkingDays(start: Date, n: number): Date {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer, got ${n}`);
    let day = dayNumberOfInstant(start);
    this.assertCovered(day);
    for (let counted = 0; counted < n; ) {
      day += 1;
      if (this.isWorkingDayNumber(day)) counted += 1;
    }
    return endOfVnDay(day);
  }

  /** Working days d with localDay(a) < d ≤ localDay(b); negative when b is before a. Inverse of addWorkingDays. */
  workingDaysBetween(a: Date, b: Date): number {
    const from = dayNumberOfInstant(a);
    const to = dayNumberOfInstant(b);
    if (to < from) return -this.workingDaysBetween(b, a);
    this.assertCovered(from);
    let count = 0;
    for (let day = from + 1; day <= to; day += 1) {
      if (this.isWorkingDayNumber(day)) count += 1;
    }
    return count;
  }

  private isWorkingDayNumber(day: number): boolean {
    this.assertCovered(day);
    if (this.makeUpDays.has(day)) return true;
    if (this.holidays.has(day)) return false;
    // 1970-01-01 (day 0) was a Thursday; 0 = Sunday … 6 = Saturday.
    const weekday = (((day + 4) % 7) + 7) % 7;
    return weekday !== 0 && weekday !== 6;
  }

  private assertCovered(day: number): void {
    const year = yearOf(day);
    if (!this.years.includes(year)) throw new CalendarOutOfRangeError(year, this.years);
  }
}
