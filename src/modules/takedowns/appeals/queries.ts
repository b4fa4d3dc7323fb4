// What each side sees of an appeal. The appellant (by ticket): the status with what happens next,
// the decision's reason, and which published action it is about — never a name, a contact or who
// decided. Staff who decide: the appeal, its evidence, the request with its history and the
// statement of reasons. The contact is shown to nobody.
import { isUuid } from '../../../core/validate.ts';
import type { Db } from '../../../core/db.ts';
import { AppError } from '../../../core/errors.ts';
import { EvidenceError, type EvidenceStore } from '../../../core/files/index.ts';
import { organizationById, organizationsByIds, type Context } from '../../identity/index.ts';
import { eventsOf, findRequest, type EventRow, type RequestRow, type StatementRow } from '../repository.ts';
import { normalizeAppealTicket, type AppealStatus } from './model.ts';
import { appealScope, requireAppealDecider } from './policy.ts';
import * as repo from './repository.ts';
import type { AppealEvidenceRow, AppealRow } from './repository.ts';

type Decision = { reason: string; decidedAt: Date } | null;

function decisionOf(row: AppealRow): Decision {
  return row.status === 'received' || row.decidedAt === null ? null : { reason: row.decisionReason ?? '', decidedAt: row.decidedAt };
}

/** The appellant's view: the appeal, and the published statement it is about (public fields only). */
export type AppealTrackingView = {
  ticket: string;
  status: AppealStatus;
  submittedAt: Date;
  evidenceCount: number;
  decision: Decision;
  action: { statementId: string; platformName: string; action: string; appliedAt: Date };
};

/** The public status of an appeal by its ticket (typed loosely by a person); 404 when there is none. Public: the ticket is the key. */
export async function trackTakedownAppeal(db: Db, typed: string): Promise<AppealTrackingView> {
  const ticket = normalizeAppealTicket(typed);
  const row = ticket === null ? null : await repo.findByTicket(db, ticket);
  const statement = row === null ? null : await repo.statementById(db, row.statementId);
  const request = row === null ? null : await findRequest(db, row.requestId);
  if (row === null || statement === null || request === null) throw new AppError('NOT_FOUND');
  const counts = await repo.evidenceCounts(db, [row.id]);
  return {
    ticket: row.ticket,
    status: row.status as AppealStatus,
    submittedAt: row.createdAt,
    evidenceCount: counts.get(row.id) ?? 0,
    decision: decisionOf(row),
    action: { statementId: statement.id, platformName: statement.platformName, action: request.action, appliedAt: statement.applicationDate },
  };
}

/** One line of the staff queue. */
export type AppealSummary = {
  id: string;
  ticket: string;
  status: AppealStatus;
  requestId: string;
  requestNumber: number;
  recipientOrgId: string;
  recipientName: string;
  action: string;
  createdAt: Date;
  decidedAt: Date | null;
  evidenceCount: number;
};

/** The queue of the actor's authority (the national centre: every appeal): open ones first, oldest first. */
export async function listTakedownAppeals(db: Db, ctx: Context, options: { status: AppealStatus | null; limit: number; offset: number }): Promise<{ items: AppealSummary[]; total: number }> {
  const issuerOrgId = appealScope(ctx.actor);
  const { rows, total } = await repo.listAppeals(db, { ...options, issuerOrgId });
  const counts = await repo.evidenceCounts(
    db,
    rows.map((r) => r.id),
  );
  const names = new Map((await organizationsByIds(db, [...new Set(rows.map((r) => r.recipientOrgId))])).map((o) => [o.id, o.name]));
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      ticket: r.ticket,
      status: r.status as AppealStatus,
      requestId: r.requestId,
      requestNumber: r.requestNumber,
      recipientOrgId: r.recipientOrgId,
      recipientName: names.get(r.recipientOrgId) ?? '',
      action: r.action,
      createdAt: r.createdAt,
      decidedAt: r.decidedAt,
      evidenceCount: counts.get(r.id) ?? 0,
    })),
  };
}

/** Everything staff need to decide an appeal. */
export type AppealStaffView = {
  appeal: Omit<AppealRow, 'contactCiphertext'> & { status: AppealStatus; hasContact: boolean };
  evidence: AppealEvidenceRow[];
  request: RequestRow;
  recipientName: string;
  history: EventRow[];
  statement: StatementRow | null;
};

/** An appeal with its evidence, the request it is against with its history, and the statement of reasons. */
export async function takedownAppealDetail(db: Db, ctx: Context, appealId: string): Promise<AppealStaffView> {
  const row = isUuid(appealId) ? await repo.findAppeal(db, appealId) : null;
  const request = row === null ? null : await findRequest(db, row.requestId);
  requireAppealDecider(ctx.actor, request);
  if (row === null || request === null) throw new AppError('NOT_FOUND');
  const { contactCiphertext, ...appeal } = row;
  return {
    appeal: { ...appeal, status: row.status as AppealStatus, hasContact: contactCiphertext !== null },
    evidence: await repo.evidenceOf(db, row.id),
    request,
    recipientName: (await organizationById(db, request.recipientOrgId))?.name ?? '',
    history: await eventsOf(db, request.id),
    statement: await repo.statementById(db, row.statementId),
  };
}

/** An evidence file of an appeal, for those who decide it; the same 404 otherwise. The route audits the view. */
export async function readAppealEvidence(db: Db, ctx: Context, store: EvidenceStore, evidenceId: string): Promise<{ evidence: AppealEvidenceRow; bytes: Uint8Array }> {
  const found = isUuid(evidenceId) ? await repo.findEvidence(db, evidenceId) : null;
  const appeal = found === null ? null : await repo.findAppeal(db, found.appealId);
  const request = appeal === null ? null : await findRequest(db, appeal.requestId);
  requireAppealDecider(ctx.actor, request);
  if (found === null) throw new AppError('NOT_FOUND');
  try {
    return { evidence: found, bytes: await store.read(found.sha256) };
  } catch (error) {
    if (error instanceof EvidenceError) throw new AppError('NOT_FOUND');
    throw error;
  }
}
