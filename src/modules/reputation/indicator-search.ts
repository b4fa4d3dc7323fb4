// The SQL of the staff's indicator search and detail: indicators newest change first (keyset
// paging by serial), with the impersonated organisation's slug and name.
import { and, desc, eq, ilike, like, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db.ts';
import type { IndexedRow } from './repository.ts';
import { indicators, trustEntities } from './tables.ts';

/** What the staff search filters on; null means any. */
export type IndicatorFilter = {
  /** The query as typed: matched anywhere in the value, ignoring case. */
  contains: string | null;
  /** The query's normal form (when it parses): matched at the start of the value. */
  prefix: string | null;
  type: string | null;
  verdict: string | null;
  status: string | null;
  source: string | null;
  /** Keyset cursor: only indicators whose latest change is older than this serial. */
  before: number | null;
  limit: number;
};

/** `%`, `_` and the escape character itself, escaped for LIKE (backslash is PostgreSQL's default escape). */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const withEntity = (db: Db) =>
  db
    .select({ indicator: indicators, impersonatedSlug: trustEntities.slug, impersonatedName: trustEntities.name })
    .from(indicators)
    .leftJoin(trustEntities, eq(trustEntities.id, indicators.impersonatedEntityId));

const flatten = (r: { indicator: typeof indicators.$inferSelect; impersonatedSlug: string | null; impersonatedName: string | null }): IndexedRow => ({
  ...r.indicator,
  impersonatedSlug: r.impersonatedSlug,
  impersonatedName: r.impersonatedName,
});

/** Indicators matching the filter, the most recently changed first. */
export async function searchIndicators(db: Db, filter: IndicatorFilter): Promise<IndexedRow[]> {
  const conditions: SQL[] = [];
  if (filter.type !== null) conditions.push(eq(indicators.type, filter.type));
  if (filter.verdict !== null) conditions.push(eq(indicators.verdict, filter.verdict));
  if (filter.status !== null) conditions.push(eq(indicators.status, filter.status));
  if (filter.source !== null) conditions.push(eq(indicators.source, filter.source));
  if (filter.before !== null) conditions.push(lt(indicators.serial, filter.before));
  const text: SQL[] = [];
  if (filter.contains !== null) text.push(ilike(indicators.value, `%${escapeLike(filter.contains)}%`));
  if (filter.prefix !== null) text.push(like(indicators.value, `${escapeLike(filter.prefix)}%`));
  const search = or(...text);
  if (search !== undefined) conditions.push(search);
  const rows = await withEntity(db)
    .where(and(...conditions))
    .orderBy(desc(indicators.serial))
    .limit(filter.limit);
  return rows.map(flatten);
}

/** One indicator with its impersonated organisation, or null. */
export async function indicatorById(db: Db, id: string): Promise<IndexedRow | null> {
  const [row] = await withEntity(db).where(eq(indicators.id, id));
  return row === undefined ? null : flatten(row);
}
