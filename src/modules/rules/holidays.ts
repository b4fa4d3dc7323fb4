// Vietnam's public-sector days off, kept as data per year (BRIEF §5).
//
// Statutory days (Labour Code 2019, Art. 112(1)): New Year 1 day; Tết 5 days,
// placed each year by the Prime Minister; Hùng Kings' Commemoration (10th day of
// the 3rd lunar month) 1 day; 30 April 1 day; 1 May 1 day; National Day 2 Sep
// plus one adjacent day (1 or 3 Sep) chosen each year. A statutory day on a
// weekend gives a compensatory weekday off (Art. 111(3)). On top of that the
// government announces swaps for public employees: a weekday off ("bridge")
// worked back on a Saturday (VN_MAKE_UP_WORKING_DAYS).
//
// Plain weekends inside a break are not listed — they are non-working anyway.
// Lunar dates were derived with lunar.ts and are cross-checked in holidays.test.ts.
//
// Adding a year: append its rows here and to HOLIDAY_YEARS (and any swap to
// VN_MAKE_UP_WORKING_DAYS). Until then the calendar refuses to compute deadlines
// in that year (CalendarOutOfRangeError) rather than guess.
//
// Not included: 24 Nov "Ngày Văn hóa Việt Nam". Politburo Resolution 80-NQ/TW
// (Jan 2026) and Government Resolution 30/NQ-CP call for it to become a paid
// holiday by amending Labour Code Art. 112(1); add it here once that is enacted.

import { WorkingDayCalendar } from './calendar.ts';

/** Why a date is a day off: statutory holiday, compensation for one on a weekend, or a swapped ("bridge") weekday. */
export type HolidayKind = 'holiday' | 'compensatory' | 'bridge';

/** One public-sector day off in Vietnam. */
export type PublicHoliday = { date: string; nameVi: string; nameEn: string; kind: HolidayKind };

/** A Saturday worked in exchange for a bridge day off. */
export type MakeUpWorkingDay = { date: string; replaces: string; nameVi: string; nameEn: string };

/** Years with complete holiday data; new years are added as data, never computed at runtime. */
export const HOLIDAY_YEARS: readonly number[] = [2024, 2025, 2026, 2027];

/** Years whose arrangement is derived from the Labour Code, not yet announced; admins correct them when it is. */
export const PROVISIONAL_HOLIDAY_YEARS: readonly number[] = [2027];

const NEW_YEAR = ['Tết Dương lịch', "New Year's Day"] as const;
const HUNG_KINGS = ['Giỗ Tổ Hùng Vương', "Hùng Kings' Commemoration Day"] as const;
const REUNIFICATION = ['Ngày Chiến thắng (30/4)', 'Reunification Day (30 April)'] as const;
const LABOUR_DAY = ['Ngày Quốc tế Lao động (1/5)', 'International Labour Day (1 May)'] as const;
const NATIONAL_DAY = ['Quốc khánh (2/9)', 'National Day (2 September)'] as const;
const NATIONAL_DAY_ADJACENT = ['Quốc khánh (ngày liền kề)', 'National Day (adjacent day)'] as const;

function day(date: string, [nameVi, nameEn]: readonly [string, string], kind: HolidayKind = 'holiday'): PublicHoliday {
  return { date, nameVi, nameEn, kind };
}

function tet(date: string, lunarVi: string, lunarEn: string): PublicHoliday {
  return { date, nameVi: `Tết Nguyên Đán (${lunarVi})`, nameEn: `Lunar New Year (${lunarEn})`, kind: 'holiday' };
}

function compensatory(date: string, [nameVi, nameEn]: readonly [string, string]): PublicHoliday {
  return { date, nameVi: `Nghỉ bù ${nameVi}`, nameEn: `${nameEn}, compensatory day off`, kind: 'compensatory' };
}

function bridge(date: string, workedOn: string): PublicHoliday {
  return {
    date,
    nameVi: `Nghỉ hoán đổi (làm bù ngày ${workedOn})`,
    nameEn: `Swapped day off (worked on ${workedOn})`,
    kind: 'bridge',
  };
}

const TET = ['Tết Nguyên Đán', 'Lunar New Year'] as const;

