import type { Db, Tx } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import type { EventBus } from '../../core/events.ts';
import { actorName, auditOrg, recordAudit, staffFor, type Context } from '../identity/index.ts';
import { parseTarget, TargetError } from '../targets/index.ts';
import { foldAccents } from '../targets/index.ts';
import { OPEN_STATUSES, type CaseStatus } from './categories.ts';
import { requireCaseScope, requireInScope, type CaseScope } from './policy.ts';
import * as repo from './repository.ts';

export type QueueQuery = {
  status?: string | undefined;
  category?: string | undefined;
  targetType?: string | undefined;
  province?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  q?: string | undefined;
  assignee?: 'me' | 'none' | undefined;
  limit: number;
  offset: number;
};

/** The triage queue the caller may see, highest priority first. */
export async function listQueue(db: Db, ctx: Context, query: QueueQuery) {
  const scope = requireCaseScope(ctx.actor, 'case.read');
  const statuses: readonly string[] = query.status === undefined || query.status === 'open' ? OPEN_STATUSES : query.status === 'all' ? [] : [query.status];
  const q = query.q?.trim() ?? '';
  const filter: repo.QueueFilter = {
    statuses,
    category: query.category ?? null,
    targetType: query.targetType ?? null,
    provinceCode: query.province ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
    search: q === '' ? null : foldAccents(q),
    exactTarget: q === '' ? null : exactTarget(q),
    caseNumber: /^(vv-?)?\d{1,9}$/i.test(q) ? Number(q.replace(/\D/g, '')) : null,
    assignee: query.assignee === 'none' ? { kind: 'none' } : query.assignee === 'me' && ctx.actor.type === 'user' ? { kind: 'user', id: ctx.actor.userId } : { kind: 'any' },
  };
  return repo.listQueue(db, scope, filter, { now: ctx.now, limit: query.limit, offset: query.offset });
}

function exactTarget(q: string): repo.TargetKey | null {
  try {
    const target = parseTarget(q);
    return target.type === 'text' ? null : { type: target.type, value: target.value };
  } catch (error) {
    if (error instanceof TargetError) return null;
    throw error;
  }
}

/** A case the caller may see, or the same 404 as a missing one. */
export async function loadCase(db: Db, scope: CaseScope, caseId: string, options: { forUpdate?: boolean } = {}): Promise<repo.CaseRow> {
  const found = /^[0-9a-f-]{36}$/i.test(caseId) ? await repo.findCase(db, caseId, options) : null;
  if (found === null) throw new AppError('NOT_FOUND');
  requireInScope(scope, found.provinceCode);
  return found;
}

/** Everything staff see on a case page, except the reports themselves (the reports module supplies those). */
export async function getCase(db: Db, ctx: Context, caseId: string) {
  const scope = requireCaseScope(ctx.actor, 'case.read');
  const found = await loadCase(db, scope, caseId);
  // One after the other: `db` may be a transaction's single connection.
  const targets = await repo.targetsOf(db, found.id);
  const events = await repo.eventsOf(db, found.id);
  const notes = await repo.notesOf(db, found.id);
  const decisions = await repo.decisionsOf(db, found.id);
  const suggestions = await repo.suggestionsFor(db, found.id);
  const others = await repo.findCases(db, suggestions.map((s) => (s.caseId === found.id ? s.otherCaseId : s.caseId)));
  const visible = new Map(others.filter((o) => scope.kind === 'all' || (o.provinceCode !== null && scope.codes.includes(o.provinceCode))).map((o) => [o.id, o]));
  const similar = suggestions.flatMap((s) => {
    const other = visible.get(s.caseId === found.id ? s.otherCaseId : s.caseId);
    return other === undefined ? [] : [{ case: other, similarity: s.similarity, reason: s.reason }];
  });
  return { case: found, targets, events, notes, decisions, similar };
}

/** Mark the first staff look at a case: it leaves "new" and reporters are told it is in review. */
export async function startReview(tx: Tx, ctx: Context, found: repo.CaseRow, events: EventBus): Promise<repo.CaseRow> {
  if (found.status !== 'new') return found.firstReviewedAt === null ? repo.updateCase(tx.db, found.id, { firstReviewedAt: ctx.now }) : found;
  const updated = await repo.updateCase(tx.db, found.id, { status: 'in_review', firstReviewedAt: found.firstReviewedAt ?? ctx.now, updatedAt: ctx.now });
  await publishPublicEvent(tx, events, updated, { kind: 'in_review', publicNote: null, decisionId: null }, ctx.now);
  return updated;
}

/** Write a line of the public history and announce it (the reports module emails reporters who left a contact). */
export async function publishPublicEvent(tx: Tx, events: EventBus, found: repo.CaseRow, line: { kind: string; publicNote: string | null; decisionId: string | null }, at: Date): Promise<void> {
  const event = await repo.insertEvent(tx.db, { caseId: found.id, kind: line.kind, publicNote: line.publicNote, decisionId: line.decisionId, at });
  await events.publish(tx, { type: 'case.public_event', aggregateId: found.id, payload: { caseId: found.id, eventId: event.id, kind: line.kind } }, at);
}

