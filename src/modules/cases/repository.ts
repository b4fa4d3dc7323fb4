import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { insertedRow, type Db } from '../../core/db.ts';
import type { CaseScope } from './policy.ts';
import { PRIORITY } from './priority.ts';
import { caseDecisions, caseEvents, caseNotes, caseReports, cases, caseTargets, mergeSuggestions } from './tables.ts';

export type CaseRow = typeof cases.$inferSelect;
export type CaseTargetRow = typeof caseTargets.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type CaseNoteRow = typeof caseNotes.$inferSelect;
export type DecisionRow = typeof caseDecisions.$inferSelect;
export type MergeSuggestionRow = typeof mergeSuggestions.$inferSelect;
export type TargetKey = { type: string; value: string };

/** The cases that already hold any of these targets. */
export async function findTargets(db: Db, keys: readonly TargetKey[]): Promise<CaseTargetRow[]> {
  if (keys.length === 0) return [];
  return db
    .select()
    .from(caseTargets)
    .where(or(...keys.map((k) => and(eq(caseTargets.type, k.type), eq(caseTargets.value, k.value)))));
}

export async function findCase(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<CaseRow | null> {
  const query = db.select().from(cases).where(eq(cases.id, id));
  const [row] = options.forUpdate === true ? await query.for('update') : await query;
  return row ?? null;
}

export async function findCaseByNumber(db: Db, number: number): Promise<CaseRow | null> {
  const [row] = await db.select().from(cases).where(eq(cases.number, number));
  return row ?? null;
}

export async function findCases(db: Db, ids: readonly string[]): Promise<CaseRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(cases).where(inArray(cases.id, [...ids]));
}

export async function insertCase(db: Db, values: typeof cases.$inferInsert): Promise<CaseRow> {
  return insertedRow(await db.insert(cases).values(values).returning());
}

export async function updateCase(db: Db, id: string, changes: Partial<typeof cases.$inferInsert>): Promise<CaseRow> {
  return insertedRow(await db.update(cases).set(changes).where(eq(cases.id, id)).returning());
}

/** Add one report's worth to a case: counts, times, categories and search text, in one statement. */
export async function recordReportOnCase(
  db: Db,
  id: string,
  input: { category: string; severity: number; provinceCode: string | null; searchText: string; at: Date },
): Promise<CaseRow> {
  return insertedRow(
    await db
      .update(cases)
      .set({
        reportCount: sql`${cases.reportCount} + 1`,
        lastReportedAt: sql`greatest(${cases.lastReportedAt}, ${input.at.toISOString()}::timestamptz)`,
        categories: sql`case when ${input.category} = any(${cases.categories}) then ${cases.categories} else array_append(${cases.categories}, ${input.category}::text) end`,
        severity: sql`greatest(${cases.severity}, ${input.severity})`,
        provinceCode: sql`coalesce(${cases.provinceCode}, ${input.provinceCode}::text)`,
        // Capped so a much-reported case does not grow without end; the first reports' words are kept.
        searchText: sql`left(${cases.searchText} || ' ' || ${input.searchText}, 20000)`,
        updatedAt: input.at,
      })
      .where(eq(cases.id, id))
      .returning(),
  );
}

