// Who may read and decide takedown appeals: supervisors and admins of the authority that issued the
// request (a province its own requests, the national centre every one, routed complaints included),
// as `takedown.appeal_decide` says. An appeal is seen by nobody else: not analysts, not the
// recipient organisation (it is told the outcome by a restore notice), not another province.
import { AppError } from '../../../core/errors.ts';
import { can, effectiveMemberships, requireAccess, type Actor } from '../../identity/index.ts';
import type { RequestRow } from '../repository.ts';

/** The issuing side as the policy sees it ('' for a routed complaint: national staff only). */
const issuerOf = (row: Pick<RequestRow, 'issuerOrgId'>) => row.issuerOrgId ?? '';

/**
 * The authorisation step of every use case on one appeal, given its request. Fails closed: staff
 * who do not follow the request get the same "not found" as for an appeal that does not exist;
 * those who follow it without the role (analysts) get 403.
 */
export function requireAppealDecider(actor: Actor, request: Pick<RequestRow, 'issuerOrgId'> | null): void {
  if (actor.type === 'anonymous') throw new AppError('UNAUTHENTICATED');
  if (request === null || !can(actor, 'takedown.read_issued', issuerOf(request))) throw new AppError('NOT_FOUND');
  requireAccess(actor, 'takedown.appeal_decide', issuerOf(request));
}

/** The authority whose requests' appeals the actor decides: null for the national centre (every one), its own id for a province. Anyone else is refused. */
export function appealScope(actor: Actor): string | null {
  const own = effectiveMemberships(actor).find((m) => m.orgKind === 'authority')?.orgId ?? '';
  requireAccess(actor, 'takedown.appeal_decide', own);
  return can(actor, 'takedown.appeal_decide', '') ? null : own;
}

/** Whether the actor decides any takedown appeals (for showing links). */
export function mayDecideTakedownAppeals(actor: Actor): boolean {
  const own = effectiveMemberships(actor).find((m) => m.orgKind === 'authority')?.orgId ?? '';
  return can(actor, 'takedown.appeal_decide', own);
}
