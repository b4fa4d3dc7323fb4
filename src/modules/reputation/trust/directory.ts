// The public directory (danh bạ tín nhiệm): organisations with a badge, and those staff listed so
// that warnings can name them as impersonated. Nothing about an applicant's contact or
// statements leaves here; only which criteria were met.
import type { Db, Tx } from '../../../core/db.ts';
import { AppError } from '../../../core/errors.ts';
import { auditOrg, recordAudit, requireAccess, type Context } from '../../identity/index.ts';
import { parseTarget, TargetError, foldAccents } from '../../targets/index.ts';
import { insertWithSlug, newProblems, prepareDomains, prepareIdentity } from './applications.ts';
import { CRITERIA, type Criterion } from './criteria.ts';
import { DIRECTORY_STATUSES, isValidSlug, PUBLIC_STATUSES, TRUST_LIMITS, type TrustStatus } from './model.ts';
import * as repo from './repository.ts';

/** What the public may know of an organisation. */
export type PublicEntity = {
  slug: string;
  name: string;
  website: string | null;
  description: string | null;
  status: 'approved' | 'listed' | 'revoked';
  badgeNumber: string | null;
  approvedAt: Date | null;
  revokedAt: Date | null;
  /** Why the badge was revoked (staff are told it is public). */
  revocationReason: string | null;
  domains: string[];
  criteriaMet: Criterion[];
};

function isPublic(status: string): status is PublicEntity['status'] {
  return PUBLIC_STATUSES.includes(status as TrustStatus);
}

function present(entity: repo.EntityRow & { status: PublicEntity['status'] }, domains: string[], met: Criterion[]): PublicEntity {
  return {
    slug: entity.slug,
    name: entity.name,
    website: entity.website,
    description: entity.description,
    status: entity.status,
    badgeNumber: entity.badgeNumber,
    approvedAt: entity.approvedAt,
    revokedAt: entity.revokedAt,
    revocationReason: entity.status === 'revoked' ? entity.statusReason : null,
    domains,
    criteriaMet: met,
  };
}

/**
 * What the search box holds: accent-folded text for names, and a host for domains (a pasted
 * URL or email counts by its host).
 */
function searchOf(q: string | undefined): { text: string | null; domain: string | null } {
  const typed = q?.trim() ?? '';
  if (typed === '') return { text: null, domain: null };
  let domain = typed.toLowerCase();
  try {
    const target = parseTarget(typed);
    if (target.details.host !== undefined) domain = target.details.host;
    else if (target.type === 'domain') domain = target.value.replace(/^\*\./, '');
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
  }
  return { text: foldAccents(typed), domain };
}

/** The directory, by name; `q` finds a name (accents optional) or a domain. */
export async function listDirectory(db: Db, q: string | undefined, page: { limit: number; offset: number }): Promise<{ items: PublicEntity[]; total: number }> {
  const { rows, total } = await repo.searchDirectory(db, DIRECTORY_STATUSES, searchOf(q), page);
  const domains = await repo.domainsOf(db, rows.map((r) => r.id));
  const items: PublicEntity[] = [];
  // Criteria met are not listed here: an approved badge met them all, a listed entry had none to meet.
  for (const row of rows) if (isPublic(row.status)) items.push(present({ ...row, status: row.status }, domains.get(row.id) ?? [], []));
  return { items, total };
}

/** One organisation's public page, or 404 for one that is not public (an application, a rejection). */
export async function publicEntity(db: Db, slug: string): Promise<PublicEntity> {
  const row = isValidSlug(slug) ? await repo.findEntityBySlug(db, slug) : null;
  if (row === null || !isPublic(row.status)) throw new AppError('NOT_FOUND');
  const domains = (await repo.domainsOf(db, [row.id])).get(row.id) ?? [];
  const met = new Set((await repo.criteriaOf(db, row.id)).filter((c) => c.finding === 'met').map((c) => c.criterion));
  return present({ ...row, status: row.status }, domains, CRITERIA.filter((c) => met.has(c.code)));
}

/** What a badge shows: the organisation and its badge, or nothing for a slug without one. */
export type BadgeState = { kind: 'approved' | 'revoked'; name: string; badgeNumber: string } | { kind: 'invalid' };

/** The state of a slug's badge; unknown slugs, applications and listed entries have none. */
export async function badgeStateOf(db: Db, slug: string): Promise<BadgeState> {
  const row = isValidSlug(slug) ? await repo.findEntityBySlug(db, slug) : null;
  if (row?.badgeNumber == null || (row.status !== 'approved' && row.status !== 'revoked')) return { kind: 'invalid' };
  return { kind: row.status, name: row.name, badgeNumber: row.badgeNumber };
}

export type ListedEntityInput = { name: string; slug?: string | null; website?: string | null; description?: string | null; domains?: readonly string[] };

/**
 * Enter an organisation in the directory without a badge (status listed) — a bank, a ministry —
 * so indicators can name it as impersonated. Its domains are recorded, not listed as trusted.
 */
export async function createListedEntity(tx: Tx, ctx: Context, input: ListedEntityInput): Promise<PublicEntity> {
  requireAccess(ctx.actor, 'trust.decide');
  const problems = newProblems();
  const identity = prepareIdentity(input, problems);
  const domains = prepareDomains(input.domains ?? [], problems, { required: false });
  const websiteText = problems.text('website', input.website, TRUST_LIMITS.website, false);
  let website: string | null = null;
  if (websiteText !== '') {
    try {
      website = parseTarget(websiteText, 'url').value;
    } catch (error) {
      if (!(error instanceof TargetError)) throw error;
      problems.add('website', 'invalid', error.reason);
    }
  }
  if (problems.list.length > 0) throw new AppError('VALIDATION_FAILED', undefined, problems.list);
  const entity = await insertWithSlug(tx, { name: identity.name, website, description: identity.description, contactCiphertext: null, status: 'listed', createdAt: ctx.now, updatedAt: ctx.now }, identity.slug);
  await repo.insertDomains(tx.db, entity.id, domains);
  await recordAudit(tx.db, ctx, { orgId: auditOrg(ctx.actor), action: 'trust.listed', subjectType: 'trust_entity', subjectId: entity.id, summary: { slug: entity.slug, domains } });
  return present({ ...entity, status: 'listed' }, domains, []);
}
