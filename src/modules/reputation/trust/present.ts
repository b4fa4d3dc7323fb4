// Presenters of the trust registry API: use-case results → response shapes (schema.ts).
import { isoOrNull } from '../../../core/http/types.ts';
import type { PublicEntity } from './directory.ts';
import type { TrustStatus } from './model.ts';
import type { ApplicationDetail, ApplicationSummary } from './review.ts';
import type * as S from './schema.ts';

/** An entity as the review queue lists it. */
export function presentSummary(summary: ApplicationSummary): S.ApplicationSummaryView {
  const { entity, domains, counts } = summary;
  return {
    id: entity.id,
    slug: entity.slug,
    name: entity.name,
    website: entity.website,
    status: entity.status as TrustStatus,
    domains,
    badgeNumber: entity.badgeNumber,
    approvedAt: isoOrNull(entity.approvedAt),
    revokedAt: isoOrNull(entity.revokedAt),
    statusReason: entity.statusReason,
    findings: { met: counts.met, notMet: counts.not_met, pending: counts.pending },
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}

/** One application for a reviewer: statements, findings and hints; the contact only by its own call. */
export function presentDetail(detail: ApplicationDetail): S.ApplicationDetailView {
  return {
    ...presentSummary(detail),
    description: detail.entity.description,
    hasContact: detail.entity.contactCiphertext !== null,
    criteria: detail.criteria.map(({ criterion, row, hint }) => ({
      criterion: criterion.code as S.ApplicationDetailView['criteria'][number]['criterion'],
      label: criterion.label,
      statement: row?.statement ?? null,
      finding: (row?.finding ?? 'pending') as 'pending' | 'met' | 'not_met',
      note: row?.note ?? null,
      checkedBy: row?.checkedBy ?? null,
      checkedAt: isoOrNull(row?.checkedAt ?? null),
      automatic: criterion.automatic,
      hint: hint === null ? null : { clear: hint.clear, items: hint.items },
    })),
  };
}

/** An organisation as the public sees it, with absolute links to its page and badge. */
export function presentPublic(entity: PublicEntity, publicUrl: string): S.PublicEntityView {
  const base = publicUrl.replace(/\/+$/, '');
  const badge =
    entity.badgeNumber === null || entity.status === 'listed'
      ? null
      : {
          number: entity.badgeNumber,
          status: entity.status === 'revoked' ? ('revoked' as const) : ('valid' as const),
          approvedAt: isoOrNull(entity.approvedAt),
          revokedAt: isoOrNull(entity.revokedAt),
          revocationReason: entity.revocationReason,
        };
  return {
    slug: entity.slug,
    name: entity.name,
    website: entity.website,
    description: entity.description,
    status: entity.status,
    badge,
    domains: entity.domains,
    criteriaMet: entity.criteriaMet.map((c) => c.code),
    url: `${base}/trust/${entity.slug}`,
    badgeUrl: badge === null ? null : `${base}/trust/${entity.slug}/badge.svg`,
  };
}
