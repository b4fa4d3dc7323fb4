// The steps after issue: the recipient acknowledges (one or many) and answers (actioned,
// partially actioned or declined, with what was done and proof); the issuer may withdraw an open
// request. Each step is a history line and an audit entry in the caller's transaction; an
// actioned answer publishes its statement of reasons in the same transaction.
import type { Db, Tx } from '../../core/db.ts';
import type { EventBus } from '../../core/events.ts';
import { noteCaseAction } from '../cases/index.ts';
import { AppError } from '../../core/errors.ts';
import { actorName, auditOrg, organizationById, recordAudit, type Context } from '../identity/index.ts';
import { ACTION_LABELS } from './messages.ts';
import { isOpen, TAKEDOWN_LIMITS, type Outcome, type TakedownAction } from './model.ts';
import { requireRespond, requireWithdraw } from './policy.ts';
import * as repo from './repository.ts';
import { statementOf } from './statements.ts';

/** Acknowledge requests (the recipient has them and is working on them). Already acknowledged ones are left as they are. */
export async function acknowledgeRequests(tx: Db, ctx: Context, ids: readonly string[]): Promise<repo.RequestRow[]> {
  if (ids.length > TAKEDOWN_LIMITS.bulk) throw new AppError('TAKEDOWN_INVALID', undefined, [{ field: 'ids', message: `at most ${TAKEDOWN_LIMITS.bulk} at once` }]);
  const unique = [...new Set(ids)];
  const rows = await repo.lockRequests(tx, unique);
  const byId = new Map(rows.map((row) => [row.id, row]));
  // Every id is checked before anything changes: one request of another organisation fails the whole call.
  const visible = unique.map((id) => requireRespond(ctx.actor, byId.get(id) ?? null));
  const updated: repo.RequestRow[] = [];
  for (const row of visible) {
    if (row.status !== 'issued' && row.status !== 'delivered') {
      updated.push(row);
      continue;
    }
    updated.push(await repo.updateRequest(tx, row.id, { status: 'acknowledged', deliveredAt: row.deliveredAt ?? ctx.now, acknowledgedAt: ctx.now, updatedAt: ctx.now }));
    await step(tx, ctx, row, 'acknowledged', null);
  }
  return updated;
}

/**
 * The recipient has these requests now (its inbox listed them, its page opened one, or its webhook
 * answered 2xx): those still `issued` become `delivered`, with a history line each and one audit
 * entry. Returns the ids that changed.
 */
export async function markRequestsDelivered(tx: Db, ctx: Context, orgId: string, ids: readonly string[], channel: 'inbox' | 'webhook'): Promise<Set<string>> {
  const delivered = new Set(await repo.markDelivered(tx, ids, ctx.now));
  if (delivered.size === 0) return delivered;
  const requestIds = [...delivered];
  await repo.insertEvents(tx, requestIds.map((requestId) => ({ requestId, kind: 'delivered', actorOrgId: orgId, actorName: channel, note: null, at: ctx.now })));
  await recordAudit(tx, ctx, { orgId, action: 'takedown.delivered', subjectType: 'takedown_request', subjectId: requestIds.length === 1 ? (requestIds[0] ?? null) : null, summary: { requestIds, channel } });
  return delivered;
}

export type AnswerInput = { outcome: Outcome; note: string; proof?: string | undefined; actionedAt?: Date | undefined };

/** The recipient's answer. Actioned and partially actioned answers publish a statement of reasons. */
export async function answerRequest(tx: Db, ctx: Context, id: string, input: AnswerInput): Promise<repo.RequestRow> {
  const [found] = await repo.lockRequests(tx, [id]);
  const row = requireRespond(ctx.actor, found ?? null);
  if (!isOpen(row.status)) throw new AppError('TAKEDOWN_STATE_CONFLICT', `This request is already ${row.status}.`);
  const actioned = input.outcome !== 'declined';
  if (input.actionedAt !== undefined && (input.actionedAt > ctx.now || input.actionedAt < row.issuedAt)) {
    throw new AppError('TAKEDOWN_INVALID', undefined, [{ field: 'actionedAt', message: 'between the request’s issue and now' }]);
  }
  if (actioned && (input.proof === undefined || input.proof.trim() === '')) {
    throw new AppError('TAKEDOWN_INVALID', undefined, [{ field: 'proof', message: 'say how the action can be checked (a link or a description)' }]);
  }
  const actionedAt = actioned ? (input.actionedAt ?? ctx.now) : null;
  const updated = await repo.updateRequest(tx, row.id, {
    status: input.outcome,
    deliveredAt: row.deliveredAt ?? ctx.now,
    acknowledgedAt: row.acknowledgedAt ?? ctx.now,
    respondedAt: ctx.now,
    actionedAt,
    responseNote: input.note,
    responseProof: input.proof ?? null,
    updatedAt: ctx.now,
  });
  await step(tx, ctx, row, input.outcome, input.note);
  if (actioned) {
    const platform = await organizationById(tx, row.recipientOrgId);
    await repo.insertStatement(tx, statementOf(updated, platform?.name ?? '', ctx.now));
  }
  return updated;
}

/**
 * Answer, and when the request came from a case, tell the case's reporters on their tracking page
 * which organisation acted or declined (its name and the action; never the responder's note).
 */
export async function answerAndTell(tx: Tx, ctx: Context, id: string, input: AnswerInput, deps: { events: EventBus }): Promise<repo.RequestRow> {
  const row = await answerRequest(tx.db, ctx, id, input);
  if (row.caseId === null) return row;
  const recipient = await organizationById(tx.db, row.recipientOrgId);
  const action = ACTION_LABELS[row.action as TakedownAction];
  const publicNote = `${recipient?.name ?? ''}: ${action.vi} / ${action.en}`;
  await noteCaseAction(tx, deps.events, row.caseId, { kind: row.status === 'declined' ? 'action_declined' : 'action_taken', publicNote }, ctx.now);
  return row;
}

/** The issuer takes an open request back (the content was removed otherwise, the case was reopened…). */
export async function withdrawRequest(tx: Db, ctx: Context, id: string, reason: string): Promise<repo.RequestRow> {
  const [found] = await repo.lockRequests(tx, [id]);
  const row = requireWithdraw(ctx.actor, found ?? null);
  if (!isOpen(row.status)) throw new AppError('TAKEDOWN_STATE_CONFLICT', `This request is already ${row.status}.`);
  const updated = await repo.updateRequest(tx, row.id, { status: 'withdrawn', withdrawnAt: ctx.now, withdrawnReason: reason, updatedAt: ctx.now });
  await step(tx, ctx, row, 'withdrawn', reason);
  return updated;
}

async function step(tx: Db, ctx: Context, row: repo.RequestRow, kind: string, note: string | null): Promise<void> {
  const actorOrgId = ctx.actor.type === 'token' ? ctx.actor.membership.orgId : kind === 'withdrawn' ? auditOrg(ctx.actor) : row.recipientOrgId;
  await repo.insertEvent(tx, { requestId: row.id, kind, actorOrgId, actorName: actorName(ctx.actor).name, note, at: ctx.now });
  await recordAudit(tx, ctx, { orgId: actorOrgId, action: `takedown.${kind}`, subjectType: 'takedown_request', subjectId: row.id, summary: { number: row.number, from: row.status, to: kind } });
}