export async function insertTargets(db: Db, rows: (typeof caseTargets.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await db.insert(caseTargets).values(rows);
}

export async function countTargetReports(db: Db, keys: readonly TargetKey[]): Promise<void> {
  if (keys.length === 0) return;
  await db
    .update(caseTargets)
    .set({ reportCount: sql`${caseTargets.reportCount} + 1` })
    .where(or(...keys.map((k) => and(eq(caseTargets.type, k.type), eq(caseTargets.value, k.value)))));
}

export async function moveTargets(db: Db, fromCaseId: string, toCaseId: string): Promise<void> {
  await db.update(caseTargets).set({ caseId: toCaseId }).where(eq(caseTargets.caseId, fromCaseId));
  await db.update(caseReports).set({ caseId: toCaseId }).where(eq(caseReports.caseId, fromCaseId));
}

export async function targetsOf(db: Db, caseId: string): Promise<CaseTargetRow[]> {
  return db.select().from(caseTargets).where(eq(caseTargets.caseId, caseId)).orderBy(asc(caseTargets.firstReportedAt), asc(caseTargets.type), asc(caseTargets.value));
}

export async function insertCaseReport(db: Db, values: typeof caseReports.$inferInsert): Promise<void> {
  await db.insert(caseReports).values(values);
}

/** Reports in other cases whose text shares an LSH band with this signature. */
export async function similarReports(db: Db, caseId: string, bands: readonly string[], limit = 50): Promise<{ caseId: string; minhash: number[] }[]> {
  if (bands.length === 0) return [];
  return db
    .select({ caseId: caseReports.caseId, minhash: caseReports.minhash })
    .from(caseReports)
    .where(and(ne(caseReports.caseId, caseId), sql`${caseReports.bands} && ${sql.raw('ARRAY[')}${sql.join(bands.map((b) => sql`${b}`), sql`, `)}${sql.raw(']::text[]')}`))
    .limit(limit);
}

/** Record merge suggestions (each pair once, in a fixed order; a higher similarity replaces a lower one). */
export async function upsertMergeSuggestions(db: Db, rows: readonly { caseId: string; otherCaseId: string; similarity: number; reason: string; at: Date }[]): Promise<void> {
  const pairs = new Map<string, typeof mergeSuggestions.$inferInsert>();
  for (const row of rows) {
    const [a, b] = row.caseId < row.otherCaseId ? [row.caseId, row.otherCaseId] : [row.otherCaseId, row.caseId];
    const existing = pairs.get(`${a}:${b}`);
    if (existing === undefined || existing.similarity < row.similarity) pairs.set(`${a}:${b}`, { caseId: a, otherCaseId: b, similarity: row.similarity, reason: row.reason, status: 'open', createdAt: row.at });
  }
  if (pairs.size === 0) return;
  await db
    .insert(mergeSuggestions)
    .values([...pairs.values()])
    .onConflictDoUpdate({
      target: [mergeSuggestions.caseId, mergeSuggestions.otherCaseId],
      set: { similarity: sql`greatest(${mergeSuggestions.similarity}, excluded.similarity)` },
    });
}

export async function suggestionsFor(db: Db, caseId: string): Promise<MergeSuggestionRow[]> {
  return db
    .select()
    .from(mergeSuggestions)
    .where(and(eq(mergeSuggestions.status, 'open'), or(eq(mergeSuggestions.caseId, caseId), eq(mergeSuggestions.otherCaseId, caseId))))
    .orderBy(desc(mergeSuggestions.similarity));
}

export async function closeSuggestions(db: Db, caseId: string, status: 'merged' | 'dismissed', otherCaseId?: string): Promise<void> {
  const involves = or(eq(mergeSuggestions.caseId, caseId), eq(mergeSuggestions.otherCaseId, caseId));
  const pair = otherCaseId === undefined ? involves : and(involves, or(eq(mergeSuggestions.caseId, otherCaseId), eq(mergeSuggestions.otherCaseId, otherCaseId)));
  await db.update(mergeSuggestions).set({ status }).where(and(eq(mergeSuggestions.status, 'open'), pair));
}

export async function insertEvent(db: Db, values: typeof caseEvents.$inferInsert): Promise<CaseEventRow> {
  return insertedRow(await db.insert(caseEvents).values(values).returning());
}

export async function eventsOf(db: Db, caseId: string): Promise<CaseEventRow[]> {
  return db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.at), asc(caseEvents.seq));
}

export async function findEvent(db: Db, id: string): Promise<CaseEventRow | null> {
  const [row] = await db.select().from(caseEvents).where(eq(caseEvents.id, id));
  return row ?? null;
}

export async function insertNote(db: Db, values: typeof caseNotes.$inferInsert): Promise<CaseNoteRow> {
  return insertedRow(await db.insert(caseNotes).values(values).returning());
}

export async function notesOf(db: Db, caseId: string): Promise<CaseNoteRow[]> {
  return db.select().from(caseNotes).where(eq(caseNotes.caseId, caseId)).orderBy(asc(caseNotes.createdAt));
}

export async function insertDecision(db: Db, values: typeof caseDecisions.$inferInsert): Promise<DecisionRow> {
  return insertedRow(await db.insert(caseDecisions).values(values).returning());
}

export async function updateDecision(db: Db, id: string, changes: Partial<typeof caseDecisions.$inferInsert>): Promise<DecisionRow> {
  return insertedRow(await db.update(caseDecisions).set(changes).where(eq(caseDecisions.id, id)).returning());
}

export async function findDecision(db: Db, id: string): Promise<DecisionRow | null> {
  const [row] = await db.select().from(caseDecisions).where(eq(caseDecisions.id, id));
  return row ?? null;
}

export async function decisionsOf(db: Db, caseId: string): Promise<DecisionRow[]> {
  return db.select().from(caseDecisions).where(eq(caseDecisions.caseId, caseId)).orderBy(asc(caseDecisions.decidedAt));
}

export type QueueFilter = {
  statuses: readonly string[];
  category: string | null;
  targetType: string | null;
  provinceCode: string | null;
  from: Date | null;
  to: Date | null;
  search: string | null;
  exactTarget: TargetKey | null;
  caseNumber: number | null;
  assignee: { kind: 'any' } | { kind: 'none' } | { kind: 'user'; id: string };
};

