// Who may see and act on a request. A request belongs to two organisations: the recipient (reads
// and answers) and the issuer (follows, withdraws; the national centre follows every one).
import { AppError } from '../../core/errors.ts';
import { can, requireAccess, type Actor } from '../identity/index.ts';
import type { RequestRow } from './repository.ts';

/** The issuing side's organisation id as the policy sees it ('' for a routed complaint: national staff only). */
const issuerOf = (row: Pick<RequestRow, 'issuerOrgId'>) => row.issuerOrgId ?? '';

/** Whether the actor may read this request (either side). */
export function maySeeRequest(actor: Actor, row: Pick<RequestRow, 'issuerOrgId' | 'recipientOrgId'>): boolean {
  return can(actor, 'takedown.receive', row.recipientOrgId) || can(actor, 'takedown.read_issued', issuerOf(row));
}

/** Fail closed: a request the actor may not read is "not found", whether it exists or not. */
export function requireRequestVisible(actor: Actor, row: RequestRow | null): RequestRow {
  if (actor.type === 'anonymous') throw new AppError('UNAUTHENTICATED');
  if (row === null || !maySeeRequest(actor, row)) throw new AppError('NOT_FOUND');
  return row;
}

/** The recipient's answering step: visible, and a responder or admin of the recipient. */
export function requireRespond(actor: Actor, row: RequestRow | null): RequestRow {
  const visible = requireRequestVisible(actor, row);
  requireAccess(actor, 'takedown.respond', visible.recipientOrgId);
  return visible;
}

/** The issuer's withdrawal: visible, and a supervisor or admin of the issuer (or national). */
export function requireWithdraw(actor: Actor, row: RequestRow | null): RequestRow {
  const visible = requireRequestVisible(actor, row);
  requireAccess(actor, 'takedown.withdraw', issuerOf(visible));
  return visible;
}

/** Which side the actor reads a request from: the recipient's inbox or the issuer's follow-up. */
export function sideOf(actor: Actor, row: Pick<RequestRow, 'issuerOrgId' | 'recipientOrgId'>): 'recipient' | 'issuer' {
  return can(actor, 'takedown.receive', row.recipientOrgId) ? 'recipient' : 'issuer';
}
