// The SQL of appeals: the appeal rows and their evidence. Indicators are read and written
// through the module's own repository and listings.ts.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../core/db.ts';
import { appealEvidence, indicatorAppeals } from '../tables.ts';
import type { AppealStatus } from './model.ts';

export type AppealRow = typeof indicatorAppeals.$inferSelect;
export type AppealEvidenceRow = typeof appealEvidence.$inferSelect;

/** An appeal and its evidence, written together. */
export async function insertAppeal(db: Db, appeal: AppealRow, evidence: readonly Omit<AppealEvidenceRow, 'id'>[]): Promise<void> {
  await db.insert(indicatorAppeals).values(appeal);
  if (evidence.length > 0) await db.insert(appealEvidence).values([...evidence]);
}

export async function findAppeal(db: Db, id: string): Promise<AppealRow | null> {
  const [row] = await db.select().from(indicatorAppeals).where(eq(indicatorAppeals.id, id));
  return row ?? null;
}

/** The appeal, locked for the caller's transaction (so two decisions cannot both pass). */
export async function lockAppeal(db: Db, id: string): Promise<AppealRow | null> {
  const [row] = await db.select().from(indicatorAppeals).where(eq(indicatorAppeals.id, id)).for('update');
  return row ?? null;
}

export async function findByTicket(db: Db, ticket: string): Promise<AppealRow | null> {
  const [row] = await db.select().from(indicatorAppeals).where(eq(indicatorAppeals.ticket, ticket));
  return row ?? null;
}

/** Record the decision of an appeal that is still open; false when it was decided meanwhile. */
export async function recordDecision(db: Db, id: string, decision: { status: Exclude<AppealStatus, 'received'>; reason: string; by: string | null; byName: string; at: Date }): Promise<boolean> {
  const rows = await db
    .update(indicatorAppeals)
    .set({ status: decision.status, decisionReason: decision.reason, decidedBy: decision.by, decidedByName: decision.byName, decidedAt: decision.at })
    .where(and(eq(indicatorAppeals.id, id), eq(indicatorAppeals.status, 'received')))
    .returning({ id: indicatorAppeals.id });
  return rows.length > 0;
}

/** Appeals for the staff queue: open ones first, each group oldest first. */
export async function listAppeals(db: Db, options: { status: AppealStatus | null; limit: number; offset: number }): Promise<{ rows: AppealRow[]; total: number }> {
  const where = options.status === null ? undefined : eq(indicatorAppeals.status, options.status);
  const rows = await db
    .select()
    .from(indicatorAppeals)
    .where(where)
    .orderBy(sql`(${indicatorAppeals.status} = 'received') desc`, asc(indicatorAppeals.createdAt), asc(indicatorAppeals.id))
    .limit(options.limit)
    .offset(options.offset);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(indicatorAppeals).where(where);
  return { rows, total: count?.n ?? 0 };
}

/** How many evidence files each appeal has. */
export async function evidenceCounts(db: Db, appealIds: readonly string[]): Promise<Map<string, number>> {
  if (appealIds.length === 0) return new Map();
  const rows = await db
    .select({ appealId: appealEvidence.appealId, n: sql<number>`count(*)::int` })
    .from(appealEvidence)
    .where(inArray(appealEvidence.appealId, [...appealIds]))
    .groupBy(appealEvidence.appealId);
  return new Map(rows.map((r) => [r.appealId, r.n]));
}

export async function evidenceOf(db: Db, appealId: string): Promise<AppealEvidenceRow[]> {
  return db.select().from(appealEvidence).where(eq(appealEvidence.appealId, appealId)).orderBy(asc(appealEvidence.fileName), asc(appealEvidence.id));
}

export async function findEvidence(db: Db, id: string): Promise<AppealEvidenceRow | null> {
  const [row] = await db.select().from(appealEvidence).where(eq(appealEvidence.id, id));
  return row ?? null;
}

/** Other appeals about the same value (staff see earlier decisions on it), newest first. */
export async function appealsOfValue(db: Db, type: string, value: string, except: string): Promise<AppealRow[]> {
  const rows = await db
    .select()
    .from(indicatorAppeals)
    .where(and(eq(indicatorAppeals.type, type), eq(indicatorAppeals.value, value)))
    .orderBy(desc(indicatorAppeals.createdAt))
    .limit(20);
  return rows.filter((r) => r.id !== except);
}
