// Turns a rule's (amount, unit) into a due instant. Pure: the start instant and
// the working-day calendar come in as arguments, so callers decide which rule
// version and which clock event (occurrence, discovery, receipt) apply.

import { VN_OFFSET_MS } from './calendar.ts';

/** Units a deadline can be expressed in. */
export const DEADLINE_UNITS = ['hours', 'days', 'working_days', 'months'] as const;

/** A deadline unit. */
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

/** The part of WorkingDayCalendar that computeDeadline needs. */
export type WorkingDayAdder = { addWorkingDays(start: Date, n: number): Date };

/** Input to computeDeadline. `calendar` is required only for 'working_days'. */
export type DeadlineInput = {
  start: Date;
  amount: number;
  unit: DeadlineUnit;
  calendar?: WorkingDayAdder;
};

/** Raised for a deadline that cannot be computed from its inputs (bad amount, unit, start, or missing calendar). */
export class InvalidDeadlineInputError extends Error {
  readonly code = 'RULES_DEADLINE_INPUT_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidDeadlineInputError';
  }
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Narrows a unit read from data (a rule version) to a DeadlineUnit, or throws InvalidDeadlineInputError. */
export function parseDeadlineUnit(unit: string): DeadlineUnit {
  const known: readonly string[] = DEADLINE_UNITS;
  if (!known.includes(unit)) throw new InvalidDeadlineInputError(`unknown deadline unit: ${unit}`);
  // Safe: membership in DEADLINE_UNITS was just checked.
  return unit as DeadlineUnit;
}

/**
 * Due instant of a deadline. hours: exactly amount·1 h later (fractions allowed);
 * days: amount·24 h later; months: same Vietnam-local wall time amount months later,
 * clamped to the month's last day; working_days: end of the amount-th working day
 * after the start's local day (see WorkingDayCalendar.addWorkingDays).
 */
export function computeDeadline(input: DeadlineInput): Date {
  const { start, amount, unit, calendar } = input;
  if (!(start instanceof Date) || Number.isNaN(start.getTime())) {
    throw new InvalidDeadlineInputError('start must be a valid Date');
  }
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    throw new InvalidDeadlineInputError(`amount must be a finite non-negative number, got ${String(amount)}`);
  }
  // Only hours may be fractional: half a day or month has no agreed legal meaning.
  if (unit !== 'hours' && !Number.isSafeInteger(amount)) {
    throw new InvalidDeadlineInputError(`amount in ${unit} must be a whole number, got ${amount}`);
  }
  switch (unit) {
    case 'hours':
      return new Date(start.getTime() + amount * HOUR_MS);
    case 'days':
      return new Date(start.getTime() + amount * DAY_MS);
    case 'months':
      return addVnMonths(start, amount);
    case 'working_days':
      if (!calendar) throw new InvalidDeadlineInputError('a working-day calendar is required for working_days');
      return calendar.addWorkingDays(start, amount);
    default:
      // Units arrive from data at runtime; the type alone does not guarantee them.
      throw new InvalidDeadlineInputError(`unknown deadline unit: ${String(unit satisfies never)}`);
  }
}

// Same local (UTC+7) wall-clock time n months later; 31 Jan + 1 month → 28/29 Feb.
function addVnMonths(start: Date, n: number): Date {
  const local = new Date(start.getTime() + VN_OFFSET_MS);
  const year = local.getUTCFullYear();
  const monthIndex = local.getUTCMonth() + n;
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
  const shifted = Date.UTC(
    year,
    monthIndex,
    Math.min(local.getUTCDate(), lastDay),
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  return new Date(shifted - VN_OFFSET_MS);
}
