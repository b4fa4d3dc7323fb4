// The Vietnamese lunisolar calendar, after Hồ Ngọc Đức's published algorithm
// ("Thuật toán tính âm lịch"): astronomical new moons and solar terms from
// Jean Meeus' "Astronomical Algorithms", evaluated at the UTC+7 meridian.
// The time zone is why Vietnamese and Chinese (UTC+8) dates occasionally
// differ — Tết 1985 and 2007 fell a day or a month apart. We use it only to
// derive and cross-check the holiday data in holidays.ts, never at request time.

/** A day of the Vietnamese lunar calendar; `leap` marks a leap (nhuận) month. */
export type LunarDate = { year: number; month: number; day: number; leap: boolean };

/** Vietnam's offset from UTC in hours; the lunar calendar is computed for this meridian. */
export const VIETNAM_TIME_ZONE_HOURS = 7;

const TZ = VIETNAM_TIME_ZONE_HOURS;
// Mean synodic month and the Julian day of the reference new moon (1900-01-01).
const SYNODIC_MONTH = 29.530588853;
const NEW_MOON_EPOCH = 2415021.076998695;
const DEG = Math.PI / 180;

/** Julian day number of a proleptic Gregorian date (Julian before 1582-10-15). */
export function julianDayFromDate(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  const gregorian =
    day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 32045;
  if (gregorian >= 2299161) return gregorian;
  return day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - 32083;
}

/** Calendar date of a Julian day number (inverse of julianDayFromDate). */
export function dateFromJulianDay(jd: number): { year: number; month: number; day: number } {
  let b = 0;
  let c = jd + 32082;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = Math.floor((4 * a + 3) / 146097);
    c = a - Math.floor((b * 146097) / 4);
  }
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: b * 100 + d - 4800 + Math.floor(m / 10),
  };
}

// Julian day (fractional, UT) of the k-th new moon after the 1900 epoch (Meeus ch. 49, abridged).
function newMoon(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * DEG);
  const m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * DEG;
  const mpr = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * DEG;
  const f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * DEG;
  // Periodic terms, signs as in Meeus table 49.A: e.g. −0.4068·sin M′ but +0.0161·sin 2M′.
  const c1 =
    (0.1734 - 0.000393 * t) * Math.sin(m) +
    0.0021 * Math.sin(2 * m) -
    0.4068 * Math.sin(mpr) +
    0.0161 * Math.sin(2 * mpr) -
    0.0004 * Math.sin(3 * mpr) +
    0.0104 * Math.sin(2 * f) -
    0.0051 * Math.sin(m + mpr) -
    0.0074 * Math.sin(m - mpr) +
    0.0004 * Math.sin(2 * f + m) -
    0.0004 * Math.sin(2 * f - m) -
    0.0006 * Math.sin(2 * f + mpr) +
    0.001 * Math.sin(2 * f - mpr) +
    0.0005 * Math.sin(2 * mpr + m);
  // ΔT (TT − UT) correction, in days.
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jd + c1 - deltaT;
}

// Apparent solar longitude in radians [0, 2π) at a fractional Julian day.
function sunLongitude(jd: number): number {
  const t = (jd - 2451545.0) / 36525;
  const t2 = t * t;
  const m = (357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * DEG;
  const l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  let dl = (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(m);
  dl += (0.019993 - 0.000101 * t) * Math.sin(2 * m) + 0.00029 * Math.sin(3 * m);
  const l = (l0 + dl) * DEG;
  return l - 2 * Math.PI * Math.floor(l / (2 * Math.PI));
}

// Local day number on which the k-th new moon falls.
function newMoonDay(k: number): number {
  return Math.floor(newMoon(k) + 0.5 + TZ / 24);
}

// Solar-term sector (0–11, 30° each) at the start of a local day.
function sunSector(dayNumber: number): number {
  return Math.floor((sunLongitude(dayNumber - 0.5 - TZ / 24) / Math.PI) * 6);
}

// First day of the lunar month containing the winter solstice (month 11) of a year.
function lunarMonth11(year: number): number {
  const k = Math.floor((julianDayFromDate(year, 12, 31) - 2415021) / SYNODIC_MONTH);
  const nm = newMoonDay(k);
  return sunSector(nm) >= 9 ? newMoonDay(k - 1) : nm;
}

// Offset (in months after month 11) of the leap month: the first month with no major solar term.
function leapMonthOffset(a11: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i));
  let last: number;
  do {
    last = arc;
    i += 1;
    arc = sunSector(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

/** Converts a Gregorian civil date (as lived in Vietnam) to the Vietnamese lunar date. */
export function solarToLunar(year: number, month: number, day: number): LunarDate {
  const dayNumber = julianDayFromDate(year, month, day);
  const k = Math.floor((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1);
  if (monthStart > dayNumber) monthStart = newMoonDay(k);
  let a11 = lunarMonth11(year);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = year;
    a11 = lunarMonth11(year - 1);
  } else {
    lunarYear = year + 1;
    b11 = lunarMonth11(year + 1);
  }
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let lunarMonth = diff + 11;
  // A 13-month year (more than 365 days between two months 11) has a leap month.
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11);
    if (diff >= leapDiff) {
      lunarMonth = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (lunarMonth > 12) lunarMonth -= 12;
  if (lunarMonth >= 11 && diff < 4) lunarYear -= 1;
  return { year: lunarYear, month: lunarMonth, day: dayNumber - monthStart + 1, leap };
}

/** Converts a Vietnamese lunar date to 'YYYY-MM-DD'; throws RangeError for a leap month that does not exist. */
export function lunarToSolar(lunar: LunarDate): string {
  const { year, month, day, leap } = lunar;
  const a11 = month < 11 ? lunarMonth11(year - 1) : lunarMonth11(year);
  const b11 = month < 11 ? lunarMonth11(year) : lunarMonth11(year + 1);
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let offset = month - 11;
  if (offset < 0) offset += 12;
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11);
    let leapMonth = leapOffset - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) throw new RangeError(`lunar year ${year} has no leap month ${month}`);
    if (leap || offset >= leapOffset) offset += 1;
  } else if (leap) {
    throw new RangeError(`lunar year ${year} has no leap month`);
  }
  const solar = dateFromJulianDay(newMoonDay(k + offset) + day - 1);
  return isoOf(solar.year, solar.month, solar.day);
}

/** First day of Tết Nguyên Đán (1st day of the 1st lunar month) falling in a Gregorian year. */
export function tetDate(year: number): string {
  return lunarToSolar({ year, month: 1, day: 1, leap: false });
}

/** Hùng Kings' Commemoration Day (10th day of the 3rd lunar month) in a Gregorian year. */
export function hungKingsDate(year: number): string {
  return lunarToSolar({ year, month: 3, day: 10, leap: false });
}

function isoOf(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
