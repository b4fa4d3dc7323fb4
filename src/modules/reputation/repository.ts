// The reputation module's SQL for indicators and their change log. Batches travel as one JSON
// parameter (jsonb_to_recordset), so a thousand listings cost a handful of round trips.
import { and, asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../core/db.ts';
import { indicatorChanges, indicators, reputationSerial, trustEntities } from './tables.ts';

export type IndicatorRow = typeof indicators.$inferSelect;
export type IndicatorChangeRow = typeof indicatorChanges.$inferSelect;
export type IndicatorKey = { type: string; value: string; sourceKey: string };

/**
 * Take the change-serial lock for the rest of the transaction and return the current serial.
 * Every writer of indicators takes it first, so writers are serialised and serials commit in order.
 */
export async function lockSerial(db: Db): Promise<number> {
  const [row] = await db.select({ value: reputationSerial.value }).from(reputationSerial).where(eq(reputationSerial.id, 1)).for('update');
  if (row === undefined) throw new Error('reputation_serial is not initialised');
  return row.value;
}

/** Advance the serial by `count` (the lock must be held); returns the new last serial. */
export async function advanceSerial(db: Db, count: number): Promise<number> {
  const [row] = await db
    .update(reputationSerial)
    .set({ value: sql`${reputationSerial.value} + ${count}` })
    .where(eq(reputationSerial.id, 1))
    .returning({ value: reputationSerial.value });
  if (row === undefined) throw new Error('reputation_serial is not initialised');
  return row.value;
}

/** The last committed change serial. */
export async function currentSerial(db: Db): Promise<number> {
  const [row] = await db.select({ value: reputationSerial.value }).from(reputationSerial).where(eq(reputationSerial.id, 1));
  return row?.value ?? 0;
}

export async function findByKeys(db: Db, keys: readonly IndicatorKey[]): Promise<IndicatorRow[]> {
  if (keys.length === 0) return [];
  const json = JSON.stringify(keys.map((k) => ({ type: k.type, value: k.value, source_key: k.sourceKey })));
  return db
    .select()
    .from(indicators)
    .where(sql`(${indicators.type}, ${indicators.value}, ${indicators.sourceKey}) in (select type, value, source_key from jsonb_to_recordset(${json}::jsonb) as k(type text, value text, source_key text))`);
}

export async function findIndicator(db: Db, id: string): Promise<IndicatorRow | null> {
  const [row] = await db.select().from(indicators).where(eq(indicators.id, id));
  return row ?? null;
}

/** Every listing of a normalised value, any source and status. */
export async function indicatorsOfValue(db: Db, type: string, value: string): Promise<IndicatorRow[]> {
  return db.select().from(indicators).where(and(eq(indicators.type, type), eq(indicators.value, value))).orderBy(asc(indicators.createdAt));
}

/** Write indicator rows (new ones inserted, known ids replaced), one statement. */
export async function writeIndicators(db: Db, rows: readonly IndicatorRow[]): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      type: r.type,
      value: r.value,
      verdict: r.verdict,
      categories: r.categories,
      confidence: r.confidence,
      source: r.source,
      source_key: r.sourceKey,
      source_ref: r.sourceRef,
      evidence_url: r.evidenceUrl,
      impersonated_entity_id: r.impersonatedEntityId,
      report_count: r.reportCount,
      first_seen: r.firstSeen.toISOString(),
      last_verified: r.lastVerified.toISOString(),
      expires_at: r.expiresAt?.toISOString() ?? null,
      ttl_rule_id: r.ttlRuleId,
      status: r.status,
      serial: r.serial,
      created_at: r.createdAt.toISOString(),
      updated_at: r.updatedAt.toISOString(),
    })),
  );
  await db.execute(sql`
    insert into indicators (id, type, value, verdict, categories, confidence, source, source_key, source_ref, evidence_url,
      impersonated_entity_id, report_count, first_seen, last_verified, expires_at, ttl_rule_id, status, serial, created_at, updated_at)
    select id, type, value, verdict, categories, confidence, source, source_key, source_ref, evidence_url,
      impersonated_entity_id, report_count, first_seen, last_verified, expires_at, ttl_rule_id, status, serial, created_at, updated_at
    from jsonb_to_recordset(${json}::jsonb) as x(id uuid, type text, value text, verdict text, categories text[], confidence smallint,
      source text, source_key text, source_ref text, evidence_url text, impersonated_entity_id uuid, report_count int,
      first_seen timestamptz, last_verified timestamptz, expires_at timestamptz, ttl_rule_id text, status text, serial bigint,
      created_at timestamptz, updated_at timestamptz)
    on conflict (id) do update set verdict = excluded.verdict, categories = excluded.categories, confidence = excluded.confidence,
      source_ref = excluded.source_ref, evidence_url = excluded.evidence_url, impersonated_entity_id = excluded.impersonated_entity_id,
      report_count = excluded.report_count, first_seen = excluded.first_seen, last_verified = excluded.last_verified,
      expires_at = excluded.expires_at, ttl_rule_id = excluded.ttl_rule_id, status = excluded.status, serial = excluded.serial,
      updated_at = excluded.updated_at`);
}

