// Reading requests: the recipient's inbox (a cursor, filters; reading is what delivers a request),
// the issuer's follow-up list, one request with its history, and an organisation's own figures.
import type { Db } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import { isUuid } from '../../core/validate.ts';
import type { EvidenceStore } from '../../core/files/index.ts';
import { can, effectiveMemberships, requireAccess, type Context } from '../identity/index.ts';
import { markRequestsDelivered } from './answers.ts';
import { decodeCursor, encodeCursor } from '../../core/cursor.ts';
import { TAKEDOWN_LIMITS, type TakedownStatus } from './model.ts';
import { requireRequestVisible, sideOf } from './policy.ts';
import * as repo from './repository.ts';

export type ListQuery = { statuses?: readonly TakedownStatus[] | undefined; overdue?: boolean | undefined; action?: string | undefined; caseId?: string | undefined; cursor?: string | undefined; limit?: number | undefined };
export type RequestPage = { items: repo.RequestRow[]; nextCursor: string | null };

/** The recipient organisation's requests, newest first. Listing them delivers those not yet delivered. */
export async function listInbox(tx: Db, ctx: Context, orgId: string, query: ListQuery): Promise<RequestPage> {
  requireAccess(ctx.actor, 'takedown.receive', orgId);
  const page = await listPage(tx, { recipientOrgId: orgId, statuses: query.statuses, overdue: query.overdue, action: query.action }, query);
  const issued = page.items.filter((r) => r.status === 'issued').map((r) => r.id);
  const delivered = await markRequestsDelivered(tx, ctx, orgId, issued, 'inbox');
  return { ...page, items: page.items.map((r) => (delivered.has(r.id) ? { ...r, status: 'delivered', deliveredAt: ctx.now } : r)) };
}

/** Requests issued by the actor's authority (the national centre: every request), newest first. */
export async function listIssued(db: Db, ctx: Context, query: ListQuery): Promise<RequestPage> {
  const issuerOrgId = issuerScope(ctx);
  return listPage(db, { issuerOrgId, statuses: query.statuses, overdue: query.overdue, action: query.action, caseId: query.caseId }, query);
}

/** One request and its history, from either side. The recipient's first look delivers it. */
export async function requestDetail(tx: Db, ctx: Context, id: string): Promise<{ request: repo.RequestRow; events: repo.EventRow[]; evidence: repo.EvidenceRow[]; side: 'recipient' | 'issuer' }> {
  let request = requireRequestVisible(ctx.actor, await repo.findRequest(tx, id));
  const side = sideOf(ctx.actor, request);
  if (side === 'recipient' && request.status === 'issued' && (await markRequestsDelivered(tx, ctx, request.recipientOrgId, [id], 'inbox')).size > 0) {
    request = { ...request, status: 'delivered', deliveredAt: ctx.now };
  }
  const events = await repo.eventsOf(tx, id);
  return { request, events, evidence: await repo.evidenceOf(tx, id), side };
}

/** An evidence file of a request the actor may see (either side), with its bytes. */
export async function readRequestEvidence(db: Db, ctx: Context, store: EvidenceStore, evidenceId: string): Promise<{ evidence: repo.EvidenceRow; bytes: Uint8Array }> {
  const evidence = isUuid(evidenceId) ? await repo.findEvidence(db, evidenceId) : null;
  requireRequestVisible(ctx.actor, evidence === null ? null : await repo.findRequest(db, evidence.requestId));
  if (evidence === null) throw new AppError('NOT_FOUND');
  return { evidence, bytes: await store.read(evidence.sha256) };
}

/**
 * The authority whose requests the actor follows: null for national staff (every request), the
 * provincial authority's own id otherwise. Anyone else is refused.
 */
function issuerScope(ctx: Context): string | null {
  requireAccess(ctx.actor, 'takedown.read_issued', authorityOf(ctx) ?? '');
  return can(ctx.actor, 'takedown.read_issued', '') ? null : authorityOf(ctx);
}

function authorityOf(ctx: Context): string | null {
  return effectiveMemberships(ctx.actor).find((m) => m.orgKind === 'authority')?.orgId ?? null;
}

async function listPage(db: Db, filter: repo.RequestFilter, query: ListQuery): Promise<RequestPage> {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), TAKEDOWN_LIMITS.pageSize);
  const rows = await repo.listRequests(db, filter, decodeCursor(query.cursor), limit);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor({ at: last.issuedAt, id: last.id }) : null };
}
