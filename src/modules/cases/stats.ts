import type { Db } from '../../core/db.ts';
import { CATEGORY_CODES, CASE_STATUSES } from './categories.ts';
import { caseStatistics } from './repository.ts';

/** Public aggregate figures over the last `days` days: no case, report or person can be picked out. */
export async function publicStatistics(db: Db, now: Date, days: number) {
  const since = new Date(now.getTime() - days * 86_400_000);
  const figures = await caseStatistics(db, since);
  const fill = (keys: readonly string[], rows: { key: string; n: number }[]) => Object.fromEntries(keys.map((k) => [k, rows.find((r) => r.key === k)?.n ?? 0]));
  const round = (hours: number | null) => (hours === null ? null : Math.round(Number(hours) * 100) / 100);
  return {
    since: since.toISOString(),
    until: now.toISOString(),
    reports: figures.byCategory.reduce((sum, r) => sum + r.n, 0),
    byCategory: fill(CATEGORY_CODES, figures.byCategory),
    byStatus: fill(CASE_STATUSES, figures.byStatus),
    byDay: figures.byDay.map((r) => ({ day: r.key, reports: r.n })),
    medianHoursToFirstReview: round(figures.medianHoursToFirstReview),
    medianHoursToDecision: round(figures.medianHoursToDecision),
  };
}
