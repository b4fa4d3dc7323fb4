import { sql } from 'drizzle-orm';
import type { Database } from '../../core/db.ts';
import type { EventBus } from '../../core/events.ts';
import { attachReport } from '../cases/index.ts';
import type { ReportGrouped } from './complaint-source.ts';
import * as repo from './repository.ts';

const BATCH = 200;
// One grouper at a time across processes: cases are found and created without racing.
const GROUPER_LOCK_KEY = 7_241_003;

/**
 * Put new reports into their cases, oldest first, a batch per transaction,
 * until none is left; returns how many. Runs every half second in worker
 * processes (and at shutdown), so a report is in its case within about a
 * second of its ticket. A report is never lost or grouped twice: it stays
 * ungrouped until the transaction that sets its case commits.
 */
export async function groupPendingReports(database: Database, events: EventBus): Promise<number> {
  let total = 0;
  for (;;) {
    const grouped = await database.transaction(async (tx) => {
      await tx.db.execute(sql`select pg_advisory_xact_lock(${GROUPER_LOCK_KEY})`);
      const pending = await repo.ungroupedReports(tx.db, BATCH);
      const targets = await repo.targetsOf(tx.db, pending.map((r) => r.id));
      const assignments: { reportId: string; caseId: string }[] = [];
      for (const report of pending) {
        const own = targets.filter((t) => t.reportId === report.id);
        const { caseId } = await attachReport(
          tx,
          { reportId: report.id, category: report.category, provinceCode: report.provinceCode, description: report.description, targets: own, reportedAt: report.createdAt },
          { events },
        );
        assignments.push({ reportId: report.id, caseId });
        // For modules that act on reports (complaints routed to the platform that runs a target).
        const payload: ReportGrouped = { reportId: report.id, caseId, category: report.category, targets: own.map((t) => ({ type: t.type, value: t.value })) };
        await events.publish(tx, { type: 'report.grouped', aggregateId: report.id, payload }, report.createdAt);
      }
      await repo.setCases(tx.db, assignments);
      return pending.length;
    });
    total += grouped;
    if (grouped < BATCH) return total;
  }
}
