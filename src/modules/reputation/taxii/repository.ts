// SQL of the threat-intelligence feeds: the published listings in serial order (batches read by
// keyset, so any size streams in flat memory), the change log as the feeds' ledger reads it, and
// the days the MISP feed groups listings by.
import { and, asc, eq, gt, gte, inArray, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../core/db.ts';
import type { IndexedRow } from '../repository.ts';
import { indicatorChanges, indicators, trustEntities } from '../tables.ts';

/**
 * What the feeds publish: detections (dangerous, suspicious) in any status, and trusted listings
 * that were once a detection — their consumers must learn that they stopped. A listing that was
 * only ever trusted is not threat intelligence and never appears.
 */
const published: SQL = or(
  ne(indicators.verdict, 'trusted'),
  sql`exists (select 1 from ${indicatorChanges} as c where c.indicator_id = ${indicators.id} and c.verdict <> 'trusted')`,
) as SQL;

/** Active detections: what a snapshot feed lists (expiry is the caller's business). */
const inForce: SQL = and(eq(indicators.status, 'active'), ne(indicators.verdict, 'trusted')) as SQL;

export type PublishedQuery = {
  /** Rows with a serial above this. */
  after: number;
  /** Rows with a serial at most this. */
  upTo?: number;
  ids?: readonly string[];
  /** Rows first seen in [from, to). */
  firstSeen?: { from: Date; to: Date };
  inForceOnly?: boolean;
  limit: number;
};

/** Published listings in serial order, with the impersonated organisation. */
export async function publishedRows(db: Db, query: PublishedQuery): Promise<IndexedRow[]> {
  const conditions = [
    gt(indicators.serial, query.after),
    query.upTo === undefined ? undefined : lte(indicators.serial, query.upTo),
    query.ids === undefined ? undefined : inArray(indicators.id, [...query.ids]),
    query.firstSeen === undefined ? undefined : and(gte(indicators.firstSeen, query.firstSeen.from), lt(indicators.firstSeen, query.firstSeen.to)),
    query.inForceOnly === true ? inForce : published,
  ];
  const rows = await db
    .select({ indicator: indicators, impersonatedSlug: trustEntities.slug, impersonatedName: trustEntities.name })
    .from(indicators)
    .leftJoin(trustEntities, eq(trustEntities.id, indicators.impersonatedEntityId))
    .where(and(...conditions))
    .orderBy(asc(indicators.serial))
    .limit(query.limit);
  return rows.map((r) => ({ ...r.indicator, impersonatedSlug: r.impersonatedSlug, impersonatedName: r.impersonatedName }));
}

/** Every published row of a query, read in batches by serial (flat memory for any size). */
export async function* eachPublishedRow(db: Db, query: Omit<PublishedQuery, 'limit'>, batch = 2000): AsyncGenerator<IndexedRow> {
  let after = query.after;
  for (;;) {
    const rows = await publishedRows(db, { ...query, after, limit: batch });
    yield* rows;
    const last = rows.at(-1);
    if (last === undefined || rows.length < batch) return;
    after = last.serial;
  }
}

/** A line of the change log as the feeds' ledger reads it: serial, time, and the listing when it was a reinstatement. */
export type LedgerLine = { serial: number; at: Date; reinstated: string | null };

/** Change-log lines with a serial in (after, upTo], in serial order, at most `limit`. */
export async function changesBetween(db: Db, after: number, upTo: number, limit: number): Promise<LedgerLine[]> {
  return db
    .select({ serial: indicatorChanges.serial, at: indicatorChanges.at, reinstated: sql<string | null>`case when ${indicatorChanges.action} = 'reinstated' then ${indicatorChanges.indicatorId} end` })
    .from(indicatorChanges)
    .where(and(gt(indicatorChanges.serial, after), lte(indicatorChanges.serial, upTo)))
    .orderBy(asc(indicatorChanges.serial))
    .limit(limit);
}

/** The time of the change with this serial, or null. */
export async function changeTime(db: Db, serial: number): Promise<Date | null> {
  const [row] = await db.select({ at: indicatorChanges.at }).from(indicatorChanges).where(eq(indicatorChanges.serial, serial));
  return row?.at ?? null;
}

/** A Vietnam calendar day (UTC+7, no daylight saving) of the published listings first seen on it. */
export type DaySummary = {
  day: string;
  /** The latest change of any of its listings. */
  lastChange: Date;
  /** Any active dangerous listing; any active suspicious one. */
  dangerous: boolean;
  suspicious: boolean;
};

/** Every day that has published listings, with what the MISP manifest says about it. */
export async function publishedDays(db: Db): Promise<DaySummary[]> {
  const day = sql<string>`to_char((${indicators.firstSeen} at time zone 'UTC') + interval '7 hours', 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      day,
      lastChange: sql<string>`max(${indicators.updatedAt})`,
      dangerous: sql<boolean>`bool_or(${indicators.status} = 'active' and ${indicators.verdict} = 'dangerous')`,
      suspicious: sql<boolean>`bool_or(${indicators.status} = 'active' and ${indicators.verdict} = 'suspicious')`,
    })
    .from(indicators)
    .where(published)
    .groupBy(day)
    .orderBy(day);
  // Aggregates come back as text from one driver and as values from the other.
  return rows.map((r) => ({ day: r.day, lastChange: new Date(r.lastChange), dangerous: r.dangerous === true || String(r.dangerous) === 't', suspicious: r.suspicious === true || String(r.suspicious) === 't' }));
}
