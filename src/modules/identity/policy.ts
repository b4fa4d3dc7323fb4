import { AppError } from '../../core/errors.ts';
import type { Actor, Membership, Scope } from './model.ts';

/**
 * Every permission in one place. A rule answers: may this membership do this to
 * a resource of organisation `orgId`? National authority admins administer every
 * organisation; everyone else acts only inside their own.
 */
export const PERMISSIONS = {
  'org.create': { scope: 'org:write', allow: (m: Membership) => isNationalAdmin(m) },
  'org.list_all': { scope: 'org:read', allow: (m: Membership) => isNationalStaff(m) },
  'org.read': { scope: 'org:read', allow: (m: Membership, orgId: string) => isNationalStaff(m) || m.orgId === orgId },
  'org.update': { scope: 'org:write', allow: (m: Membership, orgId: string) => isNationalAdmin(m) || isOwnAdmin(m, orgId) },
  'user.read': { scope: 'users:read', allow: (m: Membership, orgId: string) => isNationalAdmin(m) || isOwnAdmin(m, orgId) },
  'user.manage': { scope: 'users:write', allow: (m: Membership, orgId: string) => isNationalAdmin(m) || isOwnAdmin(m, orgId) },
  'token.manage': { scope: 'tokens:write', allow: (m: Membership, orgId: string) => isNationalAdmin(m) || isOwnAdmin(m, orgId) },
  'rules.read': { scope: 'rules:read', allow: (m: Membership) => m.orgKind === 'authority' },
  'rules.write': { scope: 'rules:write', allow: (m: Membership) => isNationalAdmin(m) || isNationalSupervisor(m) },
  'audit.read_all': { scope: 'audit:read', allow: (m: Membership) => isNationalAdmin(m) || isNationalSupervisor(m) },
  'audit.read': { scope: 'audit:read', allow: (m: Membership, orgId: string) => isNationalAdmin(m) || isNationalSupervisor(m) || isOwnAdmin(m, orgId) },
  // Cases: authority staff only; which cases depends on the authority's province (cases/policy.ts narrows it).
  'case.read': { scope: 'cases:read', allow: (m: Membership) => m.orgKind === 'authority' },
  'case.triage': { scope: 'cases:write', allow: (m: Membership) => m.orgKind === 'authority' && (m.role === 'analyst' || m.role === 'supervisor' || m.role === 'admin') },
  'case.decide': { scope: 'cases:write', allow: (m: Membership) => m.orgKind === 'authority' && (m.role === 'analyst' || m.role === 'supervisor' || m.role === 'admin') },
  'case.approve': { scope: 'cases:write', allow: (m: Membership) => m.orgKind === 'authority' && (m.role === 'supervisor' || m.role === 'admin') },
  // Reputation (tín nhiệm mạng): authority staff list, import, revoke and decide appeals; national
  // supervisors and admins decide trust badges. Telecoms (and the authority) read the blocking list.
  'indicator.read': { scope: 'indicators:read', allow: (m: Membership) => m.orgKind === 'authority' },
  'indicator.manage': { scope: 'indicators:write', allow: (m: Membership) => m.orgKind === 'authority' && (m.role === 'analyst' || m.role === 'supervisor' || m.role === 'admin') },
  'indicator.import': { scope: 'indicators:write', allow: (m: Membership) => isNationalAuthority(m) && (m.role === 'supervisor' || m.role === 'admin') },
  'appeal.decide': { scope: 'indicators:write', allow: (m: Membership) => m.orgKind === 'authority' && (m.role === 'analyst' || m.role === 'supervisor' || m.role === 'admin') },
  'trust.review': { scope: 'trust:write', allow: (m: Membership) => isNationalAuthority(m) && (m.role === 'analyst' || m.role === 'supervisor' || m.role === 'admin') },
  'trust.decide': { scope: 'trust:write', allow: (m: Membership) => isNationalAuthority(m) && (m.role === 'supervisor' || m.role === 'admin') },
  'feed.blocking': { scope: 'feeds:read', allow: (m: Membership) => m.orgKind === 'telecom' || m.orgKind === 'authority' },
  'feed.report_deployment': { scope: 'feeds:read', allow: (m: Membership, orgId: string) => m.orgKind === 'telecom' && m.orgId === orgId },
  'feed.deployments_read': { scope: 'feeds:read', allow: (m: Membership) => isNationalAuthority(m) },
  // Takedowns: authority staff issue and follow requests (a province its own organisation's, the
  // national centre every one); a recipient organisation reads and answers its own, never another's.
  'takedown.issue': { scope: 'takedowns:write', allow: (m: Membership) => m.orgKind === 'authority' && (m.role === 'analyst' || m.role === 'supervisor' || m.role === 'admin') },
  'takedown.read_issued': { scope: 'takedowns:read', allow: (m: Membership, orgId: string) => isNationalAuthority(m) || (m.orgKind === 'authority' && m.orgId === orgId) },
  'takedown.withdraw': { scope: 'takedowns:write', allow: (m: Membership, orgId: string) => (isNationalAuthority(m) || (m.orgKind === 'authority' && m.orgId === orgId)) && (m.role === 'supervisor' || m.role === 'admin') },
  'takedown.appeal_decide': { scope: 'takedowns:write', allow: (m: Membership, orgId: string) => (isNationalAuthority(m) || (m.orgKind === 'authority' && m.orgId === orgId)) && (m.role === 'supervisor' || m.role === 'admin') },
  'takedown.receive': { scope: 'takedowns:read', allow: (m: Membership, orgId: string) => m.orgKind !== 'authority' && m.orgId === orgId },
  'takedown.respond': { scope: 'takedowns:write', allow: (m: Membership, orgId: string) => m.orgKind !== 'authority' && m.orgId === orgId && (m.role === 'responder' || m.role === 'org_admin') },
  'operated_domains.manage': { scope: 'org:write', allow: (m: Membership, orgId: string) => isNationalAdmin(m) || (m.orgKind === 'platform' && isOwnAdmin(m, orgId)) },
  // Alerts: authority staff write advisories; a supervisor or admin who did not write one approves
  // it (the service checks the author). National supervisors and admins see every notification and
  // retry dead letters; an organisation's admins manage where its own notices go.
  'advisory.write': { scope: 'advisories:write', allow: (m: Membership) => m.orgKind === 'authority' && (m.role === 'analyst' || m.role === 'supervisor' || m.role === 'admin') },
  'advisory.approve': { scope: 'advisories:write', allow: (m: Membership) => m.orgKind === 'authority' && (m.role === 'supervisor' || m.role === 'admin') },
  'notifications.read_all': { scope: 'notifications:read', allow: (m: Membership) => isNationalAdmin(m) || isNationalSupervisor(m) },
  'notifications.retry': { scope: 'notifications:write', allow: (m: Membership) => isNationalAdmin(m) || isNationalSupervisor(m) },
  'org_notifications.manage': { scope: 'org:write', allow: (m: Membership, orgId: string) => isNationalAdmin(m) || (m.orgKind !== 'authority' && isOwnAdmin(m, orgId)) },
} as const satisfies Record<string, { scope: Scope; allow: (m: Membership, orgId: string) => boolean }>;