export async function insertChanges(db: Db, rows: readonly IndicatorChangeRow[]): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(
    rows.map((r) => ({
      serial: r.serial,
      indicator_id: r.indicatorId,
      action: r.action,
      status: r.status,
      verdict: r.verdict,
      categories: r.categories,
      expires_at: r.expiresAt?.toISOString() ?? null,
      actor_id: r.actorId,
      actor_name: r.actorName,
      note: r.note,
      at: r.at.toISOString(),
    })),
  );
  await db.execute(sql`
    insert into indicator_changes (serial, indicator_id, action, status, verdict, categories, expires_at, actor_id, actor_name, note, at)
    select serial, indicator_id, action, status, verdict, categories, expires_at, actor_id, actor_name, note, at
    from jsonb_to_recordset(${json}::jsonb) as x(serial bigint, indicator_id uuid, action text, status text, verdict text,
      categories text[], expires_at timestamptz, actor_id uuid, actor_name text, note text, at timestamptz)`);
}

/** Active indicators whose expiry has passed, oldest first, locked for the caller's transaction. */
export async function dueToExpire(db: Db, now: Date, limit: number): Promise<IndicatorRow[]> {
  return db
    .select()
    .from(indicators)
    .where(and(eq(indicators.status, 'active'), lte(indicators.expiresAt, now)))
    .orderBy(asc(indicators.expiresAt))
    .limit(limit)
    .for('update');
}

export async function findIndicators(db: Db, ids: readonly string[]): Promise<IndicatorRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(indicators).where(inArray(indicators.id, [...ids]));
}

/** An indicator as the lookup index holds it: the row plus the impersonated organisation's slug and name. */
export type IndexedRow = IndicatorRow & { impersonatedSlug: string | null; impersonatedName: string | null };

/**
 * Indicators changed after `serial` (every one from 0), in serial order, and the serial the
 * caller is now consistent with. Serials commit in order (see lockSerial), so seeing a row at
 * serial s means every change up to s is visible too: the new cursor is the last row's serial.
 * Revoked and expired rows come too, so the caller can drop them.
 */
export async function changedSince(db: Db, serial: number): Promise<{ head: number; rows: IndexedRow[] }> {
  const rows = await db
    .select({ indicator: indicators, impersonatedSlug: trustEntities.slug, impersonatedName: trustEntities.name })
    .from(indicators)
    .leftJoin(trustEntities, eq(trustEntities.id, indicators.impersonatedEntityId))
    .where(gt(indicators.serial, serial))
    .orderBy(asc(indicators.serial));
  return {
    head: rows.at(-1)?.indicator.serial ?? serial,
    rows: rows.map((r) => ({ ...r.indicator, impersonatedSlug: r.impersonatedSlug, impersonatedName: r.impersonatedName })),
  };
}

/** The history of an indicator, newest first. */
export async function historyOf(db: Db, indicatorId: string): Promise<IndicatorChangeRow[]> {
  return db.select().from(indicatorChanges).where(eq(indicatorChanges.indicatorId, indicatorId)).orderBy(desc(indicatorChanges.serial));
}
