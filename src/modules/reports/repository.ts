import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db.ts';
import { reportEvents, reportEvidence, reports, reportTargets } from './tables.ts';

export type ReportRow = typeof reports.$inferSelect;
export type ReportTargetRow = typeof reportTargets.$inferSelect;
export type EvidenceRow = typeof reportEvidence.$inferSelect;
export type ReportEventRow = typeof reportEvents.$inferSelect;

/**
 * Store a report with its targets, evidence, first history line and queued
 * audit entry in ONE statement (data-modifying CTEs): atomic without a
 * transaction, and one round trip, which is what intake speed depends on.
 */
export async function insertReport(
  db: Db,
  report: Omit<typeof reports.$inferInsert, 'caseId'> & { id: string; createdAt: Date },
  targets: Omit<typeof reportTargets.$inferInsert, 'reportId'>[],
  evidence: Omit<typeof reportEvidence.$inferInsert, 'reportId'>[],
  audit: SQL,
): Promise<void> {
  const at = report.createdAt.toISOString();
  const targetRows = JSON.stringify(targets.map((t) => ({ position: t.position, type: t.type, value: t.value, display: t.display, flags: t.flags.join(',') })));
  const evidenceRows = JSON.stringify(evidence.map((e) => ({ position: e.position, sha256: e.sha256, content_type: e.contentType, size: e.size, file_name: e.fileName })));
  await db.execute(sql`
    with report as (
      insert into reports (id, ticket, category, description, locale, province_code, channel, contact_ciphertext, contact_kind, share_contact, created_at)
      values (${report.id}::uuid, ${report.ticket}, ${report.category}, ${report.description}, ${report.locale}, ${report.provinceCode ?? null}, ${report.channel}, ${report.contactCiphertext ?? null}, ${report.contactKind ?? null}, ${report.shareContact ?? false}, ${at}::timestamptz)
      returning id
    ), targets as (
      insert into report_targets (report_id, position, type, value, display, flags)
      select ${report.id}::uuid, x.position, x.type, x.value, x.display, string_to_array(x.flags, ',')
      from jsonb_to_recordset(${targetRows}::jsonb) as x(position int, type text, value text, display text, flags text)
    ), evidence as (
      insert into report_evidence (report_id, position, sha256, content_type, size, file_name)
      select ${report.id}::uuid, x.position, x.sha256, x.content_type, x.size, x.file_name
      from jsonb_to_recordset(${evidenceRows}::jsonb) as x(position int, sha256 text, content_type text, size int, file_name text)
    ), history as (
      insert into report_events (report_id, kind, at) values (${report.id}::uuid, 'received', ${at}::timestamptz)
    ), audit as (${audit})
    select id from report`);
}

/** Reports not yet in a case, oldest first, locked for this grouping transaction. */
export async function ungroupedReports(db: Db, limit: number): Promise<Pick<ReportRow, 'id' | 'category' | 'provinceCode' | 'description' | 'createdAt'>[]> {
  return db
    .select({ id: reports.id, category: reports.category, provinceCode: reports.provinceCode, description: reports.description, createdAt: reports.createdAt })
    .from(reports)
    .where(isNull(reports.caseId))
    .orderBy(asc(reports.createdAt), asc(reports.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Record which case each report went into, in one statement. */
export async function setCases(db: Db, assignments: readonly { reportId: string; caseId: string }[]): Promise<void> {
  if (assignments.length === 0) return;
  await db.execute(sql`
    update reports set case_id = x.case_id
    from jsonb_to_recordset(${JSON.stringify(assignments.map((a) => ({ id: a.reportId, case_id: a.caseId })))}::jsonb) as x(id uuid, case_id uuid)
    where reports.id = x.id`);
}

export async function findByTicket(db: Db, ticket: string): Promise<ReportRow | null> {
  const [row] = await db.select().from(reports).where(eq(reports.ticket, ticket));
  return row ?? null;
}

export async function findReport(db: Db, id: string): Promise<ReportRow | null> {
  const [row] = await db.select().from(reports).where(eq(reports.id, id));
  return row ?? null;
}

export async function targetsOf(db: Db, reportIds: readonly string[]): Promise<ReportTargetRow[]> {
  if (reportIds.length === 0) return [];
  return db.select().from(reportTargets).where(inArray(reportTargets.reportId, [...reportIds])).orderBy(asc(reportTargets.reportId), asc(reportTargets.position));
}

export async function evidenceOf(db: Db, reportIds: readonly string[]): Promise<EvidenceRow[]> {
  if (reportIds.length === 0) return [];
  return db.select().from(reportEvidence).where(inArray(reportEvidence.reportId, [...reportIds])).orderBy(asc(reportEvidence.reportId), asc(reportEvidence.position));
}

export async function findEvidence(db: Db, id: string): Promise<(EvidenceRow & { caseId: string | null }) | null> {
  const [row] = await db
    .select({ evidence: reportEvidence, caseId: reports.caseId })
    .from(reportEvidence)
    .innerJoin(reports, eq(reports.id, reportEvidence.reportId))
    .where(eq(reportEvidence.id, id));
  return row === undefined ? null : { ...row.evidence, caseId: row.caseId };
}

export async function eventsOf(db: Db, reportIds: readonly string[]): Promise<ReportEventRow[]> {
  if (reportIds.length === 0) return [];
  return db.select().from(reportEvents).where(inArray(reportEvents.reportId, [...reportIds])).orderBy(asc(reportEvents.at));
}

export async function insertEvent(db: Db, values: typeof reportEvents.$inferInsert): Promise<void> {
  await db.insert(reportEvents).values(values);
}

export async function reportsOfCase(db: Db, caseId: string, limit: number): Promise<ReportRow[]> {
  return db.select().from(reports).where(eq(reports.caseId, caseId)).orderBy(desc(reports.createdAt)).limit(limit);
}

/** Reports of a case that left a contact: the people to tell about a change. */
export async function contactsOfCase(db: Db, caseId: string): Promise<Pick<ReportRow, 'id' | 'ticket' | 'locale' | 'contactCiphertext' | 'contactKind' | 'createdAt'>[]> {
  return db
    .select({ id: reports.id, ticket: reports.ticket, locale: reports.locale, contactCiphertext: reports.contactCiphertext, contactKind: reports.contactKind, createdAt: reports.createdAt })
    .from(reports)
    .where(and(eq(reports.caseId, caseId), sql`${reports.contactCiphertext} is not null`));
}

export async function moveToCase(db: Db, fromCaseId: string, toCaseId: string): Promise<void> {
  await db.update(reports).set({ caseId: toCaseId }).where(eq(reports.caseId, fromCaseId));
}

