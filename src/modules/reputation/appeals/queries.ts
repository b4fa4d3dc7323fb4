// What each side sees of an appeal. The appellant (by ticket): the status, the decision and its
// reason — never a name, a contact or who decided. Staff (national authority): the appeal, its
// evidence and every listing of the value with its history. The contact is shown to nobody.
import type { Db } from '../../../core/db.ts';
import { AppError } from '../../../core/errors.ts';
import { EvidenceError, type EvidenceStore } from '../../../core/files/index.ts';
import type { Context } from '../../identity/index.ts';
import * as indicators from '../repository.ts';
import type { IndicatorChangeRow, IndicatorRow } from '../repository.ts';
import { normalizeAppealTicket, type AppealGround, type AppealStatus } from './model.ts';
import { requireAppealDecider } from './policy.ts';
import * as repo from './repository.ts';
import type { AppealEvidenceRow, AppealRow } from './repository.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The appellant's view. */
export type AppealTrackingView = {
  ticket: string;
  status: AppealStatus;
  type: string;
  value: string;
  ground: AppealGround;
  submittedAt: Date;
  evidenceCount: number;
  decision: { reason: string; decidedAt: Date } | null;
};

function decisionOf(row: AppealRow): { reason: string; decidedAt: Date } | null {
  return row.status === 'received' || row.decidedAt === null ? null : { reason: row.decisionReason ?? '', decidedAt: row.decidedAt };
}

/** The public status of an appeal by its ticket (typed loosely by a person); 404 when there is none. Public: the ticket is the key. */
export async function trackAppeal(db: Db, typed: string): Promise<AppealTrackingView> {
  const ticket = normalizeAppealTicket(typed);
  const row = ticket === null ? null : await repo.findByTicket(db, ticket);
  if (row === null) throw new AppError('NOT_FOUND');
  const counts = await repo.evidenceCounts(db, [row.id]);
  return {
    ticket: row.ticket,
    status: row.status as AppealStatus,
    type: row.type,
    value: row.value,
    ground: row.ground as AppealGround,
    submittedAt: row.createdAt,
    evidenceCount: counts.get(row.id) ?? 0,
    decision: decisionOf(row),
  };
}

/** One line of the staff queue. */
export type AppealSummary = { id: string; ticket: string; status: AppealStatus; type: string; value: string; ground: AppealGround; createdAt: Date; decidedAt: Date | null; evidenceCount: number };

/** The staff queue: open appeals first, oldest first; then decided ones. */
export async function listAppeals(db: Db, ctx: Context, options: { status: AppealStatus | null; limit: number; offset: number }): Promise<{ items: AppealSummary[]; total: number }> {
  requireAppealDecider(ctx.actor);
  const { rows, total } = await repo.listAppeals(db, options);
  const counts = await repo.evidenceCounts(
    db,
    rows.map((r) => r.id),
  );
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      ticket: r.ticket,
      status: r.status as AppealStatus,
      type: r.type,
      value: r.value,
      ground: r.ground as AppealGround,
      createdAt: r.createdAt,
      decidedAt: r.decidedAt,
      evidenceCount: counts.get(r.id) ?? 0,
    })),
  };
}

/** A listing of the appealed value as staff weigh it. */
export type ListingView = IndicatorRow & { history: IndicatorChangeRow[] };

/** Everything staff need to decide an appeal. */
export type AppealStaffView = {
  appeal: Omit<AppealRow, 'contactCiphertext'> & { status: AppealStatus; ground: AppealGround; hasContact: boolean };
  evidence: AppealEvidenceRow[];
  listings: ListingView[];
  otherAppeals: { id: string; status: AppealStatus; createdAt: Date }[];
};

/** An appeal with its evidence, every listing of its value (any source, any status) and their history. */
export async function appealDetail(db: Db, ctx: Context, appealId: string): Promise<AppealStaffView> {
  requireAppealDecider(ctx.actor);
  const row = UUID.test(appealId) ? await repo.findAppeal(db, appealId) : null;
  if (row === null) throw new AppError('NOT_FOUND');
  const { contactCiphertext, ...appeal } = row;
  const evidence = await repo.evidenceOf(db, row.id);
  const listings: ListingView[] = [];
  // One after the other: `db` may be a transaction's single connection.
  for (const listing of await indicators.indicatorsOfValue(db, row.type, row.value)) listings.push({ ...listing, history: await indicators.historyOf(db, listing.id) });
  const others = await repo.appealsOfValue(db, row.type, row.value, row.id);
  return {
    appeal: { ...appeal, status: row.status as AppealStatus, ground: row.ground as AppealGround, hasContact: contactCiphertext !== '' },
    evidence,
    listings,
    otherAppeals: others.map((o) => ({ id: o.id, status: o.status as AppealStatus, createdAt: o.createdAt })),
  };
}

/** An evidence file of an appeal, for staff who decide appeals; the same 404 otherwise. The route audits the view. */
export async function readAppealEvidence(db: Db, ctx: Context, store: EvidenceStore, evidenceId: string): Promise<{ evidence: AppealEvidenceRow; bytes: Uint8Array }> {
  requireAppealDecider(ctx.actor);
  const found = UUID.test(evidenceId) ? await repo.findEvidence(db, evidenceId) : null;
  if (found === null) throw new AppError('NOT_FOUND');
  try {
    return { evidence: found, bytes: await store.read(found.sha256) };
  } catch (error) {
    if (error instanceof EvidenceError) throw new AppError('NOT_FOUND');
    throw error;
  }
}
