// Who may see and act on an advisory. Staff work on their own authority's advisories (the national
// centre reads and reviews every one); a published advisory reaches everyone, or only the members
// of the organisation (or kind of organisation) it is aimed at. Anything else is "not found".
import { AppError } from '../../../core/errors.ts';
import { effectiveMemberships, PERMISSIONS, requireAccess, type Actor, type Membership, type Permission } from '../../identity/index.ts';
import type { AdvisoryRow, Readership } from './repository.ts';

type Row = Pick<AdvisoryRow, 'status' | 'audience' | 'audienceOrgKind' | 'audienceOrgId' | 'authorOrgId'>;

/** The organisations and kinds a reader belongs to (none for anonymous visitors). */
export function readershipOf(actor: Actor): Readership {
  const memberships = effectiveMemberships(actor);
  return { orgIds: [...new Set(memberships.map((m) => m.orgId))], orgKinds: [...new Set(memberships.map((m) => m.orgKind))] };
}

/** Whether a published advisory's audience includes the reader. */
export function reachesReader(row: Row, readership: Readership): boolean {
  if (row.audience === 'public') return true;
  if (row.audience === 'org_kind') return row.audienceOrgKind !== null && readership.orgKinds.includes(row.audienceOrgKind);
  return row.audience === 'org' && row.audienceOrgId !== null && readership.orgIds.includes(row.audienceOrgId);
}

/**
 * Whether the actor holds `permission` through a membership that covers the advisory's authority:
 * its own, or (when `national` is allowed) the national centre. One membership must give both, so a
 * user who is an analyst here and a supervisor elsewhere cannot combine them.
 */
export function holds(actor: Actor, permission: Permission, authorOrgId: string, national: boolean): boolean {
  if (actor.type === 'system') return true;
  const rule = PERMISSIONS[permission];
  const allow: (m: Membership, orgId: string) => boolean = rule.allow;
  if (actor.type === 'token' && !actor.scopes.includes(rule.scope)) return false;
  return effectiveMemberships(actor).some((m) => m.orgKind === 'authority' && allow(m, authorOrgId) && (m.orgId === authorOrgId || (national && m.orgScope === 'national')));
}

/** The authorities whose advisories the actor manages: null for the national centre (every one). */
export function managedAuthorities(actor: Actor): string[] | null {
  if (actor.type === 'system') return null;
  const staff = effectiveMemberships(actor).filter((m) => m.orgKind === 'authority' && PERMISSIONS['advisory.write'].allow(m));
  if (staff.some((m) => m.orgScope === 'national')) return null;
  return [...new Set(staff.map((m) => m.orgId))];
}

/** Whether the actor may read the advisory in the staff views (any status). */
export function mayManage(actor: Actor, row: Row): boolean {
  return holds(actor, 'advisory.write', row.authorOrgId, true);
}

/** Whether the actor may read the advisory as a reader: published and aimed at them, or theirs to manage. */
export function mayRead(actor: Actor, row: Row): boolean {
  return (row.status === 'published' && reachesReader(row, readershipOf(actor))) || mayManage(actor, row);
}

/** The staff step at the top of a use case: the permission at all, then this advisory in reach, failing closed. */
export function requireStaffStep(actor: Actor, permission: Permission, row: AdvisoryRow | null, national: boolean): AdvisoryRow {
  requireAccess(actor, permission);
  if (row === null || !mayManage(actor, row)) throw new AppError('NOT_FOUND');
  if (!holds(actor, permission, row.authorOrgId, national)) throw new AppError('FORBIDDEN');
  return row;
}

/** The state a step needs, or a 409 saying where the advisory is. */
export function requireStatus(row: AdvisoryRow, ...allowed: AdvisoryRow['status'][]): void {
  if (!allowed.includes(row.status)) throw new AppError('CONFLICT', `This advisory is ${row.status}; this step needs it ${allowed.join(' or ')}.`);
}
