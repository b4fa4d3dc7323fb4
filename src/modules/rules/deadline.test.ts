import { describe, it, expect } from 'vitest';
import { InvalidDeadlineInputError, computeDeadline, parseDeadlineUnit } from './deadline.ts';
import type { DeadlineUnit } from './deadline.ts';
import { createVietnamWorkingDayCalendar } from './holidays.ts';

const calendar = createVietnamWorkingDayCalendar();
const vn = (local: string): Date => new Date(`${local}+07:00`);
const iso = (d: Date): string => d.toISOString();

describe('computeDeadline', () => {
  it('adds exact hours', () => {
    const start = vn('2025-03-01T10:15:30.250');
    expect(iso(computeDeadline({ start, amount: 24, unit: 'hours' }))).toBe('2025-03-02T03:15:30.250Z');
    expect(iso(computeDeadline({ start, amount: 6, unit: 'hours' }))).toBe('2025-03-01T09:15:30.250Z');
    expect(iso(computeDeadline({ start, amount: 1.5, unit: 'hours' }))).toBe('2025-03-01T04:45:30.250Z');
  });

  it('ignores weekends and holidays for hours: 24 h from Tết eve is Tết day 1', () => {
    const due = computeDeadline({ start: vn('2026-02-16T20:00:00'), amount: 24, unit: 'hours', calendar });
    expect(iso(due)).toBe(iso(vn('2026-02-17T20:00:00')));
  });

  it('adds calendar days as multiples of 24 h', () => {
    const start = vn('2026-02-10T09:00:00');
    expect(iso(computeDeadline({ start, amount: 10, unit: 'days' }))).toBe(iso(vn('2026-02-20T09:00:00')));
  });

  it('adds months at the same Vietnam wall time, clamped to month end', () => {
    expect(iso(computeDeadline({ start: vn('2025-01-31T10:00:00'), amount: 1, unit: 'months' }))).toBe(
      iso(vn('2025-02-28T10:00:00')),
    );
    expect(iso(computeDeadline({ start: vn('2024-01-31T10:00:00'), amount: 1, unit: 'months' }))).toBe(
      iso(vn('2024-02-29T10:00:00')),
    );
    expect(iso(computeDeadline({ start: vn('2024-02-29T08:00:00'), amount: 12, unit: 'months' }))).toBe(
      iso(vn('2025-02-28T08:00:00')),
    );
    expect(iso(computeDeadline({ start: vn('2025-08-31T08:00:00'), amount: 6, unit: 'months' }))).toBe(
      iso(vn('2026-02-28T08:00:00')),
    );
  });

  it('takes the month in Vietnam time, not UTC', () => {
    // 20:00Z on 30 Jan is 03:00 on 31 Jan in Hanoi, so the clamp lands on 28 Feb 03:00 +07
    // (27 Feb 20:00Z); done in UTC it would wrongly be 28 Feb 20:00Z.
    const due = computeDeadline({ start: new Date('2025-01-30T20:00:00Z'), amount: 1, unit: 'months' });
    expect(iso(due)).toBe('2025-02-27T20:00:00.000Z');
    expect(iso(due)).toBe(iso(vn('2025-02-28T03:00:00')));
    // 20:00Z on 31 Jan is already 1 Feb in Hanoi: one month later is 1 Mar 03:00 +07.
    const next = computeDeadline({ start: new Date('2025-01-31T20:00:00Z'), amount: 1, unit: 'months' });
    expect(iso(next)).toBe(iso(vn('2025-03-01T03:00:00')));
  });

  it('delegates working days to the calendar', () => {
    const due = computeDeadline({ start: vn('2026-02-13T15:00:00'), amount: 2, unit: 'working_days', calendar });
    expect(iso(due)).toBe('2026-02-24T16:59:59.999Z');
  });

  it('requires a calendar for working days', () => {
    expect(() => computeDeadline({ start: vn('2026-02-13T15:00:00'), amount: 2, unit: 'working_days' })).toThrow(
      InvalidDeadlineInputError,
    );
  });

  it.each([
    ['negative', -1, 'hours'],
    ['NaN', Number.NaN, 'hours'],
    ['infinite', Number.POSITIVE_INFINITY, 'days'],
    ['fractional days', 1.5, 'days'],
    ['fractional months', 0.5, 'months'],
    ['fractional working days', 2.5, 'working_days'],
  ] as const)('rejects a %s amount', (_label, amount, unit) => {
    expect(() => computeDeadline({ start: vn('2025-03-01T10:00:00'), amount, unit, calendar })).toThrow(
      InvalidDeadlineInputError,
    );
  });

  it('rejects an invalid start', () => {
    expect(() => computeDeadline({ start: new Date('garbage'), amount: 1, unit: 'hours' })).toThrow(
      InvalidDeadlineInputError,
    );
  });

  it('rejects units it does not know, even when the type system was bypassed', () => {
    // Units come from stored rule versions; simulate a bad row reaching the function.
    const unit = 'weeks' as DeadlineUnit;
    expect(() => computeDeadline({ start: vn('2025-03-01T10:00:00'), amount: 1, unit })).toThrow(
      /unknown deadline unit: weeks/,
    );
  });
});

describe('parseDeadlineUnit', () => {
  it('accepts the four deadline units and nothing else', () => {
    expect(parseDeadlineUnit('hours')).toBe('hours');
    expect(parseDeadlineUnit('working_days')).toBe('working_days');
    for (const bad of ['weeks', 'percent', 'annual_date', 'Hours', '']) {
      expect(() => parseDeadlineUnit(bad)).toThrow(InvalidDeadlineInputError);
    }
  });
});
