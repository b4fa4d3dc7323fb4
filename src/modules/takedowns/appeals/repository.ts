// The SQL of takedown appeals: the appeal rows and their evidence, the reads that resolve what an
// appellant names, the statement's appeal outcome, and the per-organisation counts. Requests,
// history lines and notices are written through the module's own repository.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../core/db.ts';
import { takedownAppealEvidence, takedownAppeals, takedownRequests, transparencyStatements } from '../tables.ts';
import type { AppealStatus, DecidedStatus } from './model.ts';

export type AppealRow = typeof takedownAppeals.$inferSelect;
export type AppealEvidenceRow = typeof takedownAppealEvidence.$inferSelect;
type RequestRow = typeof takedownRequests.$inferSelect;
type StatementRow = typeof transparencyStatements.$inferSelect;

// What an appellant names.

export async function requestByNumber(db: Db, number: number): Promise<RequestRow | null> {
  const [row] = await db.select().from(takedownRequests).where(eq(takedownRequests.number, number));
  return row ?? null;
}

export async function statementById(db: Db, id: string): Promise<StatementRow | null> {
  const [row] = await db.select().from(transparencyStatements).where(eq(transparencyStatements.id, id));
  return row ?? null;
}

/** A request's statement of reasons (one per actioned request), or null. */
export async function statementOfRequest(db: Db, requestId: string): Promise<StatementRow | null> {
  const [row] = await db.select().from(transparencyStatements).where(eq(transparencyStatements.requestId, requestId));
  return row ?? null;
}

/** Set the outcome of the decided appeal on the published statement. */
export async function setAppealOutcome(db: Db, statementId: string, outcome: DecidedStatus): Promise<void> {
  await db.update(transparencyStatements).set({ appealOutcome: outcome }).where(eq(transparencyStatements.id, statementId));
}

// Appeals.

/** An appeal and its evidence, written together. */
export async function insertAppeal(db: Db, appeal: AppealRow, evidence: readonly Omit<AppealEvidenceRow, 'id'>[]): Promise<void> {
  await db.insert(takedownAppeals).values(appeal);
  if (evidence.length > 0) await db.insert(takedownAppealEvidence).values([...evidence]);
}

/** The statuses of a request's appeals (to refuse a second open one, or one after a decision). */
export async function appealStatusesOf(db: Db, requestId: string): Promise<AppealStatus[]> {
  const rows = await db.select({ status: takedownAppeals.status }).from(takedownAppeals).where(eq(takedownAppeals.requestId, requestId));
  return rows.map((r) => r.status as AppealStatus);
}

export async function findAppeal(db: Db, id: string): Promise<AppealRow | null> {
  const [row] = await db.select().from(takedownAppeals).where(eq(takedownAppeals.id, id));
  return row ?? null;
}

/** The appeal, locked for the caller's transaction (so two decisions cannot both pass). */
export async function lockAppeal(db: Db, id: string): Promise<AppealRow | null> {
  const [row] = await db.select().from(takedownAppeals).where(eq(takedownAppeals.id, id)).for('update');
  return row ?? null;
}

export async function findByTicket(db: Db, ticket: string): Promise<AppealRow | null> {
  const [row] = await db.select().from(takedownAppeals).where(eq(takedownAppeals.ticket, ticket));
  return row ?? null;
}

/** Record the decision of an appeal that is still open; false when it was decided meanwhile. */
export async function recordDecision(db: Db, id: string, decision: { status: DecidedStatus; reason: string; by: string | null; byName: string; at: Date }): Promise<boolean> {
  const rows = await db
    .update(takedownAppeals)
    .set({ status: decision.status, decisionReason: decision.reason, decidedBy: decision.by, decidedByName: decision.byName, decidedAt: decision.at })
    .where(and(eq(takedownAppeals.id, id), eq(takedownAppeals.status, 'received')))
    .returning({ id: takedownAppeals.id });
  return rows.length > 0;
}

/** A line of the staff queue: the appeal with what it is about. */
export type QueueRow = AppealRow & { requestNumber: number; recipientOrgId: string; action: string; issuerOrgId: string | null };

/**
 * Appeals for the staff queue, open ones first and each group oldest first. `issuerOrgId` null:
 * every appeal (national staff); otherwise those against requests that authority issued.
 */
export async function listAppeals(db: Db, options: { issuerOrgId: string | null; status: AppealStatus | null; limit: number; offset: number }): Promise<{ rows: QueueRow[]; total: number }> {
  const a = takedownAppeals;
  const r = takedownRequests;
  const where = and(options.status === null ? undefined : eq(a.status, options.status), options.issuerOrgId === null ? undefined : eq(r.issuerOrgId, options.issuerOrgId));
  const found = await db
    .select({ appeal: a, requestNumber: r.number, recipientOrgId: r.recipientOrgId, action: r.action, issuerOrgId: r.issuerOrgId })
    .from(a)
    .innerJoin(r, eq(r.id, a.requestId))
    .where(where)
    .orderBy(sql`(${a.status} = 'received') desc`, asc(a.createdAt), asc(a.id))
    .limit(options.limit)
    .offset(options.offset);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(a).innerJoin(r, eq(r.id, a.requestId)).where(where);
  return { rows: found.map((f) => ({ ...f.appeal, requestNumber: f.requestNumber, recipientOrgId: f.recipientOrgId, action: f.action, issuerOrgId: f.issuerOrgId })), total: count?.n ?? 0 };
}

// Evidence.

/** How many evidence files each appeal has. */
export async function evidenceCounts(db: Db, appealIds: readonly string[]): Promise<Map<string, number>> {
  if (appealIds.length === 0) return new Map();
  const e = takedownAppealEvidence;
  const rows = await db
    .select({ appealId: e.appealId, n: sql<number>`count(*)::int` })
    .from(e)
    .where(inArray(e.appealId, [...appealIds]))
    .groupBy(e.appealId);
  return new Map(rows.map((r) => [r.appealId, r.n]));
}

export async function evidenceOf(db: Db, appealId: string): Promise<AppealEvidenceRow[]> {
  const e = takedownAppealEvidence;
  return db.select().from(e).where(eq(e.appealId, appealId)).orderBy(asc(e.fileName), asc(e.id));
}

export async function findEvidence(db: Db, id: string): Promise<AppealEvidenceRow | null> {
  const [row] = await db.select().from(takedownAppealEvidence).where(eq(takedownAppealEvidence.id, id));
  return row ?? null;
}

// Figures.

/** Appeals and restorations per recipient organisation (the organisation that acted). */
export async function appealCounts(db: Db): Promise<{ orgId: string; appealed: number; restored: number }[]> {
  const a = takedownAppeals;
  const r = takedownRequests;
  return db
    .select({ orgId: r.recipientOrgId, appealed: sql<number>`count(*)::int`, restored: sql<number>`count(*) filter (where ${a.status} = 'restored')::int` })
    .from(a)
    .innerJoin(r, eq(r.id, a.requestId))
    .groupBy(r.recipientOrgId);
}
