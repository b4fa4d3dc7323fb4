// Who may read and decide appeals. The permission table allows authority analysts, supervisors
// and admins; appeals narrow that to the national authority. Granting an appeal revokes every
// source's listing of the value — imports, partners, cases of every province — and takes it out
// of every feed in the country, so only the authority that answers for the whole list decides.
import { AppError } from '../../../core/errors.ts';
import { can, effectiveMemberships, PERMISSIONS, requireAccess, type Actor } from '../../identity/index.ts';

function nationalDecider(actor: Actor): boolean {
  if (actor.type === 'system') return true;
  const rule = PERMISSIONS['appeal.decide'];
  return effectiveMemberships(actor).some((m) => m.orgScope === 'national' && rule.allow(m));
}

/** The authorisation step of every staff appeal use case: `appeal.decide` through a national authority membership. */
export function requireAppealDecider(actor: Actor): void {
  requireAccess(actor, 'appeal.decide');
  if (!nationalDecider(actor)) throw new AppError('FORBIDDEN', 'Appeals are decided by the national authority.');
}

/** Whether the actor may work on appeals (for showing links). */
export function mayDecideAppeals(actor: Actor): boolean {
  return can(actor, 'appeal.decide') && nationalDecider(actor);
}