/** Public-sector days off 2024–2027 (2027 provisional), sorted by date. */
export const VN_HOLIDAYS: readonly PublicHoliday[] = [
  // 2024 — official: MOLISA notice on 2024 holidays (Tết 8–14 Feb, 29 Chạp Quý Mão to mùng 5);
  // Government Office dispatch 2450/VPCP-KGVX (2024) swapping Mon 29 Apr for Sat 4 May;
  // National Day 31 Aug–3 Sep with 3 Sep as the adjacent day. The notice counts Tết as
  // "5 Tết days + 2 weekly rest days"; listing mùng 1–2 plus two compensatory days gives
  // the same days off.
  day('2024-01-01', NEW_YEAR),
  tet('2024-02-08', '29 tháng Chạp', '29th of the 12th month'),
  tet('2024-02-09', '30 tháng Chạp', '30th of the 12th month'),
  tet('2024-02-10', 'mùng 1', 'day 1'),
  tet('2024-02-11', 'mùng 2', 'day 2'),
  tet('2024-02-12', 'mùng 3', 'day 3'),
  compensatory('2024-02-13', TET),
  compensatory('2024-02-14', TET),
  day('2024-04-18', HUNG_KINGS),
  bridge('2024-04-29', '2024-05-04'),
  day('2024-04-30', REUNIFICATION),
  day('2024-05-01', LABOUR_DAY),
  day('2024-09-02', NATIONAL_DAY),
  day('2024-09-03', NATIONAL_DAY_ADJACENT),

  // 2025 — official: Prime Minister's approval (Nov 2024) of Tết 25 Jan–2 Feb with the five
  // Tết days Mon 27–Fri 31 Jan (28 Chạp Giáp Thìn to mùng 3); 30/4–1/5 break 30 Apr–4 May
  // with Fri 2 May worked on Sat 26 Apr; National Day 30 Aug–2 Sep with 1 Sep adjacent.
  day('2025-01-01', NEW_YEAR),
  tet('2025-01-27', '28 tháng Chạp', '28th of the 12th month'),
  tet('2025-01-28', '29 tháng Chạp', '29th of the 12th month'),
  tet('2025-01-29', 'mùng 1', 'day 1'),
  tet('2025-01-30', 'mùng 2', 'day 2'),
  tet('2025-01-31', 'mùng 3', 'day 3'),
  day('2025-04-07', HUNG_KINGS),
  day('2025-04-30', REUNIFICATION),
  day('2025-05-01', LABOUR_DAY),
  bridge('2025-05-02', '2025-04-26'),
  day('2025-09-01', NATIONAL_DAY_ADJACENT),
  day('2025-09-02', NATIONAL_DAY),

  // 2026 — official: dispatch 12729/VPCP-KGVX (25 Dec 2025) for New Year 1–4 Jan, Fri 2 Jan
  // worked on Sat 10 Jan; Ministry of Home Affairs announcement (Oct 2025) of Tết 14–22 Feb
  // (Tết days Mon 16–Fri 20 Feb, 29 Chạp Ất Tỵ to mùng 4) and National Day 29 Aug–2 Sep
  // with Mon 31 Aug worked on Sat 22 Aug. Hùng Kings' day falls on Sun 26 Apr, so Mon 27 Apr
  // is compensatory (Art. 111(3)); 30 Apr and 1 May are Thu–Fri.
  day('2026-01-01', NEW_YEAR),
  bridge('2026-01-02', '2026-01-10'),
  tet('2026-02-16', '29 tháng Chạp', '29th of the 12th month'),
  tet('2026-02-17', 'mùng 1', 'day 1'),
  tet('2026-02-18', 'mùng 2', 'day 2'),
  tet('2026-02-19', 'mùng 3', 'day 3'),
  tet('2026-02-20', 'mùng 4', 'day 4'),
  day('2026-04-26', HUNG_KINGS),
  compensatory('2026-04-27', HUNG_KINGS),
  day('2026-04-30', REUNIFICATION),
  day('2026-05-01', LABOUR_DAY),
  bridge('2026-08-31', '2026-08-22'),
  day('2026-09-01', NATIONAL_DAY_ADJACENT),
  day('2026-09-02', NATIONAL_DAY),

  // 2027 — PROVISIONAL, derived (not announced when written); admins correct it when the
  // government decides. Tết: the last day of the 12th month (29 Chạp, Fri 5 Feb) to mùng 4,
  // with mùng 1–2 on Sat–Sun compensated Wed 10–Thu 11 Feb. 1 May is a Saturday → Mon 3 May
  // off. National Day is a Thursday; Fri 3 Sep assumed adjacent, as in 2021. Swaps, if any,
  // are unknown and not assumed.
  day('2027-01-01', NEW_YEAR),
  tet('2027-02-05', '29 tháng Chạp', '29th of the 12th month'),
  tet('2027-02-06', 'mùng 1', 'day 1'),
  tet('2027-02-07', 'mùng 2', 'day 2'),
  tet('2027-02-08', 'mùng 3', 'day 3'),
  tet('2027-02-09', 'mùng 4', 'day 4'),
  compensatory('2027-02-10', TET),
  compensatory('2027-02-11', TET),
  day('2027-04-16', HUNG_KINGS),
  day('2027-04-30', REUNIFICATION),
  day('2027-05-01', LABOUR_DAY),
  compensatory('2027-05-03', LABOUR_DAY),
  day('2027-09-02', NATIONAL_DAY),
  day('2027-09-03', NATIONAL_DAY_ADJACENT),
];

/** Saturdays worked by public employees in exchange for the bridge days above. */
export const VN_MAKE_UP_WORKING_DAYS: readonly MakeUpWorkingDay[] = [
  { date: '2024-05-04', replaces: '2024-04-29', nameVi: 'Làm bù cho ngày 29/04/2024', nameEn: 'Worked in place of 2024-04-29' },
  { date: '2025-04-26', replaces: '2025-05-02', nameVi: 'Làm bù cho ngày 02/05/2025', nameEn: 'Worked in place of 2025-05-02' },
  { date: '2026-01-10', replaces: '2026-01-02', nameVi: 'Làm bù cho ngày 02/01/2026', nameEn: 'Worked in place of 2026-01-02' },
  { date: '2026-08-22', replaces: '2026-08-31', nameVi: 'Làm bù cho ngày 31/08/2026', nameEn: 'Worked in place of 2026-08-31' },
];

/** The public-sector working-day calendar built from the data above. */
export function createVietnamWorkingDayCalendar(): WorkingDayCalendar {
  return new WorkingDayCalendar({
    holidays: VN_HOLIDAYS.map((h) => h.date),
    makeUpWorkingDays: VN_MAKE_UP_WORKING_DAYS.map((d) => d.date),
    years: HOLIDAY_YEARS,
  });
}
