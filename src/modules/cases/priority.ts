import type { CaseRow } from './repository.ts';

/**
 * The triage queue's priority: severity dominates, then overdue or nearly
 * due, then how many people reported it and how long it has waited. The
 * repository orders the queue with the same weights in SQL (prioritySql).
 */
export const PRIORITY = {
  severityWeight: 10,
  reportCap: 50,
  reportWeight: 2,
  waitCapHours: 72,
  waitDivisor: 6,
  overdueBonus: 30,
  dueSoonBonus: 15,
  dueSoonHours: 6,
} as const;

/** The priority of a case at `now` (the same value the queue sorts by). */
export function priorityAt(row: Pick<CaseRow, 'severity' | 'reportCount' | 'firstReportedAt' | 'dueAt'>, now: Date): number {
  const p = PRIORITY;
  const hoursWaiting = Math.min((now.getTime() - row.firstReportedAt.getTime()) / 3_600_000, p.waitCapHours);
  const due = row.dueAt <= now ? p.overdueBonus : row.dueAt.getTime() <= now.getTime() + p.dueSoonHours * 3_600_000 ? p.dueSoonBonus : 0;
  return row.severity * p.severityWeight + Math.min(row.reportCount, p.reportCap) * p.reportWeight + hoursWaiting / p.waitDivisor + due;
}
