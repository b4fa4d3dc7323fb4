import type { Tx } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import type { EventBus } from '../../core/events.ts';
import { actorName, auditOrg, recordAudit, type Context } from '../identity/index.ts';
import { NEEDS_APPROVAL, OPEN_STATUSES, type Category, type CaseStatus, type DecisionGround, type Verdict } from './categories.ts';
import { requireCaseScope, type CaseScope } from './policy.ts';
import * as repo from './repository.ts';
import { loadCase, publishPublicEvent, startReview } from './triage.ts';

export type DecisionInput =
  | {
      outcome: 'verified';
      verdict: Verdict;
      categories: Category[];
      decisionGround: DecisionGround;
      legalBasis: string;
      facts: string;
      automatedDetection: boolean;
      automatedDecision: boolean;
    }
  | { outcome: 'rejected'; reason: string; automatedDetection?: boolean; automatedDecision?: boolean }
  | { outcome: 'more_info'; question: string }
  | { outcome: 'duplicate'; duplicateOf: string };

type Deps = { events: EventBus };

/**
 * Decide a case with a statement of reasons. Verifications and rejections of
 * fake news or defamation wait for a supervisor (four eyes); everything else
 * takes effect at once. Audited; effective decisions are published as
 * `case.decided` for reputation, takedowns and warnings.
 */
export async function decideCase(tx: Tx, ctx: Context, caseId: string, input: DecisionInput, deps: Deps): Promise<{ decision: repo.DecisionRow; case: repo.CaseRow }> {
  const scope = requireCaseScope(ctx.actor, 'case.decide');
  let found = await loadCase(tx.db, scope, caseId, { forUpdate: true });
  if (!(['new', 'in_review', 'more_info'] as readonly string[]).includes(found.status)) throw new AppError('CASE_STATE_CONFLICT');
  found = await startReview(tx, ctx, found, deps.events);
  if (input.outcome === 'duplicate') return mergeInto(tx, ctx, scope, found, input.duplicateOf, deps);

  const by = actorName(ctx.actor);
  const needsApproval = (input.outcome === 'verified' || input.outcome === 'rejected') && found.categories.some((c) => NEEDS_APPROVAL.includes(c as Category));
  const decision = await repo.insertDecision(tx.db, {
    caseId: found.id,
    outcome: input.outcome,
    state: needsApproval ? 'pending_approval' : 'in_effect',
    verdict: input.outcome === 'verified' ? input.verdict : null,
    categories: input.outcome === 'verified' ? input.categories : [],
    decisionGround: input.outcome === 'verified' ? input.decisionGround : null,
    legalBasis: input.outcome === 'verified' ? input.legalBasis : null,
    facts: input.outcome === 'verified' ? input.facts : null,
    publicNote: input.outcome === 'rejected' ? input.reason : input.outcome === 'more_info' ? input.question : null,
    automatedDetection: 'automatedDetection' in input ? input.automatedDetection === true : false,
    automatedDecision: 'automatedDecision' in input ? input.automatedDecision === true : false,
    decidedBy: by.id,
    decidedByName: by.name,
    decidedAt: ctx.now,
  });
  await recordAudit(tx.db, ctx, {
    orgId: auditOrg(ctx.actor),
    action: needsApproval ? 'case.decision_proposed' : 'case.decided',
    subjectType: 'case',
    subjectId: found.id,
    summary: { number: found.number, decisionId: decision.id, outcome: decision.outcome, verdict: decision.verdict, categories: decision.categories },
  });
  if (needsApproval) {
    const waiting = await repo.updateCase(tx.db, found.id, { status: 'pending_approval', hasNewInformation: false, updatedAt: ctx.now });
    return { decision, case: waiting };
  }
  return { decision, case: await applyDecision(tx, ctx, found, decision, deps) };
}

/** A supervisor other than the decider approves (the decision takes effect) or refuses (the case returns to review). */
export async function reviewDecision(tx: Tx, ctx: Context, decisionId: string, review: { approve: boolean; note: string | null }, deps: Deps) {
  const scope = requireCaseScope(ctx.actor, 'case.approve');
  const decision = /^[0-9a-f-]{36}$/i.test(decisionId) ? await repo.findDecision(tx.db, decisionId) : null;
  if (decision === null) throw new AppError('NOT_FOUND');
  const found = await loadCase(tx.db, scope, decision.caseId, { forUpdate: true });
  if (decision.state !== 'pending_approval' || found.status !== 'pending_approval') throw new AppError('CASE_STATE_CONFLICT');
  const by = actorName(ctx.actor);
  if (by.id === null || by.id === decision.decidedBy) throw new AppError('APPROVAL_BY_ANOTHER');
  const reviewed = await repo.updateDecision(tx.db, decision.id, {
    state: review.approve ? 'in_effect' : 'refused',
    reviewedBy: by.id,
    reviewedByName: by.name,
    reviewedAt: ctx.now,
    reviewNote: review.note,
  });
  await recordAudit(tx.db, ctx, {
    orgId: auditOrg(ctx.actor),
    action: review.approve ? 'case.decision_approved' : 'case.decision_refused',
    subjectType: 'case',
    subjectId: found.id,
    summary: { number: found.number, decisionId: decision.id, outcome: decision.outcome },
  });
  if (!review.approve) return { decision: reviewed, case: await repo.updateCase(tx.db, found.id, { status: 'in_review', updatedAt: ctx.now }) };
  return { decision: reviewed, case: await applyDecision(tx, ctx, found, reviewed, deps) };
}

