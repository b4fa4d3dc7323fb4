// The SQL of advisories: rows and their history, the published list a reader may see (public, or
// aimed at their organisation or its kind) and the staff's list of their authority's advisories.
import { and, arrayContains, asc, desc, eq, gte, inArray, or, sql, type SQL } from 'drizzle-orm';
import { insertedRow, type Db } from '../../../core/db.ts';
import { advisories, advisoryEvents } from '../tables.ts';
import type { Position } from '../../../core/cursor.ts';

export type AdvisoryRow = typeof advisories.$inferSelect;
export type NewAdvisoryRow = Omit<typeof advisories.$inferInsert, 'id' | 'number'>;
export type AdvisoryEventRow = typeof advisoryEvents.$inferSelect;

/** The organisations a reader belongs to: which non-public advisories reach them. */
export type Readership = { orgIds: readonly string[]; orgKinds: readonly string[] };

/** Store a new advisory; the database numbers it. */
export async function insertAdvisory(db: Db, values: NewAdvisoryRow): Promise<AdvisoryRow> {
  return insertedRow(await db.insert(advisories).values(values).returning());
}

/** An advisory by id, or null. */
export async function findAdvisory(db: Db, id: string): Promise<AdvisoryRow | null> {
  const [row] = await db.select().from(advisories).where(eq(advisories.id, id));
  return row ?? null;
}

/** An advisory by its number (CB-000042 is 42), or null. */
export async function findByNumber(db: Db, number: number): Promise<AdvisoryRow | null> {
  const [row] = await db.select().from(advisories).where(eq(advisories.number, number));
  return row ?? null;
}

/** The row locked for the caller's transaction (two reviewers cannot both move it). */
export async function lockAdvisory(db: Db, id: string): Promise<AdvisoryRow | null> {
  const [row] = await db.select().from(advisories).where(eq(advisories.id, id)).for('update');
  return row ?? null;
}

/** Change an advisory's columns; returns the row as it is now. */
export async function updateAdvisory(db: Db, id: string, changes: Partial<Omit<AdvisoryRow, 'id' | 'number'>>): Promise<AdvisoryRow> {
  return insertedRow(await db.update(advisories).set(changes).where(eq(advisories.id, id)).returning());
}

/** Add lines to advisories' history. */
export async function insertEvents(db: Db, rows: readonly Omit<AdvisoryEventRow, 'id'>[]): Promise<void> {
  if (rows.length > 0) await db.insert(advisoryEvents).values([...rows]);
}

/** History, oldest first (several lines of one step share a time: their insertion order breaks the tie). */
export async function eventsOf(db: Db, advisoryId: string): Promise<AdvisoryEventRow[]> {
  return db.select().from(advisoryEvents).where(eq(advisoryEvents.advisoryId, advisoryId)).orderBy(asc(advisoryEvents.at), asc(sql`ctid`));
}

/** Public advisories, and those aimed at the reader's organisations or their kinds. */
function reaches(readership: Readership): SQL | undefined {
  return or(
    eq(advisories.audience, 'public'),
    readership.orgKinds.length === 0 ? undefined : and(eq(advisories.audience, 'org_kind'), inArray(advisories.audienceOrgKind, [...readership.orgKinds])),
    readership.orgIds.length === 0 ? undefined : and(eq(advisories.audience, 'org'), inArray(advisories.audienceOrgId, [...readership.orgIds])),
  );
}

export type PublishedFilter = { readership: Readership; category?: string | undefined; severity?: string | undefined; since?: Date | undefined };

/** Published advisories the reader may see, newest first, after `cursor`; one extra row says there is more. */
export async function listPublished(db: Db, filter: PublishedFilter, cursor: Position | null, limit: number): Promise<AdvisoryRow[]> {
  const a = advisories;
  return db
    .select()
    .from(a)
    .where(
      and(
        eq(a.status, 'published'),
        reaches(filter.readership),
        filter.category === undefined ? undefined : arrayContains(a.categories, [filter.category]),
        filter.severity === undefined ? undefined : eq(a.severity, filter.severity),
        filter.since === undefined ? undefined : gte(a.publishedAt, filter.since),
        // A row comparison, so the (status, published_at, id) index starts right at the cursor.
        cursor === null ? undefined : sql`(${a.publishedAt}, ${a.id}) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)`,
      ),
    )
    .orderBy(desc(a.publishedAt), desc(a.id))
    .limit(limit + 1);
}

export type ManagedFilter = { authorOrgIds: readonly string[] | null; status?: string | undefined };

/** Advisories of the given authorities (null: every one), most recently changed first. */
export async function listManaged(db: Db, filter: ManagedFilter, cursor: Position | null, limit: number): Promise<AdvisoryRow[]> {
  const a = advisories;
  if (filter.authorOrgIds !== null && filter.authorOrgIds.length === 0) return [];
  return db
    .select()
    .from(a)
    .where(
      and(
        filter.authorOrgIds === null ? undefined : inArray(a.authorOrgId, [...filter.authorOrgIds]),
        filter.status === undefined ? undefined : eq(a.status, filter.status),
        cursor === null ? undefined : sql`(${a.updatedAt}, ${a.id}) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)`,
      ),
    )
    .orderBy(desc(a.updatedAt), desc(a.id))
    .limit(limit + 1);
}
