// The SQL of takedowns: requests and their history, operated domains, statements of reasons.
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db.ts';
import { insertedRow } from '../../core/db.ts';
import type { Position } from '../../core/cursor.ts';
import { OPEN_STATUSES, type TakedownStatus } from './model.ts';
import { operatedDomains, takedownEvents, takedownEvidence, takedownRequests, transparencyStatements } from './tables.ts';

export type RequestRow = typeof takedownRequests.$inferSelect;
export type NewRequestRow = Omit<typeof takedownRequests.$inferInsert, 'id' | 'number'>;
export type EventRow = typeof takedownEvents.$inferSelect;
export type StatementRow = typeof transparencyStatements.$inferSelect;
export type OperatedDomainRow = typeof operatedDomains.$inferSelect;

const open = inArray(takedownRequests.status, [...OPEN_STATUSES]);

export async function insertRequest(db: Db, values: NewRequestRow): Promise<RequestRow> {
  return insertedRow(await db.insert(takedownRequests).values(values).returning());
}

export async function insertEvent(db: Db, values: Omit<EventRow, 'id'>): Promise<void> {
  await db.insert(takedownEvents).values(values);
}

export async function findRequest(db: Db, id: string): Promise<RequestRow | null> {
  const [row] = await db.select().from(takedownRequests).where(eq(takedownRequests.id, id));
  return row ?? null;
}

/** Requests locked for the caller's transaction, in id order (so two bulk answers cannot deadlock). */
export async function lockRequests(db: Db, ids: readonly string[]): Promise<RequestRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(takedownRequests)
    .where(inArray(takedownRequests.id, [...ids]))
    .orderBy(asc(takedownRequests.id))
    .for('update');
}

export async function updateRequest(db: Db, id: string, changes: Partial<Omit<RequestRow, 'id' | 'number'>>): Promise<RequestRow> {
  return insertedRow(await db.update(takedownRequests).set(changes).where(eq(takedownRequests.id, id)).returning());
}

export async function eventsOf(db: Db, requestId: string): Promise<EventRow[]> {
  return db.select().from(takedownEvents).where(eq(takedownEvents.requestId, requestId)).orderBy(asc(takedownEvents.id));
}


export type RequestFilter = {
  recipientOrgId?: string | undefined;
  /** null: every issuer (national staff). */
  issuerOrgId?: string | null | undefined;
  caseId?: string | undefined;
  statuses?: readonly TakedownStatus[] | undefined;
  overdue?: boolean | undefined;
  action?: string | undefined;
};

/** One page of requests, newest first, after `cursor`; one more row than `limit` says there is a next page. */
export async function listRequests(db: Db, filter: RequestFilter, cursor: Position | null, limit: number): Promise<RequestRow[]> {
  const where: (SQL | undefined)[] = [
    filter.recipientOrgId === undefined ? undefined : eq(takedownRequests.recipientOrgId, filter.recipientOrgId),
    filter.issuerOrgId === undefined || filter.issuerOrgId === null ? undefined : eq(takedownRequests.issuerOrgId, filter.issuerOrgId),
    filter.caseId === undefined ? undefined : eq(takedownRequests.caseId, filter.caseId),
    filter.statuses === undefined || filter.statuses.length === 0 ? undefined : inArray(takedownRequests.status, [...filter.statuses]),
    filter.overdue === undefined ? undefined : filter.overdue ? sql`${takedownRequests.overdueAt} is not null` : isNull(takedownRequests.overdueAt),
    filter.action === undefined ? undefined : eq(takedownRequests.action, filter.action),
    // A row comparison, so the index on (…, issued_at, id) starts right at the cursor.
    cursor === null ? undefined : sql`(${takedownRequests.issuedAt}, ${takedownRequests.id}) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)`,
  ];
  return db
    .select()
    .from(takedownRequests)
    .where(and(...where))
    .orderBy(desc(takedownRequests.issuedAt), desc(takedownRequests.id))
    .limit(limit + 1);
}

/** Mark the recipient's requests among `ids` delivered (the first time it sees them). */
export async function markDelivered(db: Db, ids: readonly string[], at: Date): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .update(takedownRequests)
    .set({ status: 'delivered', deliveredAt: at, updatedAt: at })
    .where(and(inArray(takedownRequests.id, [...ids]), eq(takedownRequests.status, 'issued')))
    .returning({ id: takedownRequests.id });
  return rows.map((r) => r.id);
}