/** Make a decision take effect: the case's status, the reporters' history, and the domain event. */
async function applyDecision(tx: Tx, ctx: Context, found: repo.CaseRow, decision: repo.DecisionRow, deps: Deps): Promise<repo.CaseRow> {
  const final = decision.outcome === 'verified' || decision.outcome === 'rejected';
  const status = decision.outcome as CaseStatus;
  const updated = await repo.updateCase(tx.db, found.id, {
    status,
    decidedAt: final ? ctx.now : found.decidedAt,
    hasNewInformation: false,
    updatedAt: ctx.now,
  });
  await publishPublicEvent(tx, deps.events, updated, { kind: decision.outcome, publicNote: decision.publicNote, decisionId: decision.id }, ctx.now);
  if (final) {
    const targets = await repo.targetsOf(tx.db, found.id);
    await deps.events.publish(
      tx,
      {
        type: 'case.decided',
        aggregateId: found.id,
        payload: {
          caseId: found.id,
          caseNumber: found.number,
          decisionId: decision.id,
          outcome: decision.outcome,
          verdict: decision.verdict,
          categories: decision.categories.length > 0 ? decision.categories : found.categories,
          decisionGround: decision.decisionGround,
          legalBasis: decision.legalBasis,
          automatedDetection: decision.automatedDetection,
          automatedDecision: decision.automatedDecision,
          provinceCode: found.provinceCode,
          reportCount: found.reportCount,
          targets: targets.map((t) => ({ type: t.type, value: t.value })),
        },
      },
      ctx.now,
    );
  }
  return updated;
}

/**
 * Merge a case into another: its targets and reports move, counts add up, and
 * it keeps a pointer to the primary. Reporters of both follow the primary from now on.
 */
async function mergeInto(tx: Tx, ctx: Context, scope: CaseScope, duplicate: repo.CaseRow, primaryRef: string, deps: Deps) {
  const primary = await resolvePrimary(tx, scope, primaryRef);
  if (primary.id === duplicate.id) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'duplicateOf', message: 'a case cannot be a duplicate of itself' }]);
  if (!OPEN_STATUSES.includes(primary.status as CaseStatus) && primary.status !== 'verified') throw new AppError('CASE_STATE_CONFLICT', 'The case to merge into must be open or verified.');
  await repo.moveTargets(tx.db, duplicate.id, primary.id);
  await repo.updateCase(tx.db, primary.id, {
    reportCount: primary.reportCount + duplicate.reportCount,
    firstReportedAt: duplicate.firstReportedAt < primary.firstReportedAt ? duplicate.firstReportedAt : primary.firstReportedAt,
    lastReportedAt: duplicate.lastReportedAt > primary.lastReportedAt ? duplicate.lastReportedAt : primary.lastReportedAt,
    categories: [...new Set([...primary.categories, ...duplicate.categories])],
    severity: Math.max(primary.severity, duplicate.severity),
    provinceCode: primary.provinceCode ?? duplicate.provinceCode,
    searchText: `${primary.searchText} ${duplicate.searchText}`.slice(0, 20000),
    updatedAt: ctx.now,
  });
  const by = actorName(ctx.actor);
  const decision = await repo.insertDecision(tx.db, {
    caseId: duplicate.id,
    outcome: 'duplicate',
    state: 'in_effect',
    categories: [],
    automatedDetection: false,
    automatedDecision: false,
    duplicateOf: primary.id,
    decidedBy: by.id,
    decidedByName: by.name,
    decidedAt: ctx.now,
  });
  const merged = await repo.updateCase(tx.db, duplicate.id, { status: 'duplicate', duplicateOf: primary.id, decidedAt: ctx.now, updatedAt: ctx.now });
  await repo.closeSuggestions(tx.db, duplicate.id, 'merged', primary.id);
  await publishPublicEvent(tx, deps.events, merged, { kind: 'duplicate', publicNote: null, decisionId: decision.id }, ctx.now);
  await deps.events.publish(tx, { type: 'case.merged', aggregateId: duplicate.id, payload: { fromCaseId: duplicate.id, toCaseId: primary.id } }, ctx.now);
  await recordAudit(tx.db, ctx, { orgId: auditOrg(ctx.actor), action: 'case.merged', subjectType: 'case', subjectId: duplicate.id, summary: { number: duplicate.number, into: primary.number } });
  return { decision, case: merged };
}

async function resolvePrimary(tx: Tx, scope: CaseScope, ref: string): Promise<repo.CaseRow> {
  const number = /^(vv-?)?\d{1,9}$/i.test(ref.trim()) ? Number(ref.replace(/\D/g, '')) : null;
  const byNumber = number === null ? null : await repo.findCaseByNumber(tx.db, number);
  let primary = byNumber === null ? await loadCase(tx.db, scope, ref, { forUpdate: true }) : await loadCase(tx.db, scope, byNumber.id, { forUpdate: true });
  for (let hop = 0; hop < 10 && primary.duplicateOf !== null; hop++) primary = await loadCase(tx.db, scope, primary.duplicateOf, { forUpdate: true });
  return primary;
}

/** Bulk actions of the queue: each case decided as if one by one, all in one transaction. */
export async function bulkAction(tx: Tx, ctx: Context, action: { kind: 'reject_spam'; reason: string } | { kind: 'merge'; into: string }, caseIds: readonly string[], deps: Deps): Promise<number> {
  // Resolve the merge target once: named by reference (VV-12) and also selected, it is skipped rather than failing the batch.
  const into = action.kind === 'merge' ? (await resolvePrimary(tx, requireCaseScope(ctx.actor, 'case.decide'), action.into)).id : null;
  let done = 0;
  for (const caseId of caseIds) {
    const input: DecisionInput = action.kind === 'reject_spam' ? { outcome: 'rejected', reason: action.reason } : { outcome: 'duplicate', duplicateOf: into ?? action.into };
    if (caseId === into) continue;
    await decideCase(tx, ctx, caseId, input, deps);
    done++;
  }
  return done;
}

