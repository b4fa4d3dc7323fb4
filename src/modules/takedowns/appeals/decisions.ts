// Deciding an appeal (a supervisor or admin of the issuing authority). Either way the decision is
// recorded on the appeal, on the request (a history line, append-only), on its published statement
// (`appeal_outcome`) and in the audit log, and the appellant is emailed. Restoring also tells the
// recipient organisation to reverse the action: one `takedown.restore` notice per channel in the
// outbox, delivered like the request's own notices. All in the caller's transaction.
import { isUuid } from '../../../core/validate.ts';
import type { Tx } from '../../../core/db.ts';
import { AppError } from '../../../core/errors.ts';
import type { Notifier } from '../../alerts/index.ts';
import { actorName, auditOrg, recordAudit, type Context } from '../../identity/index.ts';
import { NOTICE_EVENTS } from '../model.ts';
import { queueNotices } from '../notices.ts';
import { insertEvent, lockRequests } from '../repository.ts';
import { queueAppellantMail } from './mail.ts';
import { APPEAL_LIMITS, OUTCOME_STATUS, type AppealOutcome, type DecidedStatus } from './model.ts';
import { requireAppealDecider } from './policy.ts';
import * as repo from './repository.ts';

export type DecisionInput = { outcome: AppealOutcome; reason: string };

/** The notice event that asks the recipient to reverse an action. */
export const RESTORE_EVENT = NOTICE_EVENTS.restore;

/** The reason, checked: the appellant and the recipient read it, so it must say something. */
function reasonOf(text: string): string {
  const reason = text.trim();
  if ([...reason].length < APPEAL_LIMITS.reasonMin) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'reason', message: `at least ${APPEAL_LIMITS.reasonMin} characters: the appellant reads it` }]);
  if ([...reason].length > APPEAL_LIMITS.reason) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'reason', message: `at most ${APPEAL_LIMITS.reason} characters` }]);
  return reason;
}

/**
 * Restore or confirm an open appeal: 404 for an appeal the actor may not see (or none), 403 for
 * staff of the issuer without the role, 409 when it was already decided.
 */
export async function decideTakedownAppeal(tx: Tx, ctx: Context, appealId: string, input: DecisionInput, deps: { notifier: Notifier }): Promise<{ status: DecidedStatus; notices: number }> {
  const appeal = isUuid(appealId) ? await repo.lockAppeal(tx.db, appealId) : null;
  const [request] = appeal === null ? [] : await lockRequests(tx.db, [appeal.requestId]);
  requireAppealDecider(ctx.actor, request ?? null);
  if (appeal === null || request === undefined) throw new AppError('NOT_FOUND');
  const reason = reasonOf(input.reason);
  if (appeal.status !== 'received') throw new AppError('TAKEDOWN_APPEAL_DECIDED', 'This appeal was already decided.');
  const status = OUTCOME_STATUS[input.outcome];
  const by = actorName(ctx.actor);
  if (!(await repo.recordDecision(tx.db, appeal.id, { status, reason, by: by.id, byName: by.name, at: ctx.now }))) throw new AppError('TAKEDOWN_APPEAL_DECIDED', 'This appeal was already decided.');
  await repo.setAppealOutcome(tx.db, appeal.statementId, status);
  const actorOrgId = auditOrg(ctx.actor);
  await insertEvent(tx.db, { requestId: request.id, kind: `appeal_${status}`, actorOrgId, actorName: by.name, note: reason, at: ctx.now });
  const notices = status === 'restored' ? await queueNotices(tx.db, deps.notifier, request, ctx.now, NOTICE_EVENTS.restore) : 0;
  await recordAudit(tx.db, ctx, {
    orgId: actorOrgId,
    action: `takedown.appeal_${status}`,
    subjectType: 'takedown_appeal',
    subjectId: appeal.id,
    summary: { requestId: request.id, number: request.number, statementId: appeal.statementId, notices },
  });
  await queueAppellantMail(tx.db, deps.notifier, appeal, 'decided', ctx.now);
  return { status, notices };
}