export type Permission = keyof typeof PERMISSIONS;

function isNationalAuthority(m: Membership): boolean {
  return m.orgKind === 'authority' && m.orgScope === 'national';
}
function isNationalAdmin(m: Membership): boolean {
  return isNationalAuthority(m) && m.role === 'admin';
}
function isNationalSupervisor(m: Membership): boolean {
  return isNationalAuthority(m) && m.role === 'supervisor';
}
function isNationalStaff(m: Membership): boolean {
  return isNationalAuthority(m);
}
function isOwnAdmin(m: Membership, orgId: string): boolean {
  return m.orgId === orgId && (m.role === 'admin' || m.role === 'org_admin');
}

/** The memberships an actor may act through right now (authority roles need a verified second factor). */
export function effectiveMemberships(actor: Actor): Membership[] {
  if (actor.type === 'user') {
    return actor.memberships.filter((m) => m.orgKind !== 'authority' || actor.twoFactorVerified);
  }
  if (actor.type === 'token') return [actor.membership];
  return [];
}

/** Whether the actor holds `permission` on a resource of organisation `orgId` (empty string for global ones). */
export function can(actor: Actor, permission: Permission, orgId = ''): boolean {
  if (actor.type === 'system') return true;
  const rule = PERMISSIONS[permission];
  if (actor.type === 'token' && !actor.scopes.includes(rule.scope)) return false;
  return effectiveMemberships(actor).some((m) => rule.allow(m, orgId));
}

/**
 * The one authorisation step at the top of a use case. Fails closed: for a
 * resource in an organisation the caller cannot see, the answer is the same
 * "not found" whether it exists or not.
 */
export function requireAccess(actor: Actor, permission: Permission, orgId = ''): void {
  if (actor.type === 'anonymous') throw new AppError('UNAUTHENTICATED');
  if (can(actor, permission, orgId)) return;
  if (actor.type === 'token' && !actor.scopes.includes(PERMISSIONS[permission].scope)) {
    const visible = orgId === '' || actor.membership.orgId === orgId;
    if (visible) throw new AppError('SCOPE_MISSING', undefined, [{ message: `needs scope ${PERMISSIONS[permission].scope}` }]);
  }
  if (orgId !== '' && !can(actor, 'org.read', orgId)) throw new AppError('NOT_FOUND');
  throw new AppError('FORBIDDEN');
}
