// How advisories leave the module over the API: both languages, the public address, the live status
// of linked indicators, and the workflow fields only for the writing authority's staff.
import type { Static } from 'typebox';
import { isoTimestamp as iso } from '../../../core/clock.ts';
import type { LiveIndex } from '../../reputation/index.ts';
import { linkedIndicators, type SettledStates } from './live-status.ts';
import { advisoryPath, referenceOf, type AdvisoryStatus } from './model.ts';
import type { AdvisoryEventRow, AdvisoryRow } from './repository.ts';
import type { Advisory } from './schema.ts';

const isoOrNull = (at: Date | null) => (at === null ? null : iso(at.getTime()));

/** What presenting needs: the site's address, the live index, and how linked indicators not in it left the list. */
export type PresentDeps = { publicUrl: string; live: LiveIndex; now: Date; settled: SettledStates };

/** An advisory as the API shows it; `history` (staff only) adds the workflow block. */
export function presentAdvisory(row: AdvisoryRow, deps: PresentDeps, history: readonly AdvisoryEventRow[] | null): Static<typeof Advisory> {
  const presented: Static<typeof Advisory> = {
    id: row.id,
    number: row.number,
    reference: referenceOf(row.number),
    url: `${deps.publicUrl}${advisoryPath(row.number)}`,
    // Stored only by the workflow, so one of the statuses.
    status: row.status as AdvisoryStatus,
    severity: row.severity,
    categories: row.categories,
    title: { vi: row.titleVi, en: row.titleEn },
    body: { vi: row.bodyVi, en: row.bodyEn },
    audience: row.audience,
    audienceOrgKind: row.audienceOrgKind,
    audienceOrgId: row.audienceOrgId,
    campaignRefs: row.campaignRefs,
    indicators: linkedIndicators(deps.live, row.indicatorIds, deps.now, deps.settled).map((i) => ({ ...i, expiresAt: isoOrNull(i.expiresAt) })),
    publishedAt: isoOrNull(row.publishedAt),
  };
  if (history === null) return presented;
  return {
    ...presented,
    staff: {
      authorOrgId: row.authorOrgId,
      caseIds: row.caseIds,
      createdAt: iso(row.createdAt.getTime()),
      updatedAt: iso(row.updatedAt.getTime()),
      submittedAt: isoOrNull(row.submittedAt),
      approvedBy: row.approvedBy,
      archivedAt: isoOrNull(row.archivedAt),
      history: history.map((e) => ({ kind: e.kind, actorId: e.actorUserId, note: e.note, at: iso(e.at.getTime()) })),
    },
  };
}
