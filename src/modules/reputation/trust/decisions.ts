// Deciding an application (national supervisors and admins): approve when every criterion is
// met — a badge number and a trusted listing per domain — reject with a reason, or revoke a
// badge, which revokes its listings. The caller catches the live index up after commit.
import type { Tx } from '../../../core/db.ts';
import { AppError } from '../../../core/errors.ts';
import { auditOrg, recordAudit, requireAccess, type Context } from '../../identity/index.ts';
import { applyListings, revokeIndicators } from '../listings.ts';
import { lockSerial } from '../repository.ts';
import { TtlPolicy } from '../ttl.ts';
import { CRITERIA } from './criteria.ts';
import { badgeNumber, badgePrefix, OPEN_STATUSES, REGISTRY_CONFIDENCE, TRUST_LIMITS, vietnamYear, type TrustDecision, type TrustStatus } from './model.ts';
import * as repo from './repository.ts';
import { entityOrNotFound, type ApplicationSummary } from './review.ts';

export type DecisionInput = { decision: TrustDecision; reason: string | null };

export type DecisionResult = ApplicationSummary & { indicatorsChanged: number };

function reasonOf(input: DecisionInput): string {
  const reason = input.reason?.trim() ?? '';
  if (reason.length < 3) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'reason', code: 'required', message: 'give the reason (it is recorded)' }]);
  if ([...reason].length > TRUST_LIMITS.reason) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'reason', code: 'too_long', message: `at most ${TRUST_LIMITS.reason} characters` }]);
  return reason;
}

function requireOpen(entity: repo.EntityRow, action: string): void {
  if (!OPEN_STATUSES.includes(entity.status as TrustStatus)) throw new AppError('CONFLICT', `Only an application waiting for a decision can be ${action}.`);
}

/** Approve, reject or revoke. */
export async function decideApplication(tx: Tx, ctx: Context, id: string, input: DecisionInput): Promise<DecisionResult> {
  requireAccess(ctx.actor, 'trust.decide');
  const entity = await entityOrNotFound(tx.db, id, { lock: true });
  const domains = (await repo.domainsOf(tx.db, [entity.id])).get(entity.id) ?? [];
  let outcome: Outcome;
  if (input.decision === 'approve') outcome = await approve(tx, ctx, entity, domains);
  else if (input.decision === 'reject') outcome = await reject(tx, ctx, entity, reasonOf(input));
  else outcome = await revoke(tx, ctx, entity, domains, reasonOf(input));
  const counts = (await repo.findingCounts(tx.db, [entity.id])).get(entity.id) ?? { met: 0, not_met: 0, pending: 0 };
  return { entity: outcome.updated, domains, counts, indicatorsChanged: outcome.indicatorsChanged };
}

type Outcome = { updated: repo.EntityRow; indicatorsChanged: number };

async function reject(tx: Tx, ctx: Context, entity: repo.EntityRow, reason: string): Promise<Outcome> {
  requireOpen(entity, 'rejected');
  const updated = await repo.updateEntity(tx.db, entity.id, { status: 'rejected', statusReason: reason, updatedAt: ctx.now });
  await recordAudit(tx.db, ctx, { orgId: auditOrg(ctx.actor), action: 'trust.rejected', subjectType: 'trust_entity', subjectId: entity.id, summary: { reason } });
  return { updated, indicatorsChanged: 0 };
}

async function approve(tx: Tx, ctx: Context, entity: repo.EntityRow, domains: string[]): Promise<Outcome> {
  requireOpen(entity, 'approved');
  const findings = new Map((await repo.criteriaOf(tx.db, entity.id)).map((r) => [r.criterion, r.finding]));
  const missing = CRITERIA.filter((c) => findings.get(c.code) !== 'met');
  if (missing.length > 0) {
    throw new AppError(
      'CONFLICT',
      'Every criterion must be met before approval.',
      missing.map((c) => ({ field: `criteria.${c.code}`, code: findings.get(c.code) ?? 'pending', message: `${c.label.en}: ${findings.get(c.code) === 'not_met' ? 'not met' : 'not checked yet'}` })),
    );
  }
  // The change-serial lock serialises approvals: two never take the same badge number, and a
  // domain approved a moment ago for another organisation is seen here.
  await lockSerial(tx.db);
  const held = await repo.domainsHeldByOthers(tx.db, entity.id, domains);
  if (held.length > 0) {
    throw new AppError(
      'CONFLICT',
      'A domain already carries another organisation’s badge.',
      held.map((h) => ({ field: 'domains', code: 'domain_held', message: `${h.domain} is held by ${h.slug}` })),
    );
  }
  const year = vietnamYear(ctx.now);
  const badge = badgeNumber(year, (await repo.lastBadgeSequence(tx.db, badgePrefix(year))) + 1);
  const updated = await repo.updateEntity(tx.db, entity.id, { status: 'approved', badgeNumber: badge, approvedAt: ctx.now, revokedAt: null, statusReason: null, updatedAt: ctx.now });
  const applied = await applyListings(
    tx,
    ctx,
    domains.map((domain) => ({ type: 'domain', value: domain, verdict: 'trusted', categories: [], confidence: REGISTRY_CONFIDENCE, source: 'registry', sourceKey: 'registry', sourceRef: badge })),
    { ttl: await TtlPolicy.load(tx.db), reinstate: true, note: `trust badge ${badge}` },
  );
  await recordAudit(tx.db, ctx, { orgId: auditOrg(ctx.actor), action: 'trust.approved', subjectType: 'trust_entity', subjectId: entity.id, summary: { badge, domains } });
  return { updated, indicatorsChanged: applied.added + applied.updated };
}

async function revoke(tx: Tx, ctx: Context, entity: repo.EntityRow, domains: string[], reason: string): Promise<Outcome> {
  if (entity.status !== 'approved' || entity.badgeNumber === null) throw new AppError('CONFLICT', 'Only an approved badge can be revoked.');
  const ids = await repo.registryIndicatorIds(tx.db, domains, entity.badgeNumber);
  const revoked = await revokeIndicators(tx, ctx, ids, reason);
  const updated = await repo.updateEntity(tx.db, entity.id, { status: 'revoked', statusReason: reason, revokedAt: ctx.now, updatedAt: ctx.now });
  await recordAudit(tx.db, ctx, { orgId: auditOrg(ctx.actor), action: 'trust.revoked', subjectType: 'trust_entity', subjectId: entity.id, summary: { badge: entity.badgeNumber, reason } });
  return { updated, indicatorsChanged: revoked.length };
}
