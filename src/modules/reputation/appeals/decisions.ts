// Deciding an appeal. Granting delists: every source's active listing of the value is revoked in
// the decision's transaction, so the value leaves the index and every feed at the next serial.
// The revocation stays in the indicator history with the appeal's note; the appeal keeps the
// decision. A later verified case on the value reinstates its listing (applyListings, reinstate).
import { AppError } from '../../../core/errors.ts';
import type { Tx } from '../../../core/db.ts';
import type { Notifier } from '../../alerts/index.ts';
import { actorName, auditOrg, recordAudit, type Context } from '../../identity/index.ts';
import { revokeIndicators } from '../listings.ts';
import * as indicators from '../repository.ts';
import { queueAppellantMail } from './mail.ts';
import { APPEAL_LIMITS, type AppealDecision } from './model.ts';
import { requireAppealDecider } from './policy.ts';
import * as repo from './repository.ts';

export type DecisionInput = { decision: AppealDecision; reason: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The reason, checked: shown to the appellant, so it must say something. */
function reasonOf(text: string): string {
  const reason = text.trim();
  if ([...reason].length < APPEAL_LIMITS.reasonMin) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'reason', message: `at least ${APPEAL_LIMITS.reasonMin} characters: the appellant reads it` }]);
  if ([...reason].length > APPEAL_LIMITS.reason) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'reason', message: `at most ${APPEAL_LIMITS.reason} characters` }]);
  return reason;
}

/**
 * Grant or refuse an open appeal (409 when it was already decided). The caller catches the live
 * index up after commit. Returns how many listings were revoked.
 */
export async function decideAppeal(tx: Tx, ctx: Context, appealId: string, input: DecisionInput, deps: { notifier: Notifier }): Promise<{ revoked: number }> {
  requireAppealDecider(ctx.actor);
  const reason = reasonOf(input.reason);
  const appeal = UUID.test(appealId) ? await repo.lockAppeal(tx.db, appealId) : null;
  if (appeal === null) throw new AppError('NOT_FOUND');
  if (appeal.status !== 'received') throw new AppError('APPEAL_ALREADY_DECIDED');
  let revoked = 0;
  if (input.decision === 'grant') {
    const active = (await indicators.indicatorsOfValue(tx.db, appeal.type, appeal.value)).filter((row) => row.status === 'active');
    revoked = (await revokeIndicators(tx, ctx, active.map((row) => row.id), `appeal ${appeal.ticket}: ${reason}`)).length;
  }
  const by = actorName(ctx.actor);
  const recorded = await repo.recordDecision(tx.db, appeal.id, { status: input.decision === 'grant' ? 'granted' : 'refused', reason, by: by.id, byName: by.name, at: ctx.now });
  if (!recorded) throw new AppError('APPEAL_ALREADY_DECIDED');
  await recordAudit(tx.db, ctx, { orgId: auditOrg(ctx.actor), action: input.decision === 'grant' ? 'appeal.granted' : 'appeal.refused', subjectType: 'appeal', subjectId: appeal.id, summary: { type: appeal.type, revoked } });
  await queueAppellantMail(tx.db, deps.notifier, appeal, 'decided', ctx.now);
  return { revoked };
}
