/** The identity module's public surface. */
export * from './model.ts';
export { can, requireAccess, effectiveMemberships, PERMISSIONS, type Permission } from './policy.ts';
export { createOrganization, updateOrganization, getOrganization, listOrganizations, type CreateOrganizationInput } from './organizations.ts';
export { createUser, listMembers, removeMember, generatePassword, staffFor, MIN_PASSWORD_LENGTH } from './members.ts';
export { createToken, listTokens, revokeToken, authenticateToken, type TokenView } from './tokens.ts';
export { login, logout, resolveSession, beginTotpEnrolment, verifyTwoFactor, changePassword, type SessionState } from './auth.ts';
export { bootstrapAdmin, type BootstrapResult } from './bootstrap.ts';
export { auditActor, recordAudit, queuedAuditStatement, actorName, auditOrg } from './audit-trail.ts';
export type { OrganizationRow, MemberRow } from './repository.ts';
export { requireUserPage, requireSession } from './page-guard.ts';
/** Organisations by id for other modules (no access check: callers check their own permission first). */
export { findOrganization as organizationById, listOrganizations as organizationsByIds, supervisorsOf } from './repository.ts';
