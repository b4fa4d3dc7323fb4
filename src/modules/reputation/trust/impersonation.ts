// Naming the organisation a dangerous listing impersonates, so the check can say "this site
// pretends to be <bank>" and link to the bank's page in the directory. The listing is
// re-applied through the one writer, so it takes a new serial and a line of history.
import type { Tx } from '../../../core/db.ts';
import { AppError } from '../../../core/errors.ts';
import { auditOrg, recordAudit, requireAccess, type Context } from '../../identity/index.ts';
import type { TargetType } from '../../targets/index.ts';
import { applyListings } from '../listings.ts';
import type { IndicatorSource, IndicatorVerdict, Listing } from '../model.ts';
import { findIndicator, lockSerial, type IndicatorRow } from '../repository.ts';
import { TtlPolicy } from '../ttl.ts';
import { isUuid, isValidSlug, PUBLIC_STATUSES, type TrustStatus } from './model.ts';
import { findEntityBySlug } from './repository.ts';

export type ImpersonationResult = { indicator: IndicatorRow; impersonates: { slug: string; name: string } | null; changed: boolean };

/** The listing an indicator row stands for, with another impersonated organisation. */
function listingOf(row: IndicatorRow, impersonatedEntityId: string | null): Listing {
  return {
    type: row.type as TargetType,
    value: row.value,
    verdict: row.verdict as IndicatorVerdict,
    categories: row.categories,
    confidence: row.confidence,
    source: row.source as IndicatorSource,
    sourceKey: row.sourceKey,
    sourceRef: row.sourceRef,
    evidenceUrl: row.evidenceUrl,
    impersonatedEntityId,
    reportCount: row.reportCount,
    seenAt: row.firstSeen,
  };
}

/**
 * Set (or clear, with null) the organisation an active dangerous or suspicious listing
 * impersonates; the organisation must be in the public directory. The caller catches the live
 * index up after commit.
 */
export async function setImpersonation(tx: Tx, ctx: Context, indicatorId: string, slug: string | null): Promise<ImpersonationResult> {
  requireAccess(ctx.actor, 'indicator.manage');
  // Take the writers' lock before reading, so the row re-applied is the row as it stands.
  await lockSerial(tx.db);
  const row = isUuid(indicatorId) ? await findIndicator(tx.db, indicatorId) : null;
  if (row === null) throw new AppError('NOT_FOUND');
  let entity: { id: string; slug: string; name: string } | null = null;
  if (slug !== null) {
    const found = isValidSlug(slug) ? await findEntityBySlug(tx.db, slug) : null;
    if (found === null || !PUBLIC_STATUSES.includes(found.status as TrustStatus)) {
      throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'entity', code: 'unknown_entity', message: 'no organisation in the trust directory has this short name' }]);
    }
    entity = found;
  }
  if (row.verdict === 'trusted') throw new AppError('CONFLICT', 'Only a dangerous or suspicious listing can impersonate an organisation.');
  if (row.status !== 'active') throw new AppError('CONFLICT', 'The listing is not active.');
  const result = await applyListings(tx, ctx, [listingOf(row, entity?.id ?? null)], {
    ttl: await TtlPolicy.load(tx.db),
    reinstate: false,
    note: entity === null ? 'impersonation cleared' : `impersonates ${entity.slug}`,
  });
  const changed = result.added + result.updated > 0;
  if (changed) {
    await recordAudit(tx.db, ctx, { orgId: auditOrg(ctx.actor), action: 'indicator.impersonation_set', subjectType: 'indicator', subjectId: row.id, summary: { entity: entity?.slug ?? null } });
  }
  const updated = await findIndicator(tx.db, row.id);
  if (updated === null) throw new Error(`indicator ${row.id} vanished`);
  return { indicator: updated, impersonates: entity === null ? null : { slug: entity.slug, name: entity.name }, changed };
}