/** Open requests past their deadline that the sweep has not marked yet, oldest deadline first. */
export async function newlyOverdue(db: Db, now: Date, limit: number): Promise<RequestRow[]> {
  return db
    .select()
    .from(takedownRequests)
    .where(and(open, lt(takedownRequests.dueAt, now), isNull(takedownRequests.overdueAt)))
    .orderBy(asc(takedownRequests.dueAt), asc(takedownRequests.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Open requests whose deadline falls before `horizon` and that were not reminded yet. */
export async function dueForReminder(db: Db, now: Date, horizon: Date, limit: number): Promise<RequestRow[]> {
  return db
    .select()
    .from(takedownRequests)
    .where(and(open, lte(takedownRequests.dueAt, horizon), gt(takedownRequests.dueAt, now), isNull(takedownRequests.remindedAt)))
    .orderBy(asc(takedownRequests.dueAt), asc(takedownRequests.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Mark many requests in one statement (the sweeps). */
export async function stampRequests(db: Db, ids: readonly string[], changes: Pick<Partial<RequestRow>, 'overdueAt' | 'remindedAt' | 'updatedAt'>): Promise<void> {
  if (ids.length === 0) return;
  await db.update(takedownRequests).set(changes).where(inArray(takedownRequests.id, [...ids]));
}

export async function insertEvents(db: Db, rows: readonly Omit<EventRow, 'id'>[]): Promise<void> {
  if (rows.length > 0) await db.insert(takedownEvents).values([...rows]);
}

// Operated domains.

export async function operatedDomainsOf(db: Db, orgId: string): Promise<OperatedDomainRow[]> {
  return db.select().from(operatedDomains).where(eq(operatedDomains.orgId, orgId)).orderBy(asc(operatedDomains.domain));
}

/** Which organisation operates each of `domains` (exact names: the caller lists a host and its parents). */
export async function operatorsOf(db: Db, domains: readonly string[]): Promise<OperatedDomainRow[]> {
  if (domains.length === 0) return [];
  return db.select().from(operatedDomains).where(inArray(operatedDomains.domain, [...domains]));
}

/** Registered domains strictly below `domain` (`m.example.vn` under `example.vn`). */
export async function operatedUnder(db: Db, domain: string): Promise<OperatedDomainRow[]> {
  const suffix = `%.${domain.replace(/[\\%_]/g, (c) => `\\${c}`)}`;
  return db.select().from(operatedDomains).where(sql`${operatedDomains.domain} like ${suffix}`);
}

export async function insertOperatedDomain(db: Db, values: Omit<OperatedDomainRow, 'id'>): Promise<OperatedDomainRow | null> {
  const rows = await db.insert(operatedDomains).values(values).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

export async function deleteOperatedDomain(db: Db, orgId: string, id: string): Promise<OperatedDomainRow | null> {
  const rows = await db
    .delete(operatedDomains)
    .where(and(eq(operatedDomains.id, id), eq(operatedDomains.orgId, orgId)))
    .returning();
  return rows[0] ?? null;
}

// Statements of reasons.

export async function insertStatement(db: Db, values: Omit<StatementRow, 'id'>): Promise<StatementRow> {
  return insertedRow(await db.insert(transparencyStatements).values(values).returning());
}

export type StatementFilter = { platformOrgId?: string | undefined; category?: string | undefined; from?: Date | undefined; to?: Date | undefined; text?: string | undefined };

/** Published statements, newest first, after a (publishedAt, id) position; one extra row says there is more. */
export async function listStatements(db: Db, filter: StatementFilter, after: Position | null, limit: number): Promise<StatementRow[]> {
  const s = transparencyStatements;
  const text = filter.text === undefined || filter.text === '' ? undefined : `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select()
    .from(s)
    .where(
      and(
        filter.platformOrgId === undefined ? undefined : eq(s.platformOrgId, filter.platformOrgId),
        filter.category === undefined ? undefined : eq(s.category, filter.category),
        filter.from === undefined ? undefined : gte(s.applicationDate, filter.from),
        filter.to === undefined ? undefined : lt(s.applicationDate, filter.to),
        text === undefined ? undefined : or(sql`${s.explanation} ilike ${text}`, sql`${s.legalGround} ilike ${text}`, sql`${s.platformName} ilike ${text}`),
        after === null ? undefined : sql`(${s.publishedAt}, ${s.id}) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`,
      ),
    )
    .orderBy(desc(s.publishedAt), desc(s.id))
    .limit(limit + 1);
}

/** Statements published in [from, until), oldest first, after a position (the daily dumps read them in pages). */
export async function statementsFrom(db: Db, from: Date, after: Position | null, limit: number, until: Date): Promise<StatementRow[]> {
  const s = transparencyStatements;
  return db
    .select()
    .from(s)
    .where(and(gte(s.publishedAt, from), lt(s.publishedAt, until), after === null ? undefined : or(gt(s.publishedAt, after.at), and(eq(s.publishedAt, after.at), gt(s.id, after.id)))))
    .orderBy(asc(s.publishedAt), asc(s.id))
    .limit(limit);
}

export type RecipientFigures = { orgId: string; requests: number; answered: number; onTime: number; late: number; actioned: number; declined: number; open: number; overdue: number; medianHoursToAction: number | null };

/**
 * Figures per recipient organisation (withdrawn requests do not count): answered on time means
 * answered at or before the deadline; late counts answers after it and open requests past it.
 */
export async function recipientFigures(db: Db, at: Date, orgId: string | null): Promise<RecipientFigures[]> {
  const r = takedownRequests;
  const now = sql`${at.toISOString()}::timestamptz`;
  const rows = await db
    .select({
      orgId: r.recipientOrgId,
      requests: sql<number>`count(*)::int`,
      answered: sql<number>`count(*) filter (where ${r.respondedAt} is not null)::int`,
      onTime: sql<number>`count(*) filter (where ${r.respondedAt} is not null and ${r.respondedAt} <= ${r.dueAt})::int`,
      late: sql<number>`count(*) filter (where (${r.respondedAt} is not null and ${r.respondedAt} > ${r.dueAt}) or (${r.respondedAt} is null and ${r.dueAt} < ${now}))::int`,
      actioned: sql<number>`count(*) filter (where ${r.status} in ('actioned', 'partially_actioned'))::int`,
      declined: sql<number>`count(*) filter (where ${r.status} = 'declined')::int`,
      open: sql<number>`count(*) filter (where ${open})::int`,
      overdue: sql<number>`count(*) filter (where ${open} and ${r.dueAt} < ${now})::int`,
      medianHoursToAction: sql<number | null>`(percentile_cont(0.5) within group (order by extract(epoch from ${r.actionedAt} - ${r.issuedAt}) / 3600) filter (where ${r.actionedAt} is not null))::float8`,
    })
    .from(r)
    .where(and(sql`${r.status} <> 'withdrawn'`, orgId === null ? undefined : eq(r.recipientOrgId, orgId)))
    .groupBy(r.recipientOrgId);
  return rows;
}

/** Whether a case already has an open complaint at a platform (a second report adds nothing to ask). */
export async function hasOpenComplaint(db: Db, caseId: string, orgId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: takedownRequests.id })
    .from(takedownRequests)
    .where(and(eq(takedownRequests.caseId, caseId), eq(takedownRequests.recipientOrgId, orgId), eq(takedownRequests.kind, 'user_complaint'), open))
    .limit(1);
  return row !== undefined;
}

export async function requestsByIds(db: Db, ids: readonly string[]): Promise<RequestRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(takedownRequests)
    .where(inArray(takedownRequests.id, [...ids]))
    .orderBy(asc(takedownRequests.dueAt), asc(takedownRequests.id));
}

// Evidence files of requests.

export type EvidenceRow = typeof takedownEvidence.$inferSelect;

export async function insertEvidence(db: Db, rows: readonly Omit<EvidenceRow, 'id'>[]): Promise<void> {
  if (rows.length > 0) await db.insert(takedownEvidence).values([...rows]);
}

export async function evidenceOf(db: Db, requestId: string): Promise<EvidenceRow[]> {
  return db.select().from(takedownEvidence).where(eq(takedownEvidence.requestId, requestId)).orderBy(asc(takedownEvidence.position));
}

export async function findEvidence(db: Db, id: string): Promise<EvidenceRow | null> {
  const [row] = await db.select().from(takedownEvidence).where(eq(takedownEvidence.id, id));
  return row ?? null;
}
