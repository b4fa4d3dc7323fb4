import { AppError } from '../../core/errors.ts';
import { can, effectiveMemberships, PERMISSIONS, requireAccess, type Actor, type Permission } from '../identity/index.ts';

/** Which cases an actor may see: all (national authority, system), or those of some provinces. */
export type CaseScope = { kind: 'all' } | { kind: 'provinces'; codes: string[] };

type CasePermission = Extract<Permission, `case.${string}`>;

/**
 * The one authorisation step for case use cases: fails like requireAccess,
 * then narrows to the provinces the caller's authority covers. A provincial
 * authority sees its province's cases; the national authority sees all;
 * platforms, telecoms, agencies and assessors see none.
 */
export function requireCaseScope(actor: Actor, permission: CasePermission): CaseScope {
  requireAccess(actor, permission);
  if (actor.type === 'system') return { kind: 'all' };
  const rule = PERMISSIONS[permission];
  const allowed = effectiveMemberships(actor).filter((m) => rule.allow(m));
  if (allowed.some((m) => m.orgScope === 'national')) return { kind: 'all' };
  return { kind: 'provinces', codes: allowed.flatMap((m) => (m.provinceCode === null ? [] : [m.provinceCode])) };
}

/** Whether a case of `provinceCode` lies within the scope. */
export function inScope(scope: CaseScope, provinceCode: string | null): boolean {
  return scope.kind === 'all' || (provinceCode !== null && scope.codes.includes(provinceCode));
}

/** Refuse a case outside the scope with the same 404 as a missing one. */
export function requireInScope(scope: CaseScope, provinceCode: string | null): void {
  if (!inScope(scope, provinceCode)) throw new AppError('NOT_FOUND');
}

/** Whether the actor may use a case permission at all (for showing links and buttons). */
export function mayUseCases(actor: Actor, permission: CasePermission): boolean {
  return can(actor, permission);
}
