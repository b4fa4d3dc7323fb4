// The feeds' SQL: listings changed in a serial window, read a page at a time (a delta since an
// old serial can be as large as the whole table, and is streamed, not loaded), and the
// telecoms' deployment reports.
import { and, asc, desc, eq, gt, lte } from 'drizzle-orm';
import type { Db } from '../../../core/db.ts';
import { feedDeployments, indicatorChanges, indicators } from '../tables.ts';

export type ChangedListing = {
  id: string;
  type: string;
  value: string;
  verdict: string;
  categories: string[];
  confidence: number;
  firstSeen: Date;
  lastVerified: Date;
  expiresAt: Date | null;
  source: string;
  evidenceUrl: string | null;
  status: string;
  serial: number;
};

/**
 * Listings whose latest change has a serial in (after, upTo], in serial order, at most `limit`.
 * Serials commit in order, so every change up to `upTo` (a serial already seen) is visible;
 * a listing changed again after `upTo` is left for the next delta.
 */
export async function listingsChangedBetween(db: Db, after: number, upTo: number, limit: number): Promise<ChangedListing[]> {
  return db
    .select({
      id: indicators.id,
      type: indicators.type,
      value: indicators.value,
      verdict: indicators.verdict,
      categories: indicators.categories,
      confidence: indicators.confidence,
      firstSeen: indicators.firstSeen,
      lastVerified: indicators.lastVerified,
      expiresAt: indicators.expiresAt,
      source: indicators.source,
      evidenceUrl: indicators.evidenceUrl,
      status: indicators.status,
      serial: indicators.serial,
    })
    .from(indicators)
    .where(and(gt(indicators.serial, after), lte(indicators.serial, upTo)))
    .orderBy(asc(indicators.serial))
    .limit(limit);
}

export type DeploymentRow = typeof feedDeployments.$inferSelect;

/** Record that an organisation says it runs `serial` of `feed`. */
export async function insertDeployment(db: Db, values: { orgId: string; feed: string; serial: number; reportedAt: Date }): Promise<DeploymentRow> {
  const [row] = await db.insert(feedDeployments).values(values).returning();
  if (row === undefined) throw new Error('feed_deployments insert returned nothing');
  return row;
}

/** Each organisation's latest report for a feed (the last one sent: a rollback reports a lower serial). */
export async function latestDeployments(db: Db, feed: string): Promise<DeploymentRow[]> {
  return db
    .selectDistinctOn([feedDeployments.orgId])
    .from(feedDeployments)
    .where(eq(feedDeployments.feed, feed))
    .orderBy(feedDeployments.orgId, desc(feedDeployments.reportedAt), desc(feedDeployments.id));
}

/** When the first change after `serial` was made: the moment a list at `serial` stopped being current. Null when none. */
export async function firstChangeAfter(db: Db, serial: number): Promise<Date | null> {
  const [row] = await db.select({ at: indicatorChanges.at }).from(indicatorChanges).where(gt(indicatorChanges.serial, serial)).orderBy(asc(indicatorChanges.serial)).limit(1);
  return row?.at ?? null;
}

