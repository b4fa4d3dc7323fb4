// The two shapes a listing arrives in — a live-index entry (full feeds) or a database row (deltas,
// TAXII, MISP) — made into the one record the STIX and MISP mappings read.
import type { IndexedIndicator } from '../live-index.ts';
import type { IndicatorStatus, IndicatorVerdict } from '../model.ts';
import type { IndexedRow } from '../repository.ts';
import type { TargetType } from '../../targets/index.ts';
import type { ListingRecord } from './stix.ts';

/**
 * An entry of the live index: always active. Its last verification is its latest change — every
 * change that leaves a listing active (listed, updated, re-verified, relisted, reinstated) sets
 * both to the same instant — so STIX `modified` is equal whichever way the listing is read.
 */
export function recordOfIndexed(indicator: IndexedIndicator): ListingRecord {
  return {
    id: indicator.id,
    type: indicator.type,
    value: indicator.value,
    verdict: indicator.verdict,
    categories: indicator.categories,
    confidence: indicator.confidence,
    source: indicator.source,
    evidenceUrl: indicator.evidenceUrl,
    reportCount: indicator.reportCount,
    impersonated: indicator.impersonated,
    firstSeen: indicator.firstSeen,
    changedAt: indicator.lastVerified,
    expiresAt: indicator.expiresAt,
    status: 'active',
    serial: indicator.serial,
  };
}

/** A database row (with the impersonated organisation joined). */
export function recordOfRow(row: IndexedRow): ListingRecord {
  return {
    id: row.id,
    type: row.type as TargetType,
    value: row.value,
    verdict: row.verdict as IndicatorVerdict,
    categories: row.categories,
    confidence: row.confidence,
    source: row.source,
    evidenceUrl: row.evidenceUrl,
    reportCount: row.reportCount,
    impersonated: row.impersonatedSlug === null || row.impersonatedName === null ? null : { slug: row.impersonatedSlug, name: row.impersonatedName },
    firstSeen: row.firstSeen.getTime(),
    changedAt: row.updatedAt.getTime(),
    expiresAt: row.expiresAt?.getTime() ?? null,
    status: row.status as IndicatorStatus,
    serial: row.serial,
  };
}
