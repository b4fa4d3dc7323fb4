// Writing indicators: apply listings (from case decisions, imports, the registry), revoke, expire.
// Every change takes the next change serial and leaves a line of history; nothing else writes
// the indicators table.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../core/db.ts';
import { actorName, type Context } from '../identity/index.ts';
import type { ApplyResult, IndicatorAction, Listing } from './model.ts';
import * as repo from './repository.ts';
import type { IndicatorChangeRow, IndicatorRow } from './repository.ts';
import type { TtlPolicy } from './ttl.ts';

type Change = { row: IndicatorRow; action: IndicatorAction };

const keyOf = (k: { type: string; value: string; sourceKey: string }) => `${k.type}\u0000${k.value}\u0000${k.sourceKey}`;

function sameContent(row: IndicatorRow, listing: Listing): boolean {
  const categories = [...listing.categories].sort();
  const stored = [...row.categories].sort();
  return (
    row.verdict === listing.verdict &&
    row.confidence === listing.confidence &&
    (row.sourceRef ?? null) === (listing.sourceRef ?? null) &&
    (row.evidenceUrl ?? null) === (listing.evidenceUrl ?? null) &&
    (row.impersonatedEntityId ?? null) === (listing.impersonatedEntityId ?? null) &&
    row.reportCount === (listing.reportCount ?? row.reportCount) &&
    stored.length === categories.length &&
    stored.every((c, i) => c === categories[i])
  );
}

/**
 * Apply a batch of listings in the caller's transaction. For each (type, value, source key):
 * - not listed yet: listed, active from now until the TTL rule says;
 * - revoked (an appeal won, or staff revoked it): left alone, counted as skipped, unless
 *   `reinstate` (a new verified case decision) — then reinstated;
 * - expired: listed again (relisted);
 * - active with other content: updated and re-verified;
 * - active with the same content: unchanged — so re-importing a file changes nothing — unless
 *   more than half its life has passed, when the sighting re-verifies it and extends its expiry.
 * Callers authorise; this is the one writer the use cases share.
 */
export async function applyListings(tx: Tx, ctx: Context, listings: readonly Listing[], options: { ttl: TtlPolicy; reinstate: boolean; note?: string | null }): Promise<ApplyResult> {
  const byKey = new Map<string, Listing>();
  for (const listing of listings) byKey.set(keyOf(listing), listing);
  let serial = await repo.lockSerial(tx.db);
  const existing = new Map((await repo.findByKeys(tx.db, [...byKey.values()])).map((row) => [keyOf(row), row]));
  const now = ctx.now;
  const changes: Change[] = [];
  let unchanged = 0;
  let skipped = 0;
  for (const [key, listing] of byKey) {
    const row = existing.get(key);
    const expiry = options.ttl.expiryOf(listing.type, listing.categories, listing.verdict, now);
    const fresh = {
      verdict: listing.verdict,
      categories: [...listing.categories],
      confidence: listing.confidence,
      sourceRef: listing.sourceRef ?? null,
      evidenceUrl: listing.evidenceUrl ?? null,
      impersonatedEntityId: listing.impersonatedEntityId ?? null,
      lastVerified: now,
      expiresAt: expiry.expiresAt,
      ttlRuleId: expiry.ruleId,
      status: 'active',
      updatedAt: now,
    };
    if (row === undefined) {
      const seen = listing.seenAt !== undefined && listing.seenAt !== null && listing.seenAt < now ? listing.seenAt : now;
      changes.push({
        action: 'listed',
        row: { id: randomUUID(), type: listing.type, value: listing.value, source: listing.source, sourceKey: listing.sourceKey, reportCount: listing.reportCount ?? 0, firstSeen: seen, createdAt: now, serial: 0, ...fresh },
      });
    } else if (row.status === 'revoked' && !options.reinstate) {
      skipped++;
    } else if (row.status !== 'active') {
      changes.push({ action: row.status === 'revoked' ? 'reinstated' : 'relisted', row: { ...row, ...fresh, reportCount: listing.reportCount ?? row.reportCount } });
    } else if (!sameContent(row, listing)) {
      changes.push({ action: 'updated', row: { ...row, ...fresh, reportCount: listing.reportCount ?? row.reportCount } });
    } else if (row.expiresAt !== null && row.expiresAt.getTime() - now.getTime() < (row.expiresAt.getTime() - row.lastVerified.getTime()) / 2) {
      changes.push({ action: 'reverified', row: { ...row, lastVerified: now, expiresAt: expiry.expiresAt, ttlRuleId: expiry.ruleId, updatedAt: now } });
    } else {
      unchanged++;
    }
  }
  if (changes.length > 0) serial = await record(tx, ctx, changes, options.note ?? null);
  const added = changes.filter((c) => c.action === 'listed').length;
  return { added, updated: changes.length - added, unchanged, skipped, serial };
}

/** Number the changes, write the rows and their history lines; returns the last serial. */
async function record(tx: Tx, ctx: Context, changes: readonly Change[], note: string | null): Promise<number> {
  const last = await repo.advanceSerial(tx.db, changes.length);
  const first = last - changes.length + 1;
  const by = actorName(ctx.actor);
  const rows = changes.map((change, i) => ({ ...change.row, serial: first + i }));
  const lines: IndicatorChangeRow[] = changes.map((change, i) => ({
    serial: first + i,
    indicatorId: change.row.id,
    action: change.action,
    status: change.row.status,
    verdict: change.row.verdict,
    categories: change.row.categories,
    expiresAt: change.row.expiresAt,
    actorId: by.id,
    actorName: by.name,
    note,
    at: ctx.now,
  }));
  await repo.writeIndicators(tx.db, rows);
  await repo.insertChanges(tx.db, lines);
  return last;
}

/** Revoke listings (delisting after an appeal, or staff correcting a mistake): they leave the index and every feed at the next serial. */
export async function revokeIndicators(tx: Tx, ctx: Context, ids: readonly string[], note: string): Promise<IndicatorRow[]> {
  await repo.lockSerial(tx.db);
  const rows = (await repo.findIndicators(tx.db, ids)).filter((row) => row.status !== 'revoked');
  await recordStatus(tx, ctx, rows, 'revoked', note);
  return rows;
}

/** Mark listings past their expiry as expired, a batch at a time (workers, periodically). Returns how many. */
export async function expireDue(tx: Tx, ctx: Context, limit = 1000): Promise<number> {
  await repo.lockSerial(tx.db);
  const rows = await repo.dueToExpire(tx.db, ctx.now, limit);
  await recordStatus(tx, ctx, rows, 'expired', null);
  return rows.length;
}

async function recordStatus(tx: Tx, ctx: Context, rows: readonly IndicatorRow[], status: 'revoked' | 'expired', note: string | null): Promise<void> {
  if (rows.length === 0) return;
  await record(
    tx,
    ctx,
    rows.map((row) => ({ action: status, row: { ...row, status, updatedAt: ctx.now } })),
    note,
  );
}
