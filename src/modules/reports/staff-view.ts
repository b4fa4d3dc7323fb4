import type { Db } from '../../core/db.ts';
import type { CaseReportsReader, StaffReportView } from '../cases/index.ts';
import * as repo from './repository.ts';

/** The reports of a case as staff see them (the cases module's port): the contact never leaves this module. */
export const caseReportsReader: CaseReportsReader = {
  async reportsOfCase(db: Db, caseId: string, limit: number): Promise<StaffReportView[]> {
    const rows = await repo.reportsOfCase(db, caseId, limit);
    const ids = rows.map((r) => r.id);
    // One after the other: `db` may be a transaction's single connection.
    const targets = await repo.targetsOf(db, ids);
    const evidence = await repo.evidenceOf(db, ids);
    const events = await repo.eventsOf(db, ids);
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.createdAt,
      category: r.category,
      description: r.description,
      provinceCode: r.provinceCode,
      channel: r.channel,
      locale: r.locale,
      hasContact: r.contactCiphertext !== null,
      targets: targets.filter((t) => t.reportId === r.id).map((t) => ({ type: t.type, value: t.value, display: t.display, flags: t.flags })),
      evidence: evidence.filter((e) => e.reportId === r.id).map((e) => ({ id: e.id, contentType: e.contentType, size: e.size, fileName: e.fileName })),
      replies: events.filter((e) => e.reportId === r.id && e.kind === 'replied').map((e) => ({ body: e.body ?? '', at: e.at })),
    }));
  },
};