/**
 * A line of the public history written by another module (a platform acted on the case's target,
 * or declined to): reporters see it on their tracking page and are emailed like any public line.
 */
export async function noteCaseAction(tx: Tx, events: EventBus, caseId: string, line: { kind: 'action_taken' | 'action_declined'; publicNote: string }, at: Date): Promise<void> {
  const found = await repo.findCase(tx.db, caseId);
  if (found !== null) await publishPublicEvent(tx, events, found, { ...line, decisionId: null }, at);
}

/** Claim a case for oneself (and start its review). */
export async function claimCase(tx: Tx, ctx: Context, caseId: string, deps: { events: EventBus }): Promise<repo.CaseRow> {
  const scope = requireCaseScope(ctx.actor, 'case.triage');
  if (ctx.actor.type !== 'user') throw new AppError('FORBIDDEN', 'Only a person can claim a case.');
  const found = await loadCase(tx.db, scope, caseId, { forUpdate: true });
  const claimed = await repo.updateCase(tx.db, found.id, { assigneeId: ctx.actor.userId, assignedAt: ctx.now, updatedAt: ctx.now });
  const reviewed = await startReview(tx, ctx, claimed, deps.events);
  await recordAudit(tx.db, ctx, { orgId: auditOrg(ctx.actor), action: 'case.claimed', subjectType: 'case', subjectId: found.id, summary: { number: found.number } });
  return reviewed;
}

/** Assign cases to a member of staff who may triage them (null: unassign). */
export async function assignCases(tx: Tx, ctx: Context, caseIds: readonly string[], assigneeId: string | null): Promise<number> {
  const scope = requireCaseScope(ctx.actor, 'case.triage');
  let changed = 0;
  // Who may take cases of a province, looked up once per province of the batch.
  const eligible = new Map<string | null, Set<string>>();
  const mayTake = async (provinceCode: string | null) => {
    if (!eligible.has(provinceCode)) eligible.set(provinceCode, new Set((await staffFor(tx.db, 'case.triage', provinceCode)).map((s) => s.userId)));
    return eligible.get(provinceCode)?.has(assigneeId ?? '') === true;
  };
  for (const caseId of caseIds) {
    const found = await loadCase(tx.db, scope, caseId, { forUpdate: true });
    if (assigneeId !== null && !(await mayTake(found.provinceCode))) {
      throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'assignee', message: 'not a member of staff who can triage this case' }]);
    }
    await repo.updateCase(tx.db, found.id, { assigneeId, assignedAt: assigneeId === null ? null : ctx.now, updatedAt: ctx.now });
    await recordAudit(tx.db, ctx, { orgId: auditOrg(ctx.actor), action: 'case.assigned', subjectType: 'case', subjectId: found.id, summary: { number: found.number, assigneeId } });
    changed++;
  }
  return changed;
}

/** Who can be given this case. */
export async function assignableStaff(db: Db, ctx: Context, caseId: string) {
  const scope = requireCaseScope(ctx.actor, 'case.read');
  const found = await loadCase(db, scope, caseId);
  return staffFor(db, 'case.triage', found.provinceCode);
}

/** Add an internal note (staff only, never shown to reporters). */
export async function addNote(tx: Tx, ctx: Context, caseId: string, body: string): Promise<repo.CaseNoteRow> {
  const scope = requireCaseScope(ctx.actor, 'case.triage');
  const found = await loadCase(tx.db, scope, caseId);
  const author = actorName(ctx.actor);
  if (author.id === null) throw new AppError('FORBIDDEN', 'Only a person can write notes.');
  const note = await repo.insertNote(tx.db, { caseId: found.id, authorId: author.id, authorName: author.name, body, createdAt: ctx.now });
  await recordAudit(tx.db, ctx, { orgId: auditOrg(ctx.actor), action: 'case.note_added', subjectType: 'case', subjectId: found.id, summary: { number: found.number, noteId: note.id } });
  return note;
}

/** A reporter answered a question: the case comes back to staff with a flag. Called by the reports module. */
export async function reporterAnswered(tx: Tx, caseId: string, at: Date): Promise<void> {
  const found = await repo.findCase(tx.db, caseId, { forUpdate: true });
  if (found === null) return;
  const status: CaseStatus = found.status === 'more_info' ? 'in_review' : (found.status as CaseStatus);
  await repo.updateCase(tx.db, caseId, { status, hasNewInformation: true, updatedAt: at });
}

/** Refuse (404) unless the caller may read this case; for other modules' resources that belong to a case (evidence). */
export async function requireCaseVisible(db: Db, ctx: Context, caseId: string): Promise<void> {
  await loadCase(db, requireCaseScope(ctx.actor, 'case.read'), caseId);
}