/** The queue's priority in SQL, at read time because age and the due time move with the clock (weights: priority.ts). */
export function prioritySql(now: Date): SQL<number> {
  const at = now.toISOString();
  // Code constants, written into the SQL text (not parameters) so their types are plain integers.
  const p = Object.fromEntries(Object.entries(PRIORITY).map(([k, v]) => [k, sql.raw(String(v))])) as Record<keyof typeof PRIORITY, SQL>;
  return sql<number>`(${cases.severity} * ${p.severityWeight} + least(${cases.reportCount}, ${p.reportCap}) * ${p.reportWeight}
    + least(extract(epoch from (${at}::timestamptz - ${cases.firstReportedAt})) / 3600, ${p.waitCapHours}) / ${p.waitDivisor}
    + case when ${cases.dueAt} <= ${at}::timestamptz then ${p.overdueBonus}
           when ${cases.dueAt} <= ${at}::timestamptz + make_interval(hours => ${p.dueSoonHours}) then ${p.dueSoonBonus} else 0 end)::float8`;
}

function scopeCondition(scope: CaseScope): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  if (scope.codes.length === 0) return sql`false`;
  return inArray(cases.provinceCode, scope.codes);
}

function queueConditions(scope: CaseScope, filter: QueueFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [scopeCondition(scope)];
  if (filter.statuses.length > 0) conditions.push(inArray(cases.status, [...filter.statuses]));
  if (filter.category !== null) conditions.push(sql`${filter.category} = any(${cases.categories})`);
  if (filter.targetType !== null) conditions.push(sql`exists (select 1 from ${caseTargets} where ${caseTargets.caseId} = ${cases.id} and ${caseTargets.type} = ${filter.targetType})`);
  if (filter.provinceCode !== null) conditions.push(eq(cases.provinceCode, filter.provinceCode));
  if (filter.from !== null) conditions.push(gte(cases.lastReportedAt, filter.from));
  if (filter.to !== null) conditions.push(lt(cases.firstReportedAt, filter.to));
  if (filter.assignee.kind === 'none') conditions.push(isNull(cases.assigneeId));
  if (filter.assignee.kind === 'user') conditions.push(eq(cases.assigneeId, filter.assignee.id));
  const matches: SQL[] = [];
  if (filter.search !== null) matches.push(sql`${cases.searchText} like ${`%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (filter.exactTarget !== null) {
    const t = filter.exactTarget;
    matches.push(sql`exists (select 1 from ${caseTargets} where ${caseTargets.caseId} = ${cases.id} and ${caseTargets.type} = ${t.type} and ${caseTargets.value} = ${t.value})`);
  }
  if (filter.caseNumber !== null) matches.push(eq(cases.number, filter.caseNumber));
  if (matches.length > 0) conditions.push(or(...matches));
  return and(...conditions);
}

/** One page of the triage queue, highest priority first. */
export async function listQueue(db: Db, scope: CaseScope, filter: QueueFilter, page: { now: Date; limit: number; offset: number }): Promise<{ rows: (CaseRow & { priority: number })[]; total: number }> {
  const where = queueConditions(scope, filter);
  const priority = prioritySql(page.now);
  const rows = await db
    .select({ row: cases, priority })
    .from(cases)
    .where(where)
    .orderBy(desc(priority), asc(cases.dueAt), asc(cases.number))
    .limit(page.limit)
    .offset(page.offset);
  const [counted] = await db.select({ n: sql<number>`count(*)::int` }).from(cases).where(where);
  return { rows: rows.map((r) => ({ ...r.row, priority: Number(r.priority) })), total: counted?.n ?? 0 };
}

/** Aggregates for the public statistics: counts by category, status and day, and medians of review and decision times (hours). */
export async function caseStatistics(db: Db, since: Date) {
  const byCategory = await db.select({ key: caseReports.category, n: sql<number>`count(*)::int` }).from(caseReports).where(gte(caseReports.reportedAt, since)).groupBy(caseReports.category);
  const byStatus = await db
    .select({ key: cases.status, n: sql<number>`count(*)::int` })
    .from(caseReports)
    .innerJoin(cases, eq(cases.id, caseReports.caseId))
    .where(gte(caseReports.reportedAt, since))
    .groupBy(cases.status);
  const day = sql<string>`to_char(${caseReports.reportedAt} at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`;
  const byDay = await db.select({ key: day, n: sql<number>`count(*)::int` }).from(caseReports).where(gte(caseReports.reportedAt, since)).groupBy(day).orderBy(day);
  const hours = (end: SQL) => sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from (${end} - ${cases.firstReportedAt})) / 3600)`;
  const [medians] = await db
    .select({ firstReview: hours(sql`${cases.firstReviewedAt}`), decision: hours(sql`${cases.decidedAt}`) })
    .from(cases)
    .where(gte(cases.firstReportedAt, since));
  return { byCategory, byStatus, byDay, medianHoursToFirstReview: medians?.firstReview ?? null, medianHoursToDecision: medians?.decision ?? null };
}
