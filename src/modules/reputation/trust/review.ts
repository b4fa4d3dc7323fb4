// Staff review of applications (national authority): the queue, one application with the
// automatic hints, a finding per criterion, and reading the applicant's contact (audited).
import type { SecretBox } from '../../../core/crypto.ts';
import type { Db, Tx } from '../../../core/db.ts';
import { AppError } from '../../../core/errors.ts';
import { actorName, auditOrg, recordAudit, requireAccess, type Context } from '../../identity/index.ts';
import type { LiveIndex } from '../live-index.ts';
import { CRITERIA, criterionOf, type Criterion } from './criteria.ts';
import { automaticHints, type Hint } from './hints.ts';
import { isUuid, OPEN_STATUSES, TRUST_LIMITS, TRUST_STATUSES, type TrustStatus } from './model.ts';
import * as repo from './repository.ts';

/** Queue filters: one status, the open ones (applied and in review), or all. */
export const QUEUE_FILTERS = ['open', 'all', ...TRUST_STATUSES] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

export type FindingCounts = Record<'met' | 'not_met' | 'pending', number>;

/** An entity as the queue lists it. */
export type ApplicationSummary = { entity: repo.EntityRow; domains: string[]; counts: FindingCounts };

/** One criterion of an application: what it asks, what the applicant said, what staff found, and the hint. */
export type CriterionReview = { criterion: Criterion; row: repo.CriterionRow | null; hint: Hint | null };

export type ApplicationDetail = ApplicationSummary & { criteria: CriterionReview[] };

function statusesOf(filter: QueueFilter): readonly TrustStatus[] {
  if (filter === 'open') return OPEN_STATUSES;
  if (filter === 'all') return TRUST_STATUSES;
  return [filter];
}

/** An entity by id, or the same 404 for a malformed id as for an unknown one. */
export async function entityOrNotFound(db: Db, id: string, options: { lock?: boolean } = {}): Promise<repo.EntityRow> {
  const entity = isUuid(id) ? await repo.findEntity(db, id, options) : null;
  if (entity === null) throw new AppError('NOT_FOUND');
  return entity;
}

/** The review queue: entities by status, newest first. */
export async function listApplications(db: Db, ctx: Context, filter: QueueFilter, page: { limit: number; offset: number }): Promise<{ items: ApplicationSummary[]; total: number }> {
  requireAccess(ctx.actor, 'trust.review');
  const { rows, total } = await repo.listEntities(db, statusesOf(filter), page);
  const ids = rows.map((r) => r.id);
  const [domains, counts] = await Promise.all([repo.domainsOf(db, ids), repo.findingCounts(db, ids)]);
  return {
    total,
    items: rows.map((entity) => ({ entity, domains: domains.get(entity.id) ?? [], counts: counts.get(entity.id) ?? { met: 0, not_met: 0, pending: 0 } })),
  };
}

async function detailOf(db: Db, entity: repo.EntityRow, live: LiveIndex, now: Date): Promise<ApplicationDetail> {
  const domains = (await repo.domainsOf(db, [entity.id])).get(entity.id) ?? [];
  const rows = new Map((await repo.criteriaOf(db, entity.id)).map((r) => [r.criterion, r]));
  const hints = automaticHints(live, domains, now.getTime());
  const criteria = rows.size === 0 ? [] : CRITERIA.map((criterion) => ({ criterion, row: rows.get(criterion.code) ?? null, hint: criterion.automatic === null ? null : hints[criterion.automatic] }));
  const counts = { met: 0, not_met: 0, pending: 0 };
  for (const c of criteria) counts[(c.row?.finding ?? 'pending') as keyof FindingCounts]++;
  return { entity, domains, counts, criteria };
}

/** One application with its statements, findings and the automatic hints of now. */
export async function getApplication(db: Db, ctx: Context, id: string, deps: { live: LiveIndex }): Promise<ApplicationDetail> {
  requireAccess(ctx.actor, 'trust.review');
  return detailOf(db, await entityOrNotFound(db, id), deps.live, ctx.now);
}

/** The applicant's contact, decrypted for a reviewer; every reading is audited. */
export async function readContact(tx: Tx, ctx: Context, id: string, deps: { box: SecretBox }): Promise<string | null> {
  requireAccess(ctx.actor, 'trust.review');
  const entity = await entityOrNotFound(tx.db, id);
  if (entity.contactCiphertext === null) return null;
  await recordAudit(tx.db, ctx, { orgId: auditOrg(ctx.actor), action: 'trust.contact_read', subjectType: 'trust_entity', subjectId: entity.id, summary: {} });
  return deps.box.decrypt(entity.contactCiphertext);
}

export type FindingInput = { finding: 'met' | 'not_met'; note: string | null };

/**
 * Record a finding on one criterion of an open application; the first finding moves it to
 * in_review. A criterion found not met needs a note saying why.
 */
export async function recordFinding(tx: Tx, ctx: Context, id: string, code: string, input: FindingInput, deps: { live: LiveIndex }): Promise<ApplicationDetail> {
  requireAccess(ctx.actor, 'trust.review');
  const entity = await entityOrNotFound(tx.db, id, { lock: true });
  if (criterionOf(code) === undefined) throw new AppError('NOT_FOUND', 'No such criterion.');
  const note = input.note?.trim() ?? '';
  if ([...note].length > TRUST_LIMITS.note) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'note', code: 'too_long', message: `at most ${TRUST_LIMITS.note} characters` }]);
  if (input.finding === 'not_met' && note.length < 3) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'note', code: 'note_required', message: 'say why the criterion is not met' }]);
  if (!OPEN_STATUSES.includes(entity.status as TrustStatus)) throw new AppError('CONFLICT', 'Only an application waiting for a decision can be reviewed.');
  const row = await repo.updateCriterion(tx.db, entity.id, code, { finding: input.finding, note: note === '' ? null : note, checkedBy: actorName(ctx.actor).name, checkedAt: ctx.now });
  if (row === null) throw new AppError('NOT_FOUND', 'No such criterion.');
  const updated = entity.status === 'applied' ? await repo.updateEntity(tx.db, entity.id, { status: 'in_review', updatedAt: ctx.now }) : entity;
  await recordAudit(tx.db, ctx, { orgId: auditOrg(ctx.actor), action: 'trust.finding_recorded', subjectType: 'trust_entity', subjectId: entity.id, summary: { criterion: code, finding: input.finding } });
  return detailOf(tx.db, updated, deps.live, ctx.now);
}
